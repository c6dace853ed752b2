import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signUpWithTOTP,
  startSignIn,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';
import { SoftAuthenticator } from '../helpers/webauthn-authenticator.js';

/**
 * Security keys and passkeys (issue 14, SECURITY.md rule 29) through the HTTP API,
 * with a software authenticator that produces real CBOR, authenticator data and
 * P-256 signatures. No PUBLIC_URL: the relying party is `localhost`, and a browser
 * on http://localhost:<port> is the origin.
 */
const ADMIN = { email: 'root@example.com', password: 'an admin password long enough' };
let server: TestServer;
let origin: string;

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  origin = `http://localhost:${new URL(server.url).port}`;
});
afterAll(async () => server?.close());

async function signUp() {
  const email = uniqueEmail();
  const password = 'correct horse battery staple';
  const signup = await server.request('POST', '/api/auth/signup', { body: { email, password } });
  expect(signup.status).toBe(201);
  return {
    email,
    password,
    token: signup.body.session.token as string,
    userId: signup.body.user.id as string,
  };
}

async function registerKey(token: string, key: SoftAuthenticator, label = 'YubiKey 5C') {
  const setup = await server.request('POST', '/api/mfa/webauthn/setup', { token, body: { label } });
  expect(setup.status).toBe(200);
  const confirm = await server.request('POST', '/api/mfa/webauthn/confirm', {
    token,
    body: { factorId: setup.body.factorId, response: key.register(setup.body.options) },
  });
  return { setup, confirm };
}

async function secondStep(mfaToken: string, key: SoftAuthenticator, overrides = {}) {
  const challenge = await server.request('POST', '/api/auth/mfa/challenge', {
    body: { mfaToken, method: 'webauthn' },
  });
  expect(challenge.status).toBe(200);
  const response = key.authenticate(challenge.body.options, overrides);
  const verify = await server.request('POST', '/api/auth/mfa/verify', {
    body: { mfaToken, method: 'webauthn', response },
  });
  return { challenge, response, verify };
}

describe('registering a security key', () => {
  it('setup gives creation options for localhost; confirm enables 2FA with backup codes, like TOTP confirm', async () => {
    const user = await signUp();
    const key = new SoftAuthenticator({ origin });
    const { setup, confirm } = await registerKey(user.token, key);
    expect(setup.body.options).toMatchObject({
      rp: { id: 'localhost', name: 'Twofold' },
      user: { name: user.email },
      attestation: 'none',
      authenticatorSelection: { userVerification: 'preferred' },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.factor).toMatchObject({ type: 'webauthn', label: 'YubiKey 5C', preferred: true });
    expect(confirm.body.backupCodes).toHaveLength(10);
    const status = await server.request('GET', '/api/mfa', { token: user.token });
    expect(status.body.factors).toEqual([
      expect.objectContaining({
        type: 'webauthn',
        webauthn: { deviceType: 'singleDevice', backedUp: false },
      }),
    ]);
    const audit = await server.stores.audit.list({ userId: user.userId, limit: 20 });
    expect(audit.events.map((e: { type: string }) => e.type)).toContain('factor_added');
  });

  it('a second key: the first is excluded at setup, both sign in', async () => {
    const user = await signUp();
    const first = new SoftAuthenticator({ origin });
    await registerKey(user.token, first, 'First');
    const setup = await server.request('POST', '/api/mfa/webauthn/setup', { token: user.token, body: {} });
    expect(setup.body.options.excludeCredentials).toEqual([
      expect.objectContaining({ id: first.credentials[0]!.id.toString('base64url') }),
    ]);
    const second = new SoftAuthenticator({ origin, synced: true, counter: 'zero' });
    const confirm = await server.request('POST', '/api/mfa/webauthn/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, response: second.register(setup.body.options) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.factor.label).toBe('Security key');
    expect(confirm.body.backupCodes).toBeNull();
    for (const key of [first, second]) {
      const { verify } = await secondStep(await startSignIn(server, user), key);
      expect(verify.status).toBe(200);
      expect(verify.body.status).toBe('authenticated');
    }
  });

  it('refuses an answer from another origin or for another rpId, and a replayed registration', async () => {
    const user = await signUp();
    const key = new SoftAuthenticator({ origin });
    for (const overrides of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }]) {
      const setup = await server.request('POST', '/api/mfa/webauthn/setup', { token: user.token, body: {} });
      const confirm = await server.request('POST', '/api/mfa/webauthn/confirm', {
        token: user.token,
        body: { factorId: setup.body.factorId, response: key.register(setup.body.options, overrides) },
      });
      expect(confirm.status).toBe(400);
      expect(confirm.body.error.code).toBe('invalid_code');
    }
    const setup = await server.request('POST', '/api/mfa/webauthn/setup', { token: user.token, body: {} });
    const response = key.register(setup.body.options);
    const ok = await server.request('POST', '/api/mfa/webauthn/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, response },
    });
    expect(ok.status).toBe(200);
    const again = await server.request('POST', '/api/mfa/webauthn/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, response },
    });
    expect(again.status).toBe(404);
  });

  it('bad input answers 400 naming the field', async () => {
    const user = await signUp();
    const confirm = await server.request('POST', '/api/mfa/webauthn/confirm', {
      token: user.token,
      body: { factorId: 'x', response: { id: 'a' } },
    });
    expect(confirm.status).toBe(400);
    expect(JSON.stringify(confirm.body.error.details)).toContain('response');
  });

  it('adding a key to an account with a factor needs recent auth', async () => {
    const user = await signUpWithTOTP(server);
    server.clock.advanceSeconds(600);
    const setup = await server.request('POST', '/api/mfa/webauthn/setup', { token: user.token, body: {} });
    expect(setup.status).toBe(403);
    expect(setup.body.error.code).toBe('reauthentication_required');
  });
});

