/**
 * Guards against a refusal reason that helps a guesser (docs/security.md, "Refusal reasons
 * help no guesser"): `invalid_code` tells `used` or `expired` only for a code that matched a
 * real one, and every code that matches nothing gets one and the same answer, whatever the
 * state of the user's challenges. Also: the warning before the account-wide lockout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  challengeEmail,
  emailCodeFor,
  type OtpHarness,
  PASSWORD,
  signUpWithEmailFactor,
  startOtpHarness,
} from '../helpers/otp.js';
import { signUpWithTOTP, startSignIn, totpCode, uniqueEmail } from '../helpers/server.js';
import { createApiKey, enrollApiTOTP, uniqueExternalId } from '../helpers/verify-api.js';

const ADMIN = { email: 'root-rejection@example.com', password: 'root password 123' };

let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness({ TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password });
});
afterAll(async () => {
  await h.close();
});

/** A 6-digit code that is none of `avoid`. */
function otherCode(...avoid: string[]): string {
  for (let n = 123456; ; n = (n + 111111) % 1_000_000) {
    const code = String(n).padStart(6, '0');
    if (!avoid.includes(code)) return code;
  }
}

const verify = (body: Record<string, unknown>) => h.server.request('POST', '/api/auth/mfa/verify', { body });

/** The error without the attempt count, which differs from try to try by design. */
function withoutCount(body: { error: Record<string, unknown> }) {
  const { attemptsRemaining: _ignored, ...rest } = body.error;
  return rest;
}

describe('reason of invalid_code at the second step', () => {
  it('a replayed authenticator code is "used"; a code matching no step is "wrong"', async () => {
    const user = await signUpWithTOTP(h.server);
    const code = totpCode(h.server, user.secret);
    const first = await verify({ mfaToken: await startSignIn(h.server, user), method: 'totp', code });
    expect(first.status).toBe(200);

    const replay = await verify({ mfaToken: await startSignIn(h.server, user), method: 'totp', code });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toMatchObject({ code: 'invalid_code', reason: 'used', attemptsRemaining: 4 });

    const window = [-1, 0, 1].map((d) => totpCode(h.server, user.secret, d));
    const wrong = await verify({
      mfaToken: await startSignIn(h.server, user),
      method: 'totp',
      code: otherCode(...window),
    });
    expect(wrong.body.error).toMatchObject({ code: 'invalid_code', reason: 'wrong' });
  });

  it('the right email code after its 5 minutes is "expired"; a wrong one then is still "wrong"', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const code = await challengeEmail(h, mfaToken, user.email);
    h.server.clock.advanceSeconds(301);

    const late = await verify({ mfaToken, method: 'email', code });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 'invalid_code', reason: 'expired', attemptsRemaining: 4 });
    expect(late.body.error.message).toMatch(/expired/i);

    const wrong = await verify({ mfaToken, method: 'email', code: otherCode(code) });
    expect(wrong.body.error).toMatchObject({ reason: 'wrong', attemptsRemaining: 3 });
  });

  it('a spent backup code is "used"', async () => {
    const user = await signUpWithTOTP(h.server);
    const [backup] = user.backupCodes;
    const first = await verify({
      mfaToken: await startSignIn(h.server, user),
      method: 'backup_code',
      code: backup,
    });
    expect(first.status).toBe(200);
    const again = await verify({
      mfaToken: await startSignIn(h.server, user),
      method: 'backup_code',
      code: backup,
    });
    expect(again.body.error).toMatchObject({ code: 'invalid_code', reason: 'used' });
    const never = await verify({
      mfaToken: await startSignIn(h.server, user),
      method: 'backup_code',
      code: 'aaaaa-bbbbb',
    });
    expect(never.body.error).toMatchObject({ code: 'invalid_code', reason: 'wrong' });
  });

  it('a code matching nothing gets the same answer whatever the challenges are', async () => {
    const user = await signUpWithEmailFactor(h);
    const answers: Array<Record<string, unknown>> = [];
    const guess = async (mfaToken: string, method = 'email', code = '000001') => {
      const res = await verify({ mfaToken, method, code });
      expect(res.status).toBe(400);
      answers.push(withoutCount(res.body));
    };
    // 1. no code was ever sent for this sign-in
    await guess(await startSignIn(h.server, user));
    // 2. a live code was sent
    let mfaToken = await startSignIn(h.server, user);
    let real = await challengeEmail(h, mfaToken, user.email);
    await guess(mfaToken, 'email', otherCode(real, '000001'));
    // 3. the code that was sent has expired
    h.server.clock.advanceSeconds(31);
    mfaToken = await startSignIn(h.server, user);
    real = await challengeEmail(h, mfaToken, user.email);
    h.server.clock.advanceSeconds(301);
    await guess(mfaToken, 'email', otherCode(real, '000001'));
    // 4. a method the user does not have
    await guess(await startSignIn(h.server, user), 'totp');
    // 5. a code sent for another sign-in (its code is no code here)
    h.server.clock.advanceSeconds(31);
    const other = await startSignIn(h.server, user);
    const otherReal = await challengeEmail(h, other, user.email);
    await guess(await startSignIn(h.server, user), 'email', otherReal);

    expect(answers).toHaveLength(5);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toEqual({ code: 'invalid_code', message: 'The code is wrong.', reason: 'wrong' });
  });
});

