import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTOR_MODULES } from '../../src/factors/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'an admin password long enough' };
let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  const login = await server.request('POST', '/api/auth/login', { body: ADMIN });
  expect(login.body.status).toBe('authenticated');
  admin = login.body.session.token;
});
afterAll(async () => server?.close());

async function publicConfig() {
  const res = await server.request('GET', '/api/public-config');
  expect(res.status).toBe(200);
  return res.body as { methods: Record<string, boolean>; enabledMethods: string[]; factorTypes: string[] };
}

describe('GET /api/public-config lists exactly the enabled factor modules', () => {
  it('by default: every module the default policy turns on, in the modules’ order', async () => {
    const config = await publicConfig();
    // SMS is off by default; TOTP, email and security keys are on (this server has a usable rpID).
    expect(config.enabledMethods).toEqual(['totp', 'email', 'webauthn']);
    expect(config.enabledMethods).toEqual(
      FACTOR_MODULES.map((m) => m.type).filter((type) => config.enabledMethods.includes(type)),
    );
    for (const { type } of FACTOR_MODULES)
      expect(config.methods[type], type).toBe(config.enabledMethods.includes(type));
    expect(config.methods.backupCodes).toBe(true);
    // Every module, on or off, for the admin forms that list them all (the UI keeps no list).
    expect(config.factorTypes).toEqual(FACTOR_MODULES.map((m) => m.type));
  });

  it('follows the system policy as an administrator changes it', async () => {
    const put = await server.request('PUT', '/api/admin/mfa/policy', {
      token: admin,
      body: {
        methods: { sms: { enabled: true }, email: { enabled: false }, backupCodes: { enabled: false } },
      },
    });
    expect(put.status).toBe(200);
    const config = await publicConfig();
    expect(config.enabledMethods).toEqual(['totp', 'sms', 'webauthn']);
    expect(config.methods).toEqual({
      totp: true,
      email: false,
      sms: true,
      webauthn: true,
      backupCodes: false,
    });
  });
});
