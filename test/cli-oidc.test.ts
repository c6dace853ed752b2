import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logger.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'twofold-cli-oidc-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
  TWOFOLD_SECRET_KEY: randomBytes(32).toString('base64'),
  PUBLIC_URL: 'https://2fa.example.com',
  LOG_LEVEL: 'silent',
};
const cli = (...args: string[]) =>
  run(process.execPath, ['bin/twofold.js', ...args], { env, cwd: process.cwd() });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('twofold CLI: applications and signing keys', () => {
  it('client create prints the 201 body as JSON; the secret is stored only as a hash', async () => {
    const { stdout } = await cli(
      'client',
      'create',
      '--name',
      'Grafana',
      '--redirect-uri',
      'https://grafana.example.com/login/generic_oauth',
      '--redirect-uri',
      'https://grafana.example.com/alt',
      '--first-party',
      '--require-mfa',
    );
    const body = JSON.parse(stdout);
    expect(body).toMatchObject({
      name: 'Grafana',
      redirectUris: ['https://grafana.example.com/login/generic_oauth', 'https://grafana.example.com/alt'],
      postLogoutRedirectUris: [],
      type: 'confidential',
      firstParty: true,
      requireMfa: true,
    });
    expect(body.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const { stores, keyring } = await openStores(loadConfig(env), createLogger('silent'));
    const stored = (await stores.oidcClients.findById(body.clientId))!;
    expect(stored.secretHash).not.toContain(body.clientSecret);
    expect(keyring.verifyCode(body.clientSecret, stored.secretHash!)).toBe(true);
    await stores.close();

    await expect(
      cli('client', 'create', '--name', 'Bad', '--redirect-uri', 'not a url'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('redirectUris'),
    });
  }, 60_000);

  it('keys rotate adds signing keys and keeps the previous ones published', async () => {
    // The first start of the provider creates the initial keys.
    const { createApp } = await import('../src/app.js');
    const config = loadConfig(env);
    const opened = await openStores(config, createLogger('silent'));
    const { app } = await createApp({ ...opened, config, logger: createLogger('silent'), webRoot: null });
    const before = (await app.inject({ url: '/oidc/jwks' })).json().keys as { kid: string }[];
    await app.close();
    await opened.stores.close();
    expect(before).toHaveLength(2);

    expect((await cli('keys', 'rotate')).stdout).toContain('New signing keys');

    const reopened = await openStores(config, createLogger('silent'));
    const { app: restarted } = await createApp({
      ...reopened,
      config,
      logger: createLogger('silent'),
      webRoot: null,
    });
    const after = (await restarted.inject({ url: '/oidc/jwks' })).json().keys as {
      kid: string;
      alg: string;
    }[];
    await restarted.close();
    await reopened.stores.close();
    expect(after).toHaveLength(4);
    expect(after.map((k) => k.kid)).toEqual(expect.arrayContaining(before.map((k) => k.kid)));
    // The new keys come first: they sign from now on.
    expect(after.slice(0, 2).map((k) => k.kid)).not.toEqual(expect.arrayContaining(before.map((k) => k.kid)));
  }, 60_000);
});
