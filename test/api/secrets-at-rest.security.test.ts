// Flaw guarded: second-factor secrets readable from a copy of the database (SECURITY.md
// rules 1, 10 and 17). A stolen backup or volume must not yield the TOTP seed (which
// would mint codes forever), a backup code or a live session token: TOTP secrets are
// sealed with AES-256-GCM under TWOFOLD_SECRET_KEY, backup codes and session tokens
// stored only as (keyed) hashes. Every file of the SQLite folder is searched as bytes,
// WAL and shared-memory files included, while the server runs and after it closed
// (checkpointed into the main file).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../src/domain/base32.js';
import {
  signUpWithTOTP,
  startSignIn,
  startTestServer,
  type TestServer,
  totpCode,
} from '../helpers/server.js';

let server: TestServer;
let closed = false;
const needles: Array<{ what: string; bytes: Buffer }> = [];

function addText(what: string, value: string) {
  needles.push({ what, bytes: Buffer.from(value, 'utf8') });
  // SQLite may hold TEXT as UTF-16 in some encodings; look for that too.
  needles.push({ what: `${what} (utf16le)`, bytes: Buffer.from(value, 'utf16le') });
}

function addBackupCode(what: string, code: string) {
  const bare = code.replace('-', '');
  for (const form of new Set([code, bare, code.toUpperCase(), bare.toUpperCase()])) addText(what, form);
}

function folderFiles(): Array<{ name: string; data: Buffer }> {
  return readdirSync(server.dataDir).map((name) => ({
    name,
    data: readFileSync(join(server.dataDir, name)),
  }));
}

function leaks(): string[] {
  const found: string[] = [];
  for (const file of folderFiles()) {
    for (const needle of needles)
      if (file.data.includes(needle.bytes)) found.push(`${needle.what} in ${file.name}`);
  }
  return found;
}

beforeAll(async () => {
  const masterKey = randomBytes(32);
  server = await startTestServer({ env: { TWOFOLD_SECRET_KEY: masterKey.toString('base64') } });
  addText('TWOFOLD_SECRET_KEY (base64)', masterKey.toString('base64'));
  needles.push({ what: 'TWOFOLD_SECRET_KEY (raw bytes)', bytes: masterKey });
  const user = await signUpWithTOTP(server);
  addText('password', user.password);
  addText('session token (sign-up)', user.token);

  const raw = decodeBase32(user.secret);
  expect(raw.length).toBe(20);
  addText('TOTP secret (base32)', user.secret);
  addText('TOTP secret (base32, lower case)', user.secret.toLowerCase());
  addText('TOTP secret (hex)', raw.toString('hex'));
  addText('TOTP secret (HEX)', raw.toString('hex').toUpperCase());
  addText('TOTP secret (base64)', raw.toString('base64'));
  addText('TOTP secret (base64url)', raw.toString('base64url'));
  needles.push({ what: 'TOTP secret (raw bytes)', bytes: raw });
  for (const code of user.backupCodes) addBackupCode('backup code', code);

  // A second authenticator set up but never confirmed: its secret is sealed as well.
  const pendingSetup = await server.request('POST', '/api/mfa/totp/setup', { token: user.token, body: {} });
  expect(pendingSetup.status).toBe(200);
  addText('pending TOTP secret (base32)', pendingSetup.body.secret);
  needles.push({ what: 'pending TOTP secret (raw bytes)', bytes: decodeBase32(pendingSetup.body.secret) });

  // A full sign-in: mfaToken and the new session token.
  const mfaToken = await startSignIn(server, user);
  addText('mfaToken', mfaToken);
  const verify = await server.request('POST', '/api/auth/mfa/verify', {
    body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
  });
  expect(verify.status).toBe(200);
  addText('session token (TOTP login)', verify.body.session.token);

  // A fresh set of backup codes.
  const regenerated = await server.request('POST', '/api/mfa/backup-codes', { token: user.token });
  expect(regenerated.status).toBe(200);
  for (const code of regenerated.body.backupCodes as string[]) addBackupCode('regenerated backup code', code);

  // One of them used (a used code must not be stored readable either).
  const mfa2 = await startSignIn(server, user);
  addText('mfaToken 2', mfa2);
  const used = await server.request('POST', '/api/auth/mfa/verify', {
    body: { mfaToken: mfa2, method: 'backup_code', code: regenerated.body.backupCodes[0] },
  });
  expect(used.status).toBe(200);
  addText('session token (backup-code login)', used.body.session.token);
});

afterAll(async () => {
  if (!closed) await server.close();
});

describe('the database folder holds no readable secret', () => {
  it('the folder holds the database (sanity: the search reads real data)', () => {
    const files = folderFiles();
    expect(files.map((f) => f.name)).toContain('twofold.db');
    const all = Buffer.concat(files.map((f) => f.data));
    // The user's email is stored in clear, so a needle that should be found is found.
    expect(all.includes(Buffer.from('@example.com'))).toBe(true);
  });

  it('while the server runs (main file + WAL)', () => {
    expect(leaks()).toEqual([]);
  });

  it('after the server closed and the WAL was checkpointed', async () => {
    // Close without deleting the folder, read it, then clean up by hand.
    await server.app.close();
    await server.stores.database.close();
    closed = true;
    try {
      expect(leaks()).toEqual([]);
    } finally {
      rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});
