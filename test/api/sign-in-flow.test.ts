import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signUpWithTOTP,
  startSignIn,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('sign-up and password-only sign-in', () => {
  it('signs up (201, session, cookie) and refuses a second account with the same email (409)', async () => {
    const email = uniqueEmail();
    const res = await server.request('POST', '/api/auth/signup', {
      body: { email, password: 'long enough pw', name: 'Ann' },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('authenticated');
    expect(res.body.session.token.length).toBeGreaterThanOrEqual(43); // 256 bits base64url
    expect(res.body.user).toMatchObject({ email, name: 'Ann', role: 'member', mfaEnabled: false });
    expect(res.headers.get('set-cookie')).toMatch(/twofold_session=.*HttpOnly.*SameSite=Lax/i);
    const again = await server.request('POST', '/api/auth/signup', {
      body: { email: email.toUpperCase(), password: 'long enough pw' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('refuses a short password naming the field', async () => {
    const res = await server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: 'short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('password');
  });

  it('a user without factors signs in with the password alone; a new token each time; logout ends it', async () => {
    const email = uniqueEmail();
    await server.request('POST', '/api/auth/signup', { body: { email, password: 'long enough pw' } });
    const a = await server.request('POST', '/api/auth/login', {
      body: { email, password: 'long enough pw' },
    });
    const b = await server.request('POST', '/api/auth/login', {
      body: { email, password: 'long enough pw' },
    });
    expect(a.body.status).toBe('authenticated');
    expect(a.body.session.token).not.toBe(b.body.session.token);
    expect((await server.request('GET', '/api/auth/session', { token: a.body.session.token })).status).toBe(
      200,
    );
    expect((await server.request('POST', '/api/auth/logout', { token: a.body.session.token })).status).toBe(
      204,
    );
    expect((await server.request('GET', '/api/mfa', { token: a.body.session.token })).status).toBe(401);
    expect((await server.request('GET', '/api/mfa', { token: b.body.session.token })).status).toBe(200);
  });
});

describe('authenticator app (TOTP)', () => {
  it('setup returns a 160-bit base32 secret, an otpauth URI and a PNG QR code', async () => {
    const email = uniqueEmail();
    const signup = await server.request('POST', '/api/auth/signup', {
      body: { email, password: 'long enough pw' },
    });
    const setup = await server.request('POST', '/api/mfa/totp/setup', {
      token: signup.body.session.token,
      body: { label: 'Phone' },
    });
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toBe(
      `otpauth://totp/Twofold:${encodeURIComponent(email)}?secret=${setup.body.secret}&issuer=Twofold&algorithm=SHA1&digits=6&period=30`,
    );
    expect(setup.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    // Not confirmed yet: nothing changed for sign-in.
    const status = await server.request('GET', '/api/mfa', { token: signup.body.session.token });
    expect(status.body).toMatchObject({ enabled: false, factors: [] });
    const login = await server.request('POST', '/api/auth/login', {
      body: { email, password: 'long enough pw' },
    });
    expect(login.body.status).toBe('authenticated');
  });

  it('confirm with a wrong code fails with attemptsRemaining; the right one enables 2FA and returns 10 backup codes once', async () => {
    const signup = await server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: 'long enough pw' },
    });
    const token = signup.body.session.token;
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token, body: {} });
    const wrong = await server.request('POST', '/api/mfa/totp/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: '000000' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_code', attemptsRemaining: 4 });
    const ok = await server.request('POST', '/api/mfa/totp/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.backupCodes).toHaveLength(10);
    expect(ok.body.factor).toMatchObject({ type: 'totp', preferred: true });
    const status = await server.request('GET', '/api/mfa', { token });
    expect(status.body).toMatchObject({ enabled: true, backupCodes: { remaining: 10, total: 10 } });
    expect(JSON.stringify(status.body)).not.toContain(setup.body.secret);
  });

  it('signs in with password then TOTP; the same code is refused in a new sign-in (replay)', async () => {
    const user = await signUpWithTOTP(server);
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body).toMatchObject({
      status: 'mfa_required',
      methods: ['totp', 'backup_code'],
      preferredMethod: 'totp',
    });
    expect(login.headers.get('set-cookie')).toBeNull();
    const code = totpCode(server, user.secret);
    const verify = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code },
    });
    expect(verify.status).toBe(200);
    expect(verify.body.status).toBe('authenticated');
    expect(verify.headers.get('set-cookie')).toMatch(/twofold_session=/);

    const second = await startSignIn(server, user);
    const replay = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: second, method: 'totp', code },
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('invalid_code');
  });

  it('refuses a code of an earlier step than the last accepted one', async () => {
    const user = await signUpWithTOTP(server);
    const earlier = totpCode(server, user.secret, -1);
    const later = totpCode(server, user.secret, +1);
    const t1 = await startSignIn(server, user);
    expect(
      (
        await server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken: t1, method: 'totp', code: later },
        })
      ).status,
    ).toBe(200);
    const t2 = await startSignIn(server, user);
    const res = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: t2, method: 'totp', code: earlier },
    });
    expect(res.status).toBe(400);
  });

  it('accepts ±1 step of skew and refuses ±2 (server clock)', async () => {
    const user = await signUpWithTOTP(server);
    for (const [offset, expected] of [
      [-2, 400],
      [2, 400],
      [-1, 200],
    ] as const) {
      server.clock.advanceSeconds(90);
      const token = await startSignIn(server, user);
      const res = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: token, method: 'totp', code: totpCode(server, user.secret, offset) },
      });
      expect(res.status, `offset ${offset}`).toBe(expected);
    }
  });

  it('a backup code signs in once; its second use is refused; remaining count drops', async () => {
    const user = await signUpWithTOTP(server);
    const t1 = await startSignIn(server, user);
    const code = user.backupCodes[0]!;
    const ok = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: t1, method: 'backup_code', code },
    });
    expect(ok.status).toBe(200);
    const t2 = await startSignIn(server, user);
    const again = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: t2, method: 'backup_code', code },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_code');
    const status = await server.request('GET', '/api/mfa', { token: ok.body.session.token });
    expect(status.body.backupCodes).toEqual({ remaining: 9, total: 10 });
  });

  it('accepts a backup code typed in upper case with spaces', async () => {
    const user = await signUpWithTOTP(server);
    const token = await startSignIn(server, user);
    const typed = user.backupCodes[1]!.toUpperCase().replace('-', ' ');
    const res = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: token, method: 'backup_code', code: typed },
    });
    expect(res.status).toBe(200);
  });
});

