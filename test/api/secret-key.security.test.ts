// Flaws guarded (issue 11): a wrong or missing key started silently. Restoring a backup without
// TWOFOLD_SECRET_KEY generated a new key beside it, /readyz said 200, every TOTP verify answered
// 500 — and those 500s counted toward the user's lockout. Now: a key check value is stored at
// first start; a key that cannot open it refuses to start while factors exist (clear message,
// non-zero exit); no key is generated for a database holding factors; a secret that cannot be
// opened is a server fault that does not count against the user. And keys rotate online.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { Keyring } from '../../src/crypto/keyring.js';
import { hashPassword } from '../../src/crypto/passwords.js';
import { createLogger } from '../../src/logger.js';
import { checkSecretKey, KEY_CHECK_SETTING, rotateSecretKey } from '../../src/services/admin/secret-keys.js';
import { PROJECT_ROOT } from '../helpers/instances.js';
import { type SeededUser, seedUserWithTOTP } from '../helpers/seed.js';
import { signUpWithTOTP, startSignIn, startTestServer, totpCode } from '../helpers/server.js';
import { backendsUnderTest } from '../helpers/services.js';

const run = promisify(execFile);
const silent = createLogger('silent');
const newKey = () => randomBytes(32).toString('base64');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sqliteDir(): { dir: string; url: string } {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-key-'));
  dirs.push(dir);
  return { dir, url: `sqlite:${join(dir, 'twofold.db')}` };
}

/** Opens the database under `env`, seeds one user with a sealed TOTP secret, closes. */
async function seedFactor(env: Record<string, string>): Promise<void> {
  const { stores, keyring } = await openStores(loadConfig(env), silent);
  await seedUserWithTOTP(stores, keyring, { passwordHash: 'x', password: 'x', now: new Date() });
  await stores.close();
}

describe('the key is checked at start', () => {
  it('a wrong key: the server refuses to start with a clear message and a non-zero exit', async () => {
    const { url } = sqliteDir();
    await seedFactor({ DATABASE_URL: url, TWOFOLD_SECRET_KEY: newKey() });
    const started = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, TWOFOLD_SECRET_KEY: newKey(), PORT: '0' },
      timeout: 60_000,
    });
    await expect(started).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('TWOFOLD_SECRET_KEY does not match this database'),
    });
  }, 60_000);

  it('a missing key file beside a database with factors: refuses, and generates no key', async () => {
    const { dir, url } = sqliteDir();
    await seedFactor({ DATABASE_URL: url }); // generates secret.key on first start
    const keyFile = join(dir, 'secret.key');
    expect(existsSync(keyFile)).toBe(true);
    unlinkSync(keyFile); // a restore that forgot the key
    await expect(openStores(loadConfig({ DATABASE_URL: url }), silent)).rejects.toThrow(
      /secret\.key is missing, but the database holds second factors/,
    );
    expect(existsSync(keyFile)).toBe(false);
  });

  it('the right key starts; a database from before the check value proves the key on its secrets', async () => {
    const { url } = sqliteDir();
    const key = newKey();
    await seedFactor({ DATABASE_URL: url, TWOFOLD_SECRET_KEY: key });
    const opened = await openStores(loadConfig({ DATABASE_URL: url, TWOFOLD_SECRET_KEY: key }), silent);
    expect(await opened.stores.settings.getValue(KEY_CHECK_SETTING)).toMatch(/^v2\./);
    // As an older version left it: no check value.
    await opened.stores.database.db.deleteFrom('settings').where('key', '=', KEY_CHECK_SETTING).execute();
    await opened.stores.close();
    await expect(
      openStores(loadConfig({ DATABASE_URL: url, TWOFOLD_SECRET_KEY: newKey() }), silent),
    ).rejects.toThrow(/does not match this database/);
    const again = await openStores(loadConfig({ DATABASE_URL: url, TWOFOLD_SECRET_KEY: key }), silent);
    expect(await again.stores.settings.getValue(KEY_CHECK_SETTING)).not.toBeNull();
    await again.stores.close();
  });
});

