// Flaw guarded: a half-finished sign-in that already works as a session (better-auth
// GHSA-xg6x-h9c9-2m83: the session cookie was set after the password, before the second
// factor), and a pending sign-in token that can be replayed, raced or kept alive.
// SECURITY.md rule 16: no session token or cookie exists before the second factor passes,
// and the mfaToken opens only the second-step and enrollment routes; API.md: an mfaToken
// is single use and expires.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  signUpWithTOTP,
  startSignIn,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** Routes that need a signed-in session; an mfaToken of any purpose must get 401 there. */
const SESSION_ONLY: Array<{ method: string; path: string; body?: unknown }> = [
  { method: 'GET', path: '/api/auth/session' },
  { method: 'POST', path: '/api/auth/logout' },
  { method: 'POST', path: '/api/auth/reauth', body: { password: 'correct horse battery staple' } },
  { method: 'PUT', path: '/api/mfa/preferred', body: { factorId: 'x' } },
  { method: 'DELETE', path: '/api/mfa/factors/x' },
  { method: 'POST', path: '/api/mfa/backup-codes' },
  { method: 'DELETE', path: '/api/mfa' },
  { method: 'GET', path: '/api/mfa/activity' },
  // Variants the router maps to the same handlers.
  { method: 'HEAD', path: '/api/auth/session' },
  { method: 'GET', path: '/api/auth/session/' },
  { method: 'GET', path: '/api/mfa/activity?x=1' },
];

/** Administration routes: an administrator's pending sign-in is not an administrator. */
const ADMIN: Array<{ method: string; path: string; body?: unknown }> = [
  { method: 'GET', path: '/api/admin/mfa/policy' },
  { method: 'PUT', path: '/api/admin/mfa/policy', body: { enforcement: { scope: 'none' } } },
  { method: 'GET', path: '/api/admin/orgs' },
  { method: 'POST', path: '/api/admin/orgs', body: { name: 'Evil' } },
  { method: 'GET', path: '/api/admin/users' },
  {
    method: 'POST',
    path: '/api/admin/users',
    body: { email: 'evil@example.com', password: 'evil password', role: 'system_admin' },
  },
  { method: 'POST', path: '/api/admin/users/x/mfa/reset' },
  { method: 'POST', path: '/api/admin/users/x/unlock' },
  { method: 'GET', path: '/api/admin/audit' },
  { method: 'GET', path: '/api/admin/stats' },
];

/** Routes that also accept the mfaToken of a login answered `mfa_enrollment_required`, and only that one. */
const ENROLLMENT_ONLY: Array<{ method: string; path: string; body?: unknown }> = [
  { method: 'GET', path: '/api/mfa' },
  { method: 'POST', path: '/api/mfa/totp/setup', body: {} },
  { method: 'POST', path: '/api/mfa/totp/confirm', body: { factorId: 'x', code: '123456' } },
];

async function expectAllUnauthenticated(token: string, routes: typeof SESSION_ONLY) {
  for (const route of routes) {
    const res = await server.request(route.method, route.path, { token, body: route.body });
    expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
      route: `${route.method} ${route.path}`,
      status: 401,
    });
    if (route.method !== 'HEAD') expect(res.body.error.code).toBe('unauthenticated');
    expect(res.headers.get('set-cookie')).toBeNull();
  }
}

async function enforceForAll() {
  const policy = await server.stores.settings.getPolicy();
  policy.enforcement.scope = 'all';
  policy.enforcement.startedAt = server.clock.now().toISOString();
  await server.stores.settings.savePolicy(policy, server.clock.now());
}

