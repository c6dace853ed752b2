// Flaw guarded (issue 11): a restore brings back backup codes used after the backup was taken
// (their rows come back unused), and nothing said so. `twofold backup` copies the database
// online; after a restore, `twofold expire-backup-codes --since <backup time>` marks every code
// that existed then as used, so a code spent after the backup cannot sign in again.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/instances.js';
import { signUpWithTOTP, startSignIn, startTestServer, totpCode } from '../helpers/server.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'twofold-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup and restore', () => {
  it('backs up online; after a restore, expire-backup-codes stops codes used since the backup', async () => {
    const key = randomBytes(32).toString('base64');
    const live = join(dir, 'live.db');
    const env = { PATH: process.env.PATH ?? '', TWOFOLD_SECRET_KEY: key, LOG_LEVEL: 'silent' };
    const cli = (databasePath: string, ...args: string[]) =>
      run(process.execPath, ['bin/twofold.js', ...args], {
        cwd: PROJECT_ROOT,
        env: { ...env, DATABASE_URL: `sqlite:${databasePath}` },
      });

    const server = await startTestServer({
      env: { DATABASE_URL: `sqlite:${live}`, TWOFOLD_SECRET_KEY: key },
    });
    let user: Awaited<ReturnType<typeof signUpWithTOTP>>;
    const backupFile = join(dir, 'backup.db');
    let backupTime: Date;
    try {
      user = await signUpWithTOTP(server);
      // Online: the server keeps running while the copy is made.
      backupTime = new Date();
      const { stdout } = await cli(live, 'backup', backupFile);
      expect(stdout).toContain('Backed up the database');
      expect(statSync(backupFile).mode & 0o777).toBe(0o600);
      expect(server.app.server.listening).toBe(true);

      const used = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: await startSignIn(server, user), method: 'backup_code', code: user.backupCodes[0] },
      });
      expect(used.status).toBe(200);
    } finally {
      await server.close();
    }

    // Restore: the backup file becomes the database.
    const restored = join(dir, 'restored.db');
    copyFileSync(backupFile, restored);
    expect(existsSync(restored)).toBe(true);
    const { stdout } = await cli(restored, 'expire-backup-codes', '--since', backupTime.toISOString());
    expect(stdout).toMatch(/Expired 10 unused backup code\(s\) of 1 user\(s\)/);

    const after = await startTestServer({
      env: { DATABASE_URL: `sqlite:${restored}`, TWOFOLD_SECRET_KEY: key },
    });
    try {
      // The code spent after the backup (and every other old one) no longer signs in.
      const replay = await after.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: await startSignIn(after, user), method: 'backup_code', code: user.backupCodes[0] },
      });
      expect(replay.status).toBe(400);
      const other = await after.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: await startSignIn(after, user), method: 'backup_code', code: user.backupCodes[1] },
      });
      expect(other.status).toBe(400);
      // The authenticator still works, and the user can make a new set.
      after.clock.advanceSeconds(60);
      const totp = await after.request('POST', '/api/auth/mfa/verify', {
        body: {
          mfaToken: await startSignIn(after, user),
          method: 'totp',
          code: totpCode(after, user.secret),
        },
      });
      expect(totp.status).toBe(200);
      const { events } = await after.stores.audit.list({ userId: user.userId, limit: 50 });
      expect(events.map((e) => e.type)).toContain('backup_codes_expired');
    } finally {
      await after.close();
    }
  }, 90_000);
});