describe('the second step with a security key', () => {
  it('login lists webauthn; the assertion signs in with amr hwk; the session counts the key', async () => {
    const user = await signUp();
    const key = new SoftAuthenticator({ origin, userVerified: false });
    await registerKey(user.token, key);
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body).toMatchObject({ status: 'mfa_required', preferredMethod: 'webauthn' });
    expect(login.body.methods).toEqual(['webauthn', 'backup_code']);
    const { challenge, verify } = await secondStep(login.body.mfaToken, key);
    expect(challenge.body).toMatchObject({
      method: 'webauthn',
      options: { rpId: 'localhost', userVerification: 'preferred' },
    });
    expect(challenge.body.options.allowCredentials).toHaveLength(1);
    expect(verify.status).toBe(200);
    expect(verify.body.status).toBe('authenticated');
    const session = await server.request('GET', '/api/auth/session', { token: verify.body.session.token });
    expect(session.body.session.amr).toEqual(['pwd', 'webauthn', 'hwk']);
  });

  it('a replayed assertion, a wrong origin or rpId count as wrong codes', async () => {
    const user = await signUp();
    const key = new SoftAuthenticator({ origin });
    await registerKey(user.token, key);
    const first = await secondStep(await startSignIn(server, user), key);
    expect(first.verify.status).toBe(200);
    // The same answer again, on a new pending sign-in: its challenge is spent.
    const mfaToken = await startSignIn(server, user);
    const replay = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'webauthn', response: first.response },
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toMatchObject({ code: 'invalid_code', attemptsRemaining: 4 });
    const wrongOrigin = await secondStep(mfaToken, key, { origin: 'https://evil.example' });
    expect(wrongOrigin.verify.body.error).toMatchObject({ code: 'invalid_code', attemptsRemaining: 3 });
    const wrongRp = await secondStep(mfaToken, key, { rpId: 'evil.example' });
    expect(wrongRp.verify.body.error).toMatchObject({ code: 'invalid_code', attemptsRemaining: 2 });
    const ok = await secondStep(mfaToken, key);
    expect(ok.verify.status).toBe(200);
  });

  it('a counter that goes backwards is refused and audited; a synced passkey that always sends 0 passes', async () => {
    const user = await signUp();
    const key = new SoftAuthenticator({ origin });
    await registerKey(user.token, key);
    expect((await secondStep(await startSignIn(server, user), key, { counter: 5 })).verify.status).toBe(200);
    const cloned = await secondStep(await startSignIn(server, user), key, { counter: 3 });
    expect(cloned.verify.status).toBe(400);
    expect(cloned.verify.body.error.code).toBe('invalid_code');
    const audit = await server.stores.audit.list({ userId: user.userId, limit: 50 });
    expect(audit.events.map((e: { type: string }) => e.type)).toContain('webauthn_counter_regressed');

    const synced = await signUp();
    const passkey = new SoftAuthenticator({ origin, synced: true, counter: 'zero' });
    await registerKey(synced.token, passkey);
    for (let i = 0; i < 2; i += 1) {
      const { verify } = await secondStep(await startSignIn(server, synced), passkey);
      expect(verify.status).toBe(200);
      const session = await server.request('GET', '/api/auth/session', { token: verify.body.session.token });
      expect(session.body.session.amr).toEqual(['pwd', 'webauthn', 'swk', 'user']);
    }
  });
});