describe('a verify-purpose mfaToken is not a session', () => {
  it('every session route, and every enrollment route, answers 401 to it as Bearer', async () => {
    const user = await signUpWithTOTP(server);
    const mfaToken = await startSignIn(server, user);
    await expectAllUnauthenticated(mfaToken, SESSION_ONLY);
    await expectAllUnauthenticated(mfaToken, ENROLLMENT_ONLY);
    // Nor as a cookie.
    const viaCookie = await server.request('GET', '/api/auth/session', {
      headers: { cookie: `twofold_session=${mfaToken}` },
    });
    expect(viaCookie.status).toBe(401);
    // Probing did not spend the pending sign-in: it still completes.
    const done = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(done.status).toBe(200);
  });

  it('no set-cookie and no session in the body before the second factor passes', async () => {
    const user = await signUpWithTOTP(server);
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(200);
    expect(login.body.status).toBe('mfa_required');
    expect(login.headers.get('set-cookie')).toBeNull();
    expect(login.body.session).toBeUndefined();
    expect(login.body.user).toBeUndefined();
    // The only credential in the answer is the mfaToken itself.
    expect(Object.keys(login.body).filter((key) => /session|token|cookie/i.test(key))).toEqual(['mfaToken']);

    // A wrong code does not hand out a session either.
    const wrong = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(server, user.secret, 5) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(wrong.body.session).toBeUndefined();

    const ok = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/twofold_session=.*HttpOnly/i);
    expect(ok.body.session.token).not.toBe(login.body.mfaToken);
    expect((await server.request('GET', '/api/auth/session', { token: ok.body.session.token })).status).toBe(
      200,
    );
  });

  it('is single use: after a successful verify the same token answers 401, even with another right code', async () => {
    const user = await signUpWithTOTP(server);
    const mfaToken = await startSignIn(server, user);
    const first = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(first.status).toBe(200);
    server.clock.advanceSeconds(30);
    const again = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_mfa_token');
    const withBackup = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'backup_code', code: user.backupCodes[0] },
    });
    expect(withBackup.status).toBe(401);
    // The backup code was not spent by the refused request.
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(user.backupCodes.length);
  });

  it('20 parallel verifies of one token, one right code among 19 wrong → at most one session (exactly one when all are evaluated)', async () => {
    const user = await signUpWithTOTP(server);
    const right = totpCode(server, user.secret);
    const valid = new Set([-1, 0, 1].map((o) => totpCode(server, user.secret, o)));
    const wrongs: string[] = [];
    for (let n = 111_111; wrongs.length < 19; n += 37_037) {
      const code = String(n % 1_000_000).padStart(6, '0');
      if (!valid.has(code)) wrongs.push(code);
    }
    const codes = [...wrongs.slice(0, 10), right, ...wrongs.slice(10)];

    // Default limits: only 5 of the 20 are evaluated, so the right one may not be among them.
    let mfaToken = await startSignIn(server, user);
    let answers = await Promise.all(
      codes.map((code) =>
        server.request('POST', '/api/auth/mfa/verify', { body: { mfaToken, method: 'totp', code } }),
      ),
    );
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.status === 400).length).toBeLessThanOrEqual(5);
    server.clock.advanceSeconds(30);
    await server.stores.users.clearFailures(user.userId);

    // Limits raised so every request is evaluated: exactly one session.
    const policy = await server.stores.settings.getPolicy();
    policy.limits.maxAttemptsPerChallenge = 50;
    policy.limits.maxConsecutiveFailures = 100;
    await server.stores.settings.savePolicy(policy, server.clock.now());
    const now = totpCode(server, user.secret);
    mfaToken = await startSignIn(server, user);
    answers = await Promise.all(
      codes.map((code) =>
        server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken, method: 'totp', code: code === right ? now : code },
        }),
      ),
    );
    const sessions = answers.filter((a) => a.status === 200);
    expect(sessions).toHaveLength(1);
    expect(answers.filter((a) => a.headers.get('set-cookie')).length).toBe(1);
    for (const a of answers) if (a.status !== 200) expect(a.body.session).toBeUndefined();
  });

  it('many *right* codes in parallel on one token (TOTP steps −1/0/+1 and 10 backup codes) → exactly one session', async () => {
    const user = await signUpWithTOTP(server);
    const policy = await server.stores.settings.getPolicy();
    policy.limits.maxAttemptsPerChallenge = 50;
    policy.limits.maxConsecutiveFailures = 100;
    await server.stores.settings.savePolicy(policy, server.clock.now());
    const mfaToken = await startSignIn(server, user);
    const bodies = [
      ...[-1, 0, 1].map((o) => ({ mfaToken, method: 'totp', code: totpCode(server, user.secret, o) })),
      ...user.backupCodes.map((code) => ({ mfaToken, method: 'backup_code', code })),
    ];
    const answers = await Promise.all(
      bodies.map((body) => server.request('POST', '/api/auth/mfa/verify', { body })),
    );
    const sessions = answers.filter((a) => a.status === 200);
    expect(sessions).toHaveLength(1);
    for (const a of answers) if (a.status !== 200) expect(a.body.session).toBeUndefined();
    const { events } = await server.stores.audit.list({
      userId: user.userId,
      type: 'sign_in_succeeded',
      limit: 50,
    });
    expect(events.filter((e) => (e.details as { methods?: string[] }).methods?.length === 2)).toHaveLength(1);
  });

  it('expires: after 601 s the token answers 401 to the right code', async () => {
    const user = await signUpWithTOTP(server);
    const mfaToken = await startSignIn(server, user);
    server.clock.advanceSeconds(601);
    const res = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_mfa_token');
    expect(res.headers.get('set-cookie')).toBeNull();
    // …and with a backup code.
    const backup = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'backup_code', code: user.backupCodes[0] },
    });
    expect(backup.status).toBe(401);
  });

  it('an unknown or forged mfaToken answers 401 invalid_mfa_token', async () => {
    await signUpWithTOTP(server);
    for (const mfaToken of ['x', 'A'.repeat(43), 'null', '../../etc/passwd']) {
      const res = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'totp', code: '123456' },
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_mfa_token');
    }
  });

  it('a session token is not an mfaToken (cannot be used as the second step)', async () => {
    const user = await signUpWithTOTP(server);
    const res = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: user.token, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_mfa_token');
  });
});

