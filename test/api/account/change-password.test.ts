import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailHarness, startMailHarness } from '../../helpers/recovery.js';
import { signUpWithTOTP, totpCode } from '../../helpers/server.js';

const NEW_PASSWORD = 'a brand new passphrase';

let h: MailHarness;
beforeAll(async () => {
  h = await startMailHarness();
});
afterAll(async () => {
  await h.close();
});

const change = (token: string, body: unknown) =>
  h.server.request('POST', '/api/account/password', { token, body });

/** A second full sign-in of `user` (password, then TOTP): another session. */
async function anotherSession(user: Awaited<ReturnType<typeof signUpWithTOTP>>) {
  const login = await h.server.request('POST', '/api/auth/login', {
    body: { email: user.email, password: user.password },
  });
  h.server.clock.advanceSeconds(30);
  const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
    body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(h.server, user.secret) },
  });
  return verify.body.session.token as string;
}

describe('POST /api/account/password', () => {
  it('changes the password, ends the other sessions, keeps this one, and notifies', async () => {
    const user = await signUpWithTOTP(h.server);
    const other = await anotherSession(user);
    const current = await anotherSession(user);
    const res = await change(current, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);
    expect((await h.server.request('GET', '/api/auth/session', { token: other })).status).toBe(401);
    expect((await h.server.request('GET', '/api/auth/session', { token: user.token })).status).toBe(401);
    expect((await h.server.request('GET', '/api/auth/session', { token: current })).status).toBe(200);
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: NEW_PASSWORD },
    });
    expect(login.body.status).toBe('mfa_required');
    await h.smtp.waitFor((m) => m.to.includes(user.email) && /password was changed/.test(m.subject));
  });

  it('needs a recent check: six minutes after sign-in it answers reauthentication_required', async () => {
    const user = await signUpWithTOTP(h.server);
    h.server.clock.advanceSeconds(6 * 60);
    const stale = await change(user.token, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('reauthentication_required');
    const reauth = await h.server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { password: user.password },
    });
    expect(reauth.status).toBe(200);
    expect(
      (await change(user.token, { currentPassword: user.password, newPassword: NEW_PASSWORD })).status,
    ).toBe(204);
  });

  it('refuses a wrong current password, the same password again, and a too short one', async () => {
    const user = await signUpWithTOTP(h.server);
    const wrong = await change(user.token, { currentPassword: 'not my password', newPassword: NEW_PASSWORD });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const same = await change(user.token, { currentPassword: user.password, newPassword: user.password });
    expect(same.status).toBe(400);
    expect(same.body.error.details[0].field).toBe('newPassword');
    const short = await change(user.token, { currentPassword: user.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].field).toBe('newPassword');
    // Nothing changed.
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body.status).toBe('mfa_required');
  });

  it('needs a session (an mfaToken is not one)', async () => {
    const user = await signUpWithTOTP(h.server);
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const res = await change(login.body.mfaToken, {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(401);
  });
});
