import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  challengeEmail,
  emailCodeFor,
  type OtpHarness,
  signUpWithEmailFactor,
  startOtpHarness,
} from '../helpers/otp.js';
import { startSignIn } from '../helpers/server.js';

let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness();
});
afterAll(async () => {
  await h.close();
});

describe('re-authentication with an email code', () => {
  it('sends a code bound to the session, which re-checks it', async () => {
    const user = await signUpWithEmailFactor(h);
    h.server.clock.advanceSeconds(400); // the sign-up's recent auth has gone stale
    expect((await h.server.request('POST', '/api/mfa/backup-codes', { token: user.token })).status).toBe(403);

    const mark = h.smtp.messages.length;
    const sent = await h.server.request('POST', '/api/auth/reauth/challenge', {
      token: user.token,
      body: { method: 'email' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ method: 'email', destination: expect.stringMatching(/^\w\*\*\*@/) });
    const code = await emailCodeFor(h.smtp, user.email, mark);
    const reauth = await h.server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'email', code },
    });
    expect(reauth.status).toBe(200);
    expect((await h.server.request('POST', '/api/mfa/backup-codes', { token: user.token })).status).toBe(200);
  });

  it('a re-check code cannot finish a sign-in, and a sign-in code cannot re-check a session', async () => {
    const user = await signUpWithEmailFactor(h);
    let mark = h.smtp.messages.length;
    await h.server.request('POST', '/api/auth/reauth/challenge', {
      token: user.token,
      body: { method: 'email' },
    });
    const reauthCode = await emailCodeFor(h.smtp, user.email, mark);
    const mfaToken = await startSignIn(h.server, user);
    const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'email', code: reauthCode },
    });
    expect(verify.status).toBe(400);

    h.server.clock.advanceSeconds(31);
    mark = h.smtp.messages.length;
    const signInCode = await challengeEmail(h, mfaToken, user.email);
    expect(h.smtp.messages.length).toBeGreaterThan(mark);
    const reauth = await h.server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'email', code: signInCode },
    });
    expect(reauth.status).toBe(400);
  });

  it('refuses a method the user has not enrolled, naming the field', async () => {
    const user = await signUpWithEmailFactor(h);
    const res = await h.server.request('POST', '/api/auth/reauth/challenge', {
      token: user.token,
      body: { method: 'sms' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('method');
  });
});