describe("an administrator's mfaToken", () => {
  const adminEmail = 'root@example.com';
  const adminPassword = 'root password long enough';

  async function adminServer() {
    await server.close();
    server = await startTestServer({
      env: { TWOFOLD_ADMIN_EMAIL: adminEmail, TWOFOLD_ADMIN_PASSWORD: adminPassword },
    });
  }

  it('a verify-purpose token of a system admin opens no admin route', async () => {
    await adminServer();
    const first = await server.request('POST', '/api/auth/login', {
      body: { email: adminEmail, password: adminPassword },
    });
    expect(first.body.status).toBe('authenticated');
    const session = first.body.session.token as string;
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token: session, body: {} });
    const confirm = await server.request('POST', '/api/mfa/totp/confirm', {
      token: session,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    expect((await server.request('GET', '/api/admin/stats', { token: session })).status).toBe(200); // the route exists
    server.clock.advanceSeconds(30);

    const mfaToken = await startSignIn(server, { email: adminEmail, password: adminPassword });
    await expectAllUnauthenticated(mfaToken, ADMIN);
    await expectAllUnauthenticated(mfaToken, SESSION_ONLY);
    expect(await server.stores.users.count()).toBe(1);
  });

  it('an enrollment token of a system admin (policy enforces 2FA for admins) opens no admin route', async () => {
    await adminServer();
    const policy = await server.stores.settings.getPolicy();
    policy.enforcement.scope = 'system_admins';
    await server.stores.settings.savePolicy(policy, server.clock.now());
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: adminEmail, password: adminPassword },
    });
    expect(login.body.status).toBe('mfa_enrollment_required');
    await expectAllUnauthenticated(login.body.mfaToken, ADMIN);
    expect((await server.request('GET', '/api/mfa', { token: login.body.mfaToken })).status).toBe(200);
  });
});