describe('the warning before the account locks', () => {
  it('is absent while the pending sign-in runs out first, and says how many and how long once the lockout comes first', async () => {
    const user = await signUpWithTOTP(h.server);
    const wrong = otherCode(...[-1, 0, 1].map((d) => totpCode(h.server, user.secret, d)));
    // Default limits: 5 per sign-in, 10 per account.
    let mfaToken = await startSignIn(h.server, user);
    const first = await verify({ mfaToken, method: 'totp', code: wrong });
    expect(first.body.error.attemptsRemaining).toBe(4);
    expect(first.body.error).not.toHaveProperty('lockoutAfterAttempts');
    for (let i = 0; i < 4; i++) await verify({ mfaToken, method: 'totp', code: wrong });

    // 5 failures spent: the next sign-in's 5 attempts are the account's last 5.
    mfaToken = await startSignIn(h.server, user);
    const second = await verify({ mfaToken, method: 'totp', code: wrong });
    expect(second.body.error).toMatchObject({
      reason: 'wrong',
      attemptsRemaining: 4,
      lockoutAfterAttempts: 4,
      lockoutSeconds: 900,
    });
    for (let left = 3; left >= 1; left--) {
      const res = await verify({ mfaToken, method: 'totp', code: wrong });
      expect(res.body.error).toMatchObject({ lockoutAfterAttempts: left, attemptsRemaining: left });
    }
    const locked = await verify({ mfaToken, method: 'totp', code: wrong });
    expect(locked.status).toBe(423);
  });

  it('applies to the re-check of a session, which has no pending sign-in', async () => {
    const user = await signUpWithTOTP(h.server);
    const res = await h.server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'totp', code: otherCode(...[-1, 0, 1].map((d) => totpCode(h.server, user.secret, d))) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_code',
      reason: 'wrong',
      attemptsRemaining: 9,
      lockoutAfterAttempts: 9,
      lockoutSeconds: 900,
    });
  });

  it('a re-check email code used once is "used" the second time', async () => {
    const user = await signUpWithEmailFactor(h);
    const mark = h.smtp.messages.length;
    await h.server.request('POST', '/api/auth/reauth/challenge', {
      token: user.token,
      body: { method: 'email' },
    });
    const code = await emailCodeFor(h.smtp, user.email, mark);
    const ok = await h.server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'email', code },
    });
    expect(ok.status).toBe(200);
    const again = await h.server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'email', code },
    });
    expect(again.body.error).toMatchObject({ code: 'invalid_code', reason: 'used' });
  });
});

describe('reason of invalid_code when confirming a new factor', () => {
  it('an expired setup code is "expired", a wrong one "wrong"; no lockout is at stake', async () => {
    const email = uniqueEmail();
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email, password: PASSWORD },
    });
    const token = signup.body.session.token as string;
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    const code = await emailCodeFor(h.smtp, email, mark);
    const confirm = (c: string) =>
      h.server.request('POST', '/api/mfa/email/confirm', {
        token,
        body: { factorId: setup.body.factorId, code: c },
      });

    const wrong = await confirm(otherCode(code));
    expect(wrong.body.error).toMatchObject({ code: 'invalid_code', reason: 'wrong', attemptsRemaining: 4 });
    expect(wrong.body.error).not.toHaveProperty('lockoutAfterAttempts');
    h.server.clock.advanceSeconds(301);
    const late = await confirm(code);
    expect(late.body.error).toMatchObject({ code: 'invalid_code', reason: 'expired', attemptsRemaining: 3 });
  });

  it('a wrong authenticator code at setup is "wrong"', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = signup.body.session.token as string;
    const setup = await h.server.request('POST', '/api/mfa/totp/setup', { token, body: {} });
    const window = [-1, 0, 1].map((d) => totpCode(h.server, setup.body.secret, d));
    const res = await h.server.request('POST', '/api/mfa/totp/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: otherCode(...window) },
    });
    expect(res.body.error).toMatchObject({ code: 'invalid_code', reason: 'wrong', attemptsRemaining: 4 });
  });
});

describe('the verify API', () => {
  it('a reject carries the reason: a replayed code is "used", a wrong one "wrong"', async () => {
    const login = await h.server.request('POST', '/api/auth/login', { body: ADMIN });
    const admin = login.body.session.token as string;
    const { key } = await createApiKey(h.server, admin, { name: 'reasons' });
    const enrolled = await enrollApiTOTP(h.server, key, uniqueExternalId());
    const code = totpCode(h.server, enrolled.secret);
    const call = (c: string) =>
      h.server.request('POST', '/api/v1/verify', {
        token: key,
        body: { externalId: enrolled.externalId, method: 'totp', code: c },
      });
    expect((await call(code)).body).toEqual({ result: 'accept' });
    expect((await call(code)).body).toMatchObject({ result: 'reject', reason: 'used', attemptsRemaining: 9 });
    const window = [-1, 0, 1].map((d) => totpCode(h.server, enrolled.secret, d));
    expect((await call(otherCode(...window))).body).toEqual({
      result: 'reject',
      reason: 'wrong',
      attemptsRemaining: 8,
      lockoutAfterAttempts: 8,
      lockoutSeconds: 900,
    });
  });
});
