import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import { hashToken } from '../src/crypto/random.js';
import { createLogger } from '../src/logger.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'twofold-cli-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
  TWOFOLD_SECRET_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'silent',
};
const cli = (...args: string[]) =>
  run(process.execPath, ['bin/twofold.js', ...args], { env, cwd: process.cwd() });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('twofold CLI (break-glass path)', () => {
  it('migrates, creates an admin, resets their 2FA and unlocks them, each audited with actor cli', async () => {
    expect((await cli('migrate')).stdout).toContain('up to date');
    expect(
      (await cli('create-admin', '--email', 'Boss@Example.com', '--password', 'a long password')).stdout,
    ).toMatch(/Created system admin boss@example.com/);

    const config = loadConfig(env);
    const { stores } = await openStores(config, createLogger('silent'));
    const user = (await stores.users.findByEmail('boss@example.com'))!;
    await stores.factors.createPending({ userId: user.id, type: 'totp', label: 'x', now: new Date() });
    await stores.users.reserveFailureSlot(user.id, 1, new Date());
    await stores.users.lockIfExhausted(user.id, 1, new Date(Date.now() + 600_000));
    await stores.close();

    expect((await cli('reset-mfa', 'boss@example.com')).stdout).toContain('Reset two-factor authentication');
    expect((await cli('unlock', 'boss@example.com')).stdout).toContain('Unlocked');

    const reopened = await openStores(config, createLogger('silent'));
    const after = (await reopened.stores.users.findByEmail('boss@example.com'))!;
    expect(after.lockedUntil).toBeNull();
    expect(await reopened.stores.factors.listConfirmed(user.id)).toEqual([]);
    const { events } = await reopened.stores.audit.list({ userId: user.id, limit: 10 });
    expect(events.map((e) => [e.type, e.actorId])).toEqual(
      expect.arrayContaining([
        ['mfa_reset', 'cli'],
        ['account_unlocked', 'cli'],
        ['user_created', 'cli'],
      ]),
    );
    await reopened.stores.close();
  }, 60_000);

  it('fails with a message for an unknown email', async () => {
    await expect(cli('unlock', 'nobody@example.com')).rejects.toMatchObject({
      stderr: expect.stringContaining('No user'),
    });
  });

  it('create-admin refuses a short or common password and says why (SECURITY.md rule 27)', async () => {
    await expect(
      cli('create-admin', '--email', 'weak@example.com', '--password', 'passwordpassword'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/common|guess/) });
    await expect(
      cli('create-admin', '--email', 'short@example.com', '--password', 'tundra copper7'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('at least 15 characters') });
  }, 60_000);

  it('creates a verify API key and prints it once as JSON; only its hash is stored', async () => {
    const { stdout } = await cli('api-key', 'create', '--name', 'shop backend');
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ id: expect.any(String), name: 'shop backend', orgId: null });
    expect(printed.key).toMatch(/^tfk_/);
    const { stores } = await openStores(loadConfig(env), createLogger('silent'));
    try {
      const stored = await stores.apiKeys.findActiveByHash(hashToken(printed.key));
      expect(stored).toMatchObject({ id: printed.id, name: 'shop backend', createdBy: 'cli' });
      const { events } = await stores.audit.list({ type: 'api_key_created', limit: 5 });
      expect(events[0]).toMatchObject({ actorId: 'cli', details: { apiKeyId: printed.id } });
      expect(JSON.stringify(events)).not.toContain(printed.key);
    } finally {
      await stores.close();
    }
    await expect(cli('api-key', 'create', '--name', 'x', '--org', 'nope')).rejects.toMatchObject({
      stderr: expect.stringContaining('No such organization'),
    });
  }, 60_000);
});