describe('enrollment mfaToken (policy enforces 2FA, user has no factor)', () => {
  async function enrollmentLogin() {
    const email = uniqueEmail();
    const password = 'correct horse battery staple';
    const signup = await server.request('POST', '/api/auth/signup', { body: { email, password } });
    expect(signup.status).toBe(201);
    expect(signup.body.status).toBe('mfa_enrollment_required');
    expect(signup.body.session).toBeUndefined();
    expect(signup.headers.get('set-cookie')).toBeNull();
    const login = await server.request('POST', '/api/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    expect(login.body.status).toBe('mfa_enrollment_required');
    expect(login.body.allowedMethods).toContain('totp');
    expect(login.body.session).toBeUndefined();
    expect(login.headers.get('set-cookie')).toBeNull();
    return { email, password, mfaToken: login.body.mfaToken as string };
  }

  it('opens GET /api/mfa, setup and confirm; confirm completes the login with a session and backup codes; the token is dead afterwards', async () => {
    await enforceForAll();
    const { mfaToken } = await enrollmentLogin();

    const status = await server.request('GET', '/api/mfa', { token: mfaToken });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ enabled: false, required: true });

    const setup = await server.request('POST', '/api/mfa/totp/setup', { token: mfaToken, body: {} });
    expect(setup.status).toBe(200);
    const confirm = await server.request('POST', '/api/mfa/totp/confirm', {
      token: mfaToken,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.session.token).toEqual(expect.any(String));
    expect(confirm.body.session.token).not.toBe(mfaToken);
    expect(confirm.body.backupCodes).toHaveLength(10);
    expect(confirm.headers.get('set-cookie')).toMatch(/twofold_session=/);
    expect(
      (await server.request('GET', '/api/auth/session', { token: confirm.body.session.token })).status,
    ).toBe(200);

    // The enrollment token is spent: every route refuses it now.
    expect((await server.request('GET', '/api/mfa', { token: mfaToken })).status).toBe(401);
    expect((await server.request('POST', '/api/mfa/totp/setup', { token: mfaToken, body: {} })).status).toBe(
      401,
    );
    const reconfirm = await server.request('POST', '/api/mfa/totp/confirm', {
      token: mfaToken,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret, 1) },
    });
    expect(reconfirm.status).toBe(401);
    expect(reconfirm.body.session).toBeUndefined();
  });

  it('two parallel confirms with one enrollment token → exactly one session', async () => {
    await enforceForAll();
    const { mfaToken } = await enrollmentLogin();
    const a = await server.request('POST', '/api/mfa/totp/setup', { token: mfaToken, body: {} });
    const b = await server.request('POST', '/api/mfa/totp/setup', { token: mfaToken, body: {} });
    const answers = await Promise.all(
      [a, b, a, b].map((setup) =>
        server.request('POST', '/api/mfa/totp/confirm', {
          token: mfaToken,
          body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
        }),
      ),
    );
    expect(answers.filter((r) => r.status === 200 && r.body.session)).toHaveLength(1);
  });

  it('session-only routes answer 401 to it, and it cannot be used as a verify token', async () => {
    await enforceForAll();
    const { mfaToken } = await enrollmentLogin();
    await expectAllUnauthenticated(mfaToken, SESSION_ONLY);
    await expectAllUnauthenticated(mfaToken, ADMIN);
    // Only as a Bearer token: as a cookie it opens nothing.
    const cookie = await server.request('GET', '/api/mfa', {
      headers: { cookie: `twofold_session=${mfaToken}` },
    });
    expect(cookie.status).toBe(401);
    const verify = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: '123456' },
    });
    expect(verify.status).toBe(401);
    expect(verify.body.error.code).toBe('invalid_mfa_token');
    // Still usable for what it is for.
    expect((await server.request('GET', '/api/mfa', { token: mfaToken })).status).toBe(200);
  });

  it('expires like any mfaToken', async () => {
    await enforceForAll();
    const { mfaToken } = await enrollmentLogin();
    server.clock.advanceSeconds(601);
    expect((await server.request('GET', '/api/mfa', { token: mfaToken })).status).toBe(401);
    expect((await server.request('POST', '/api/mfa/totp/setup', { token: mfaToken, body: {} })).status).toBe(
      401,
    );
  });

  it('a verify-purpose token of an enrolled user cannot enroll another authenticator', async () => {
    const user = await signUpWithTOTP(server);
    await enforceForAll();
    const mfaToken = await startSignIn(server, user);
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token: mfaToken, body: {} });
    expect(setup.status).toBe(401);
    expect((await server.stores.factors.listConfirmed(user.userId)).length).toBe(1);
  });
});