describe('managing factors', () => {
  it('adding a second factor needs a recent check; a stale session gets 403 reauthentication_required', async () => {
    const user = await signUpWithTOTP(server);
    server.clock.advanceSeconds(301);
    const stale = await server.request('POST', '/api/mfa/totp/setup', { token: user.token, body: {} });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('reauthentication_required');
    const reauth = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(reauth.status).toBe(200);
    expect(Date.parse(reauth.body.reauthenticatedUntil)).toBe(server.clock.now().getTime() + 300_000);
    const setup = await server.request('POST', '/api/mfa/totp/setup', {
      token: user.token,
      body: { label: 'Tablet' },
    });
    expect(setup.status).toBe(200);
    const confirm = await server.request('POST', '/api/mfa/totp/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.backupCodes).toBeNull(); // only with the first factor
  });

  it('sets the preferred factor, removes one with recent auth, and refuses a wrong reauth password', async () => {
    const user = await signUpWithTOTP(server);
    const setup = await server.request('POST', '/api/mfa/totp/setup', {
      token: user.token,
      body: { label: 'Second' },
    });
    await server.request('POST', '/api/mfa/totp/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    const pref = await server.request('PUT', '/api/mfa/preferred', {
      token: user.token,
      body: { factorId: setup.body.factorId },
    });
    expect(pref.status).toBe(200);
    expect(pref.body.factors.find((f: { preferred: boolean }) => f.preferred).id).toBe(setup.body.factorId);
    expect(
      (await server.request('PUT', '/api/mfa/preferred', { token: user.token, body: { factorId: 'nope' } }))
        .status,
    ).toBe(404);

    server.clock.advanceSeconds(400);
    expect(
      (await server.request('DELETE', `/api/mfa/factors/${user.factorId}`, { token: user.token })).status,
    ).toBe(403);
    const bad = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { password: 'wrong password' },
    });
    expect(bad.status).toBe(401);
    await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { password: user.password },
    });
    expect(
      (await server.request('DELETE', `/api/mfa/factors/${user.factorId}`, { token: user.token })).status,
    ).toBe(204);
    const status = await server.request('GET', '/api/mfa', { token: user.token });
    expect(status.body.factors).toHaveLength(1);
    expect(status.body.factors[0]).toMatchObject({ id: setup.body.factorId, preferred: true });
  });

  it('turning 2FA off removes every factor and backup code; sign-in is then password only', async () => {
    const user = await signUpWithTOTP(server);
    expect((await server.request('DELETE', '/api/mfa', { token: user.token })).status).toBe(204);
    const status = await server.request('GET', '/api/mfa', { token: user.token });
    expect(status.body).toMatchObject({
      enabled: false,
      factors: [],
      backupCodes: { remaining: 0, total: 0 },
    });
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body.status).toBe('authenticated');
  });

  it('refuses to remove the last factor or turn 2FA off while policy enforces it', async () => {
    const user = await signUpWithTOTP(server);
    const policy = await server.stores.settings.getPolicy();
    policy.enforcement.scope = 'all';
    await server.stores.settings.savePolicy(policy, server.clock.now());
    try {
      const remove = await server.request('DELETE', `/api/mfa/factors/${user.factorId}`, {
        token: user.token,
      });
      expect(remove.status).toBe(403);
      expect(remove.body.error.code).toBe('mfa_required_by_policy');
      const off = await server.request('DELETE', '/api/mfa', { token: user.token });
      expect(off.body.error.code).toBe('mfa_required_by_policy');
    } finally {
      policy.enforcement.scope = 'none';
      await server.stores.settings.savePolicy(policy, server.clock.now());
    }
  });

  it('lists this account’s security activity', async () => {
    const user = await signUpWithTOTP(server);
    const res = await server.request('GET', '/api/mfa/activity', { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['sign_up', 'factor_added']),
    );
  });
});
