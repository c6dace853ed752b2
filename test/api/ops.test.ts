import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpWithTOTP, startSignIn, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: 'root@example.com', TWOFOLD_ADMIN_PASSWORD: 'first admin password' },
  });
});
afterAll(async () => {
  await server.close();
});

describe('operations', () => {
  it('/healthz and /readyz answer 200', async () => {
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    expect((await server.request('GET', '/readyz')).body).toEqual({ status: 'ready' });
  });

  it('/metrics counts sign-ins and second-factor verifications by method and outcome', async () => {
    const user = await signUpWithTOTP(server);
    const token = await startSignIn(server, user);
    await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: token, method: 'totp', code: '000000' },
    });
    const res = await server.request('GET', '/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body).toMatch(/twofold_sign_ins_total\{outcome="mfa_required"\} 1/);
    expect(res.body).toMatch(
      /twofold_second_factor_verifications_total\{method="totp",outcome="failure"\} 1/,
    );
    expect(res.body).toContain('twofold_lockouts_total 0');
  });

  it('/api/openapi.json documents the contract routes with their request schemas', async () => {
    const res = await server.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/auth/signup',
      '/api/auth/login',
      '/api/auth/mfa/verify',
      '/api/mfa/totp/setup',
      '/api/mfa/totp/confirm',
    ]) {
      expect(res.body.paths[path], path).toBeDefined();
    }
    const verify = res.body.paths['/api/auth/mfa/verify'].post.requestBody.content['application/json'].schema;
    expect(verify.required).toEqual(expect.arrayContaining(['mfaToken', 'method']));
    // `code` for code methods, `response` (a WebAuthn assertion) for security keys.
    expect(Object.keys(verify.properties)).toEqual(expect.arrayContaining(['code', 'response']));
  });

  it('creates the first system admin from the environment', async () => {
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: 'root@example.com', password: 'first admin password' },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('system_admin');
  });

  it('answers unknown API routes with the JSON error shape (404, whoever asks)', async () => {
    const res = await server.request('GET', '/api/nope', { token: 'x' });
    expect(res.status).toBe(404);
    const open = await server.request('GET', '/api/nope');
    expect(open.body.error.code).toBe('not_found');
  });

  it('refuses cookie-authenticated state changes from another origin (CSRF)', async () => {
    const user = await signUpWithTOTP(server);
    const cookie = `twofold_session=${user.token}`;
    const cross = await server.request('POST', '/api/mfa/backup-codes', {
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
    const none = await server.request('POST', '/api/mfa/backup-codes', { headers: { cookie } });
    expect(none.status).toBe(403);
    const same = await server.request('POST', '/api/mfa/backup-codes', {
      headers: { cookie, origin: server.url },
    });
    expect(same.status).toBe(200);
    const read = await server.request('GET', '/api/mfa', { headers: { cookie } });
    expect(read.status).toBe(200);
  });
});
