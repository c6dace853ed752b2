/**
 * Guards the flaw of password-reset paths in comparable products: a reset that
 * signs the user in, or that drops or skips the second factor, turns "can read
 * the mailbox" into "owns the account" (Keycloak CVE-2026-18963, Ghost
 * CVE-2026-22594; also Casdoor CVE-2026-9091, Kratos CVE-2024-45042, Mattermost
 * CVE-2025-25068 — SECURITY.md rule 20). Also that the forgot-password answer
 * does not tell whether an account exists (rule 21).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailHarness, requestResetLink, startMailHarness } from '../../helpers/recovery.js';
import { signUpWithTOTP, startSignIn, totpCode, uniqueEmail } from '../../helpers/server.js';

const NEW_PASSWORD = 'a brand new passphrase';

let h: MailHarness;
beforeAll(async () => {
  h = await startMailHarness();
});
afterAll(async () => {
  await h.close();
});

describe('a password reset never skips the second factor', () => {
  it('the reset answer carries no session: no cookie, no token, and no live session row', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);
    const res = await h.server.request('POST', '/api/auth/password/reset', {
      body: { token, password: NEW_PASSWORD },
    });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
    const live = await h.server.stores.sessions.listActiveForUser(user.userId, h.server.clock.now());
    expect(live).toEqual([]);
  });

  it('on a TOTP account the next sign-in asks for the password and then TOTP, and a wrong code gets nowhere', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);
    expect(
      (
        await h.server.request('POST', '/api/auth/password/reset', {
          body: { token, password: NEW_PASSWORD },
        })
      ).status,
    ).toBe(204);

    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: NEW_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body.status).toBe('mfa_required');
    expect(login.body.methods).toContain('totp');
    expect(login.body.session).toBeUndefined();
    expect(login.headers.get('set-cookie')).toBeNull();
    // The mfaToken opens nothing but the second step.
    expect((await h.server.request('GET', '/api/auth/session', { token: login.body.mfaToken })).status).toBe(
      401,
    );
    const wrong = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: '000000' },
    });
    expect(wrong.status).toBe(400);
    h.server.clock.advanceSeconds(30);
    const right = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(h.server, user.secret) },
    });
    expect(right.status).toBe(200);
    expect(right.body.status).toBe('authenticated');
  });

  it('a sign-in pending at the second step when the password is reset is dead afterwards', async () => {
    const user = await signUpWithTOTP(h.server);
    const pending = await startSignIn(h.server, user);
    const { token } = await requestResetLink(h, user.email);
    await h.server.request('POST', '/api/auth/password/reset', { body: { token, password: NEW_PASSWORD } });
    h.server.clock.advanceSeconds(30);
    const res = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: pending, method: 'totp', code: totpCode(h.server, user.secret) },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_mfa_token');
  });

  it('a reset does not lift a second-factor lockout', async () => {
    const user = await signUpWithTOTP(h.server);
    for (let round = 0; round < 2; round++) {
      const pending = await startSignIn(h.server, user);
      for (let i = 0; i < 5; i++) {
        await h.server.request('POST', '/api/auth/mfa/verify', {
          body: {
            mfaToken: pending,
            method: 'totp',
            code: totpCode(h.server, user.secret) === '000000' ? '000001' : '000000',
          },
        });
      }
    }
    const { token } = await requestResetLink(h, user.email);
    expect(
      (
        await h.server.request('POST', '/api/auth/password/reset', {
          body: { token, password: NEW_PASSWORD },
        })
      ).status,
    ).toBe(204);
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: NEW_PASSWORD },
    });
    expect(login.status).toBe(423);
  });
});

describe('forgot password does not tell whether an account exists', () => {
  it('known and unknown addresses get the same status and the same body', async () => {
    const user = await signUpWithTOTP(h.server);
    const answers = [];
    for (const email of [user.email, uniqueEmail('ghost'), user.email.toUpperCase()]) {
      const res = await h.server.request('POST', '/api/auth/password/forgot', { body: { email } });
      answers.push({ status: res.status, body: res.body, cookie: res.headers.get('set-cookie') });
    }
    expect(answers[0]!.status).toBe(202);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});
