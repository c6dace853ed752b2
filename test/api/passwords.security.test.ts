// Flaws guarded (issue 10, "Hygiene"; SECURITY.md rule 27, NIST SP 800-63B §3.1.1.2):
// `password`, `12345678` and eight spaces were accepted as passwords; administrators
// had the same 8-character minimum as everyone; and `/metrics` was public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { startMetricsServer } from '../../src/http/metrics-endpoint.js';
import { ensureFirstAdmin } from '../../src/services/admin/admin-users.js';
import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'passwords test root passphrase' };

describe('new passwords', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer({
      env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
    });
    admin = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
  });
  afterAll(async () => {
    await server.close();
  });

  const signUp = (password: string, email = uniqueEmail()) =>
    server.request('POST', '/api/auth/signup', { body: { email, password } });

  it.each(['password', '12345678', '        ', 'qwertyuiop', 'iloveyou2', 'passwordpassword', 'Password1'])(
    'sign-up refuses the common password %j with 400 naming the field and saying why',
    async (password) => {
      const res = await signUp(password);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details[0].field).toBe('password');
      expect(res.body.error.message).toMatch(/common|guess/);
      // A code the UI words in the reader's language (the message stays English).
      expect(res.body.error.details[0].reason).toBe('password_common');
    },
  );

  it('refuses fewer than 8 or more than 128 characters; accepts a passphrase without composition rules', async () => {
    const short = await signUp('short 1');
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toMatchObject({ field: 'password', limit: 8 });
    expect(short.body.error.details[0].reason).toMatch(/^(password_too_short|too_small)$/);
    const long = await signUp('x'.repeat(60) + ' '.repeat(20) + 'y'.repeat(49));
    expect(long.status).toBe(400);
    expect(long.body.error.details[0]).toMatchObject({ field: 'password', limit: 128 });
    const ok = await signUp('marble tundra copper whistle');
    expect(ok.status).toBe(201);
  });

  it('refuses the account email as the password', async () => {
    const email = uniqueEmail('quixotic.zebra');
    const res = await signUp(email, email);
    expect(res.status).toBe(400);
  });

  it('administrators need 15 characters; members 8 (admin user creation)', async () => {
    const create = (role: string, password: string) =>
      server.request('POST', '/api/admin/users', {
        token: admin,
        body: { email: uniqueEmail(role), password, role },
      });
    const shortAdmin = await create('system_admin', 'tundra copper7');
    expect(shortAdmin.status).toBe(400);
    expect(shortAdmin.body.error.details[0]).toMatchObject({
      field: 'password',
      reason: 'password_too_short',
      limit: 15,
    });
    expect(shortAdmin.body.error.message).toContain('15');
    expect((await create('member', 'tundra copper7')).status).toBe(201);
    expect((await create('system_admin', 'tundra copper whistle')).status).toBe(201);
    const common = await create('member', 'password1');
    expect(common.status).toBe(400);
  });

  it('the first admin from the environment with a weak password stops the start with the reason', async () => {
    const empty = await startTestServer();
    try {
      const ctx = {
        ...empty.ctx,
        config: { ...empty.ctx.config, adminEmail: 'boss@example.com', adminPassword: 'passwordpassword' },
      };
      await expect(ensureFirstAdmin(ctx)).rejects.toThrow(ConfigError);
      await expect(ensureFirstAdmin(ctx)).rejects.toThrow(/TWOFOLD_ADMIN_PASSWORD: .*common/);
      expect(await empty.stores.users.count()).toBe(0);
    } finally {
      await empty.close();
    }
  });
});

describe('/metrics', () => {
  it('METRICS_TOKEN: 401 without the bearer token, 200 with it', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const server = await startTestServer({ env: { METRICS_TOKEN: token } });
    try {
      expect((await server.request('GET', '/metrics')).status).toBe(401);
      expect((await server.request('GET', '/metrics', { token: 'wrong-token-0123456789' })).status).toBe(401);
      const ok = await server.request('GET', '/metrics', { token });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('twofold_sign_ins_total');
    } finally {
      await server.close();
    }
  });

  it('METRICS_PORT: metrics move to their own listener, the main port does not serve them', async () => {
    const server = await startTestServer({ env: { METRICS_PORT: '0' } });
    const metrics = await startMetricsServer(server.ctx, { port: 0, host: '127.0.0.1' });
    try {
      expect([401, 404]).toContain((await server.request('GET', '/metrics')).status);
      const res = await fetch(`${metrics.url}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('twofold_');
      expect((await fetch(`${metrics.url}/api/auth/session`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => metrics.server.close(resolve));
      await server.close();
    }
  });
});
