import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeEmail, emailCodeFor, type OtpHarness, PASSWORD, startOtpHarness } from '../helpers/otp.js';
import { startSignIn, uniqueEmail } from '../helpers/server.js';

let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness();
});
afterAll(async () => {
  await h.close();
});

/** Signs up and binds the account's email address, leaving the clock where it was. */
async function setUpEmailFactorNow(): Promise<{ email: string; password: string; token: string }> {
  const email = uniqueEmail('first-run');
  const signup = await h.server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
  const token = signup.body.session.token as string;
  const mark = h.smtp.messages.length;
  const setup = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
  expect(setup.status).toBe(200);
  const confirm = await h.server.request('POST', '/api/mfa/email/confirm', {
    token,
    body: { factorId: setup.body.factorId, code: await emailCodeFor(h.smtp, email, mark) },
  });
  expect(confirm.status).toBe(200);
  return { email, password: PASSWORD, token };
}

describe('the resend cooldown is per challenge', () => {
  it('set up an email factor, sign out, sign in: the first challenge goes out at once (200, not 429)', async () => {
    const user = await setUpEmailFactorNow();
    expect((await h.server.request('POST', '/api/auth/logout', { token: user.token })).status).toBe(204);
    const mfaToken = await startSignIn(h.server, user);
    const mark = h.smtp.messages.length;
    const challenge = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'email' },
    });
    expect(challenge.status).toBe(200);
    const code = await emailCodeFor(h.smtp, user.email, mark);
    const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'email', code },
    });
    expect(verify.status).toBe(200);
  });

  it('a resend of the same pending sign-in still waits; another sign-in does not', async () => {
    const user = await setUpEmailFactorNow();
    const first = await startSignIn(h.server, user);
    await challengeEmail(h, first, user.email);
    const resend = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: first, method: 'email' },
    });
    expect(resend.status).toBe(429);
    expect(resend.body.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
    expect(resend.headers.get('retry-after')).toBe('30');

    const second = await startSignIn(h.server, user);
    const other = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: second, method: 'email' },
    });
    expect(other.status).toBe(200);
  });

  it('a resend of the same setup waits; a setup for another address does not', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = signup.body.session.token as string;
    expect((await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} })).status).toBe(200);
    expect((await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} })).status).toBe(429);
    const other = await h.server.request('POST', '/api/mfa/email/setup', {
      token,
      body: { email: uniqueEmail('other') },
    });
    expect(other.status).toBe(200);
  });

  it('the per-account hourly cap still holds across pending sign-ins', async () => {
    const user = await setUpEmailFactorNow();
    // Setup spent one send of the ten per hour; nine sign-ins spend the rest.
    for (let i = 0; i < 9; i++) {
      const mfaToken = await startSignIn(h.server, user);
      const res = await h.server.request('POST', '/api/auth/mfa/challenge', {
        body: { mfaToken, method: 'email' },
      });
      expect(res.status, `send ${i + 2}`).toBe(200);
    }
    const mfaToken = await startSignIn(h.server, user);
    const capped = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'email' },
    });
    expect(capped.status).toBe(429);
    expect(capped.body.error.code).toBe('rate_limited');
    expect(capped.body.error.retryAfterSeconds).toBeGreaterThan(30);
    h.server.clock.advanceSeconds(3600);
    const later = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: await startSignIn(h.server, user), method: 'email' },
    });
    expect(later.status).toBe(200);
  });
});