describe('passkey sign-in without a password', () => {
  it('a discoverable credential with user verification signs in; without UV it is invalid_credentials', async () => {
    const user = await signUp();
    const key = new SoftAuthenticator({ origin, synced: true });
    await registerKey(user.token, key, 'MacBook Touch ID');
    const options = await server.request('POST', '/api/auth/passkey/options', { body: {} });
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    const verify = await server.request('POST', '/api/auth/passkey/verify', {
      body: { challengeId: options.body.challengeId, response: key.authenticate(options.body.options) },
    });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ status: 'authenticated', user: { email: user.email } });
    const session = await server.request('GET', '/api/auth/session', { token: verify.body.session.token });
    expect(session.body.session.amr).toEqual(['webauthn', 'swk', 'user']);

    // The same challenge again: spent.
    const replay = await server.request('POST', '/api/auth/passkey/verify', {
      body: { challengeId: options.body.challengeId, response: key.authenticate(options.body.options) },
    });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('invalid_credentials');

    const noUv = await server.request('POST', '/api/auth/passkey/options', { body: {} });
    const refused = await server.request('POST', '/api/auth/passkey/verify', {
      body: {
        challengeId: noUv.body.challengeId,
        response: key.authenticate(noUv.body.options, { userVerified: false }),
      },
    });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_credentials');
  });

  it('an unknown credential is invalid_credentials; a locked account is refused', async () => {
    const stranger = new SoftAuthenticator({ origin });
    stranger.register({ rp: { id: 'localhost' }, challenge: 'x', user: { id: 'eA' } });
    const options = await server.request('POST', '/api/auth/passkey/options', { body: {} });
    const unknown = await server.request('POST', '/api/auth/passkey/verify', {
      body: { challengeId: options.body.challengeId, response: stranger.authenticate(options.body.options) },
    });
    expect(unknown.status).toBe(401);

    const user = await signUp();
    const key = new SoftAuthenticator({ origin });
    await registerKey(user.token, key);
    await server.stores.users.lockIfExhausted(
      user.userId,
      0,
      new Date(server.clock.now().getTime() + 600_000),
    );
    const locked = await server.request('POST', '/api/auth/passkey/options', { body: {} });
    const answer = await server.request('POST', '/api/auth/passkey/verify', {
      body: { challengeId: locked.body.challengeId, response: key.authenticate(locked.body.options) },
    });
    expect(answer.status).toBe(423);
    expect(answer.body.error.code).toBe('account_locked');
  });
});

describe('managing keys', () => {
  it('PATCH renames any factor (400 naming label when empty or too long)', async () => {
    const user = await signUpWithTOTP(server);
    const renamed = await server.request('PATCH', `/api/mfa/factors/${user.factorId}`, {
      token: user.token,
      body: { label: 'Work phone' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: user.factorId, label: 'Work phone' });
    for (const label of ['', 'x'.repeat(101)]) {
      const bad = await server.request('PATCH', `/api/mfa/factors/${user.factorId}`, {
        token: user.token,
        body: { label },
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.error.details)).toContain('label');
    }
    const other = await signUp();
    const foreign = await server.request('PATCH', `/api/mfa/factors/${user.factorId}`, {
      token: other.token,
      body: { label: 'mine' },
    });
    expect(foreign.status).toBe(404);
  });
});

describe('requiring a phishing-resistant factor', () => {
  it('system admins must have a key: TOTP alone walks into enrolling one; the last key cannot be removed', async () => {
    const adminLogin = await server.request('POST', '/api/auth/login', { body: ADMIN });
    expect(adminLogin.body.status).toBe('authenticated');
    const adminToken = adminLogin.body.session.token;
    // The admin binds TOTP first, then the policy demands a phishing-resistant factor of admins.
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token: adminToken, body: {} });
    await server.request('POST', '/api/mfa/totp/confirm', {
      token: adminToken,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    server.clock.advanceSeconds(30);
    const put = await server.request('PUT', '/api/admin/mfa/policy', {
      token: adminToken,
      body: { enforcement: { phishingResistant: 'system_admins' } },
    });
    expect(put.status).toBe(200);
    expect(put.body.enforcement.phishingResistant).toBe('system_admins');
    expect(put.body.methods.webauthn).toEqual({ enabled: true });

    // Password + TOTP no longer signs in: it proves the old factor, then a key must be enrolled.
    const login = await server.request('POST', '/api/auth/login', { body: ADMIN });
    expect(login.body).toMatchObject({
      status: 'mfa_required',
      replaceFactor: true,
      allowedMethods: ['webauthn'],
    });
    const proved = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(server, setup.body.secret) },
    });
    expect(proved.body).toMatchObject({ status: 'mfa_enrollment_required', allowedMethods: ['webauthn'] });
    const totpAgain = await server.request('POST', '/api/mfa/totp/setup', {
      token: proved.body.mfaToken,
      body: {},
    });
    expect(totpAgain.status).toBe(403);
    const key = new SoftAuthenticator({ origin });
    const { confirm } = await registerKey(proved.body.mfaToken, key);
    expect(confirm.status).toBe(200);
    expect(confirm.body.session.token).toEqual(expect.any(String));

    // Now the key is the way in, and the last key cannot be removed (TOTP does not count).
    const next = await server.request('POST', '/api/auth/login', { body: ADMIN });
    expect(next.body.methods).toEqual(['webauthn']);
    const { verify } = await secondStep(next.body.mfaToken, key);
    expect(verify.status).toBe(200);
    const remove = await server.request('DELETE', `/api/mfa/factors/${confirm.body.factor.id}`, {
      token: verify.body.session.token,
    });
    expect(remove.status).toBe(403);
    expect(remove.body.error.code).toBe('mfa_required_by_policy');
    await server.request('PUT', '/api/admin/mfa/policy', {
      token: verify.body.session.token,
      body: { enforcement: { phishingResistant: 'none' } },
    });
  });
});
