/**
 * Security regressions of email and SMS codes (SECURITY.md rules 5, 7, 8, 9, 13, 14, 22).
 * Each test opens with the flaw it guards against.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmOTPFactor } from '../../src/factors/delivered-code/enroll.js';
import { consumeOTPChallenge, SEND_LIMITS } from '../../src/factors/delivered-code/otp-codes.js';
import { authenticateSession } from '../../src/services/sign-in/sessions.js';
import {
  challengeEmail,
  emailCodeFor,
  type OtpHarness,
  PASSWORD,
  signUpWithEmailFactor,
  smsCodeFor,
  startOtpHarness,
  uniquePhone,
} from '../helpers/otp.js';
import { signUpWithTOTP, startSignIn, totpCode, uniqueEmail } from '../helpers/server.js';

let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness({ TRUST_PROXY: 'true' });
});
afterAll(async () => {
  await h.close();
});

const verify = (mfaToken: string, method: string, code: string, ip?: string) =>
  h.server.request('POST', '/api/auth/mfa/verify', {
    body: { mfaToken, method, code },
    ...(ip ? { headers: { 'x-forwarded-for': ip } } : {}),
  });

/** A 6-digit code that is not `code`. */
const wrongFor = (code: string) => (code === '000000' ? '000001' : '000000');

describe('single use under concurrency', () => {
  it('flaw: two requests racing with one email code both sign in. 20 parallel verifies → exactly one session', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const code = await challengeEmail(h, mfaToken, user.email);
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(mfaToken, 'email', code)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 400 || s === 401)).toBe(true);
  });

  it('flaw: racing confirmations of one setup code; a loser discards the factor the winner confirmed. 20 parallel → one 200, factor kept', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = signup.body.session.token;
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    const code = await emailCodeFor(h.smtp, signup.body.user.email, mark);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.server.request('POST', '/api/mfa/email/confirm', {
          token,
          body: { factorId: setup.body.factorId, code },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const status = await h.server.request('GET', '/api/mfa', { token });
    expect(status.body.factors).toEqual([
      expect.objectContaining({ id: setup.body.factorId, type: 'email' }),
    ]);
  });
});

describe('single use under concurrency, inside one process (requests interleaved at every await)', () => {
  const meta = { ip: '127.0.0.1', userAgent: 'test' };

  it('flaw: the check and the spend of a code are two steps. 20 concurrent consumes of one code → exactly one accepted', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const code = await challengeEmail(h, mfaToken, user.email);
    const [row] = await h.server.stores.database.db
      .selectFrom('otp_challenges')
      .selectAll()
      .where('user_id', '=', user.userId)
      .where('consumed_at', 'is', null)
      .execute();
    const input = {
      factorIds: [row!.factor_id],
      purpose: 'verify' as const,
      mfaTokenId: row!.mfa_token_id,
      code,
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumeOTPChallenge(h.server.ctx, input)),
    );
    expect(results.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'spent')).toHaveLength(19);
  });

  it('flaw: a confirmation that lost the race counts as a wrong code and discards the factor the winner confirmed', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = signup.body.session.token;
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    const code = await emailCodeFor(h.smtp, signup.body.user.email, mark);
    const auth = (await authenticateSession(h.server.ctx, token))!;
    const principal = { kind: 'session' as const, ...auth };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        confirmOTPFactor(h.server.ctx, principal, 'email', { factorId: setup.body.factorId, code }, meta),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const factor = await h.server.stores.factors.findById(setup.body.factorId);
    expect(factor?.confirmedAt).toBeInstanceOf(Date);
    // The losers held the right code: none of them counted as a guess.
    expect(factor?.confirmAttempts).toBe(0);
    expect((await h.server.request('GET', '/api/mfa', { token })).body.enabled).toBe(true);
  });
});