describe('a secret the key cannot open', () => {
  it('answers 500 and does not count toward the lockout', async () => {
    const server = await startTestServer();
    try {
      const user = await signUpWithTOTP(server);
      // The stored secret now opens under no configured key (damaged, or sealed elsewhere).
      const foreign = new Keyring(randomBytes(32)).seal(randomBytes(20), user.factorId);
      await server.stores.database.db
        .updateTable('factors')
        .set({ secret_enc: foreign })
        .where('id', '=', user.factorId)
        .execute();
      const limits = (await server.stores.settings.getPolicy()).limits;
      const mfaToken = await startSignIn(server, user);
      for (let i = 0; i < limits.maxConsecutiveFailures + 2; i++) {
        const res = await server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
        });
        expect(res.status).toBe(500);
        expect(res.body.error.code).toBe('internal_error');
      }
      const after = (await server.stores.users.findById(user.userId))!;
      expect(after.failedAttempts).toBe(0);
      expect(after.lockedUntil).toBeNull();
      // Neither the account nor the pending sign-in was used up: a backup code still finishes it.
      const backup = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'backup_code', code: user.backupCodes[0] },
      });
      expect(backup.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

const STORES = await backendsUnderTest('key rotation', ['sqlite', 'postgres']);

for (const backend of STORES) {
  describe(`key rotation on ${backend}`, () => {
    it('re-seals every secret under the new key in batches while sign-ins go on; the old key can then go', async () => {
      const oldKey = newKey();
      const nextKey = newKey();
      const oldKeyring = Keyring.fromBase64(oldKey);
      const server = await startTestServer({
        database: backend,
        env: { TWOFOLD_SECRET_KEY: '', TWOFOLD_SECRET_KEYS: `${nextKey},${oldKey}` },
      });
      try {
        const passwordHash = await hashPassword('correct horse battery staple');
        const users: SeededUser[] = [];
        for (let i = 0; i < 23; i++)
          users.push(
            await seedUserWithTOTP(server.stores, oldKeyring, {
              passwordHash,
              password: 'correct horse battery staple',
              now: server.clock.now(),
            }),
          );
        const keyring = server.ctx.keyring;
        const signIn = async (user: SeededUser) => {
          const mfaToken = await startSignIn(server, user);
          return server.request('POST', '/api/auth/mfa/verify', {
            body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
          });
        };
        // Online: sign-ins run while the rotation walks the table.
        const [report, ...answers] = await Promise.all([
          rotateSecretKey(
            { stores: server.stores, keyring, now: server.clock.now, log: silent },
            { batchSize: 5 },
          ),
          ...users.slice(0, 6).map(signIn),
        ]);
        expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
        expect(report.unreadable).toEqual([]);
        expect(report.resealed).toBe(23);
        const sealed = await server.stores.factors.listSealed(null, 1000);
        expect(sealed.every((f) => keyring.isSealedWithCurrentKey(f.secretSealed))).toBe(true);

        // The new key alone opens everything; the old key alone is refused at start.
        const onlyNew = Keyring.fromBase64(nextKey);
        await expect(
          checkSecretKey({ stores: server.stores, keyring: onlyNew, now: server.clock.now, log: silent }),
        ).resolves.toBeUndefined();
        for (const f of sealed) expect(onlyNew.open(f.secretSealed, f.id)).toHaveLength(20);
        await expect(
          checkSecretKey({ stores: server.stores, keyring: oldKeyring, now: server.clock.now, log: silent }),
        ).rejects.toThrow(/does not match this database/);

        // A second run finds nothing left to do; sign-ins still work.
        const rerun = await rotateSecretKey(
          { stores: server.stores, keyring, now: server.clock.now, log: silent },
          { batchSize: 5 },
        );
        expect(rerun).toMatchObject({ resealed: 0, alreadyCurrent: 23 });
        server.clock.advanceSeconds(30);
        expect((await signIn(users[10]!)).status).toBe(200);
      } finally {
        await server.close();
      }
    }, 60_000);
  });
}

describe('twofold rotate-key', () => {
  it('re-seals through the CLI and reports what it did', async () => {
    const { url } = sqliteDir();
    const oldKey = newKey();
    await seedFactor({ DATABASE_URL: url, TWOFOLD_SECRET_KEY: oldKey });
    const nextKey = newKey();
    const { stdout } = await run(process.execPath, ['bin/twofold.js', 'rotate-key', '--batch-size', '10'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url,
        TWOFOLD_SECRET_KEYS: `${nextKey},${oldKey}`,
        LOG_LEVEL: 'silent',
      },
    });
    expect(stdout).toMatch(/Re-sealed 1 secret\(s\) under key [0-9a-f]{8}; 0 already were/);
    const opened = await openStores(loadConfig({ DATABASE_URL: url, TWOFOLD_SECRET_KEY: nextKey }), silent);
    await opened.stores.close();
  }, 60_000);
});