describe('binding', () => {
  it('flaw: a code sent for one pending sign-in works in another. It is refused there and still works where it was sent', async () => {
    const user = await signUpWithEmailFactor(h);
    const first = await startSignIn(h.server, user);
    const code = await challengeEmail(h, first, user.email);
    const second = await startSignIn(h.server, user);
    const crossed = await verify(second, 'email', code);
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.code).toBe('invalid_code');
    expect((await verify(first, 'email', code)).status).toBe(200);
  });

  it('flaw: an SMS code is accepted as the email method. The email verifier looks only at email codes', async () => {
    const user = await signUpWithEmailFactor(h);
    const phone = uniquePhone();
    let mark = h.twilio.requests.length;
    const setup = await h.server.request('POST', '/api/mfa/sms/setup', {
      token: user.token,
      body: { phone },
    });
    expect(setup.status).toBe(200);
    const confirmCode = await smsCodeFor(h.twilio, phone, mark);
    expect(
      (
        await h.server.request('POST', '/api/mfa/sms/confirm', {
          token: user.token,
          body: { factorId: setup.body.factorId, code: confirmCode },
        })
      ).status,
    ).toBe(200);
    h.server.clock.advanceSeconds(31);

    const mfaToken = await startSignIn(h.server, user);
    mark = h.twilio.requests.length;
    expect(
      (await h.server.request('POST', '/api/auth/mfa/challenge', { body: { mfaToken, method: 'sms' } }))
        .status,
    ).toBe(200);
    const smsCode = await smsCodeFor(h.twilio, phone, mark);
    const asEmail = await verify(mfaToken, 'email', smsCode);
    expect(asEmail.status).toBe(400);
    expect(asEmail.body.error.code).toBe('invalid_code');
    expect((await verify(mfaToken, 'sms', smsCode)).status).toBe(200);
  });

  it('flaw: a setup code confirms a sign-in, or a sign-in code re-authenticates a session. Neither is accepted', async () => {
    const user = await signUpWithEmailFactor(h);
    // A pending setup of a second address, with its code in hand…
    const other = uniqueEmail('second');
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', {
      token: user.token,
      body: { email: other },
    });
    expect(setup.status).toBe(200);
    const setupCode = await emailCodeFor(h.smtp, other, mark);
    const mfaToken = await startSignIn(h.server, user);
    expect((await verify(mfaToken, 'email', setupCode)).status).toBe(400);
    // …and a sign-in code used to re-authenticate the session instead.
    h.server.clock.advanceSeconds(31);
    const signInCode = await challengeEmail(h, mfaToken, user.email);
    const reauth = await h.server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'email', code: signInCode },
    });
    expect(reauth.status).toBe(400);
    expect((await verify(mfaToken, 'email', signInCode)).status).toBe(200);
  });

  it('flaw: a pending second step binds a new factor. Its mfaToken does not open the email/SMS setup routes', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    for (const [path, body] of [
      ['/api/mfa/email/setup', {}],
      ['/api/mfa/sms/setup', { phone: uniquePhone() }],
      ['/api/mfa/email/confirm', { factorId: user.factorId, code: '123456' }],
    ] as const) {
      const res = await h.server.request('POST', path, { token: mfaToken, body });
      expect(res.status, path).toBe(401);
    }
  });

  it('flaw: an enrolling mfaToken asks for sign-in codes. The challenge accepts only a pending second step', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const res = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: signup.body.session.token, method: 'email' },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_mfa_token');
  });
});

describe('throttling shared with TOTP', () => {
  it('flaw: each method gets its own attempt budget. 5 wrong codes of any method end the pending sign-in; 10 lock the account', async () => {
    const user = await signUpWithTOTP(h.server);
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token: user.token, body: {} });
    const setupCode = await emailCodeFor(h.smtp, user.email, mark);
    await h.server.request('POST', '/api/mfa/email/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code: setupCode },
    });
    h.server.clock.advanceSeconds(31);

    const first = await startSignIn(h.server, user);
    const code = await challengeEmail(h, first, user.email);
    const methods = ['email', 'totp', 'email', 'totp', 'email'];
    const remaining: number[] = [];
    for (const method of methods) {
      const res = await verify(
        first,
        method,
        method === 'email' ? wrongFor(code) : wrongFor(totpCode(h.server, user.secret)),
      );
      expect(res.status).toBe(400);
      remaining.push(res.body.error.attemptsRemaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    // Even the right email code no longer works: the pending sign-in is dead.
    expect((await verify(first, 'email', code)).status).toBe(401);

    // The account budget continues across pending sign-ins: 5 more failures lock it.
    h.server.clock.advanceSeconds(31);
    const second = await startSignIn(h.server, user);
    const code2 = await challengeEmail(h, second, user.email);
    for (let i = 0; i < 4; i++)
      expect((await verify(second, i % 2 ? 'totp' : 'email', wrongFor(code2))).status).toBe(400);
    const locking = await verify(second, 'email', wrongFor(code2));
    expect(locking.status).toBe(423);
    expect(locking.body.error.code).toBe('account_locked');

    // Locked: no new code is even sent.
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.status).toBe(423);
  });
});

describe('send limits (rule 9)', () => {
  it('flaw: unlimited sends let an attacker pump SMS or flood a mailbox. The account cap answers 429 after 10 in an hour', async () => {
    const user = await signUpWithEmailFactor(h); // 1 send
    const mfaToken = await startSignIn(h.server, user);
    const statuses: number[] = [];
    for (let i = 0; i < SEND_LIMITS.perAccount; i++) {
      const res = await h.server.request('POST', '/api/auth/mfa/challenge', {
        body: { mfaToken, method: 'email' },
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(res.status);
      h.server.clock.advanceSeconds(30);
    }
    expect(statuses.slice(0, SEND_LIMITS.perAccount - 1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('flaw: one client sends codes to many accounts. The per-IP cap answers 429 for that address only', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < SEND_LIMITS.perIp; i++) {
      await h.server.stores.rateLimiter.consume(
        `otp:send:ip:${ip}`,
        SEND_LIMITS.perIp,
        SEND_LIMITS.windowSeconds,
        h.server.clock.now(),
      );
    }
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const capped = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'email' },
      headers: { 'x-forwarded-for': ip },
    });
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(0);
    h.server.clock.advanceSeconds(31);
    const elsewhere = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'email' },
      headers: { 'x-forwarded-for': '203.0.113.78' },
    });
    expect(elsewhere.status).toBe(200);
  });
});

describe('storage', () => {
  it('flaw: codes stored readable. The row holds only a salted keyed hash', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const code = await challengeEmail(h, mfaToken, user.email);
    const rows = await h.server.stores.database.db
      .selectFrom('otp_challenges')
      .selectAll()
      .where('user_id', '=', user.userId)
      .execute();
    const live = rows.filter((r) => r.consumed_at === null);
    expect(live).toHaveLength(1);
    expect(live[0]!.code_hash).not.toContain(code);
    expect(live[0]!.code_hash).toMatch(/^[\w-]+\.[\w-]{43}$/);
    expect(live[0]!.expires_at - live[0]!.created_at).toBe(300_000);
  });
});
