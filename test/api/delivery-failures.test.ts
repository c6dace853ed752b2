import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/net.js';
import {
  challengeEmail,
  type OtpHarness,
  signUpWithEmailFactor,
  signUpWithSMSFactor,
  smsCodeFor,
  startOtpHarness,
} from '../helpers/otp.js';
import { signUpWithTOTP, startSignIn, startTestServer, totpCode } from '../helpers/server.js';

describe('SMTP down', () => {
  it('answers 502 delivery_failed; the pending sign-in stays alive and TOTP completes it; the failure is counted', async () => {
    const server = await startTestServer({
      env: { SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, DELIVERY_TIMEOUT_MS: '2000' },
    });
    try {
      const user = await signUpWithTOTP(server);
      // An email factor confirmed earlier, while mail still worked.
      const factor = await server.stores.factors.createPending({
        userId: user.userId,
        type: 'email',
        label: 'Email',
        destination: user.email,
        now: server.clock.now(),
      });
      await server.stores.factors.confirm(factor.id, user.userId, server.clock.now(), null);

      const login = await server.request('POST', '/api/auth/login', {
        body: { email: user.email, password: user.password },
      });
      expect(login.body.methods).toEqual(['totp', 'email', 'backup_code']);
      const challenge = await server.request('POST', '/api/auth/mfa/challenge', {
        body: { mfaToken: login.body.mfaToken, method: 'email' },
      });
      expect(challenge.status).toBe(502);
      expect(challenge.body.error).toEqual({
        code: 'delivery_failed',
        message: 'The message could not be delivered. Try another method.',
      });

      const verify = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(server, user.secret) },
      });
      expect(verify.status).toBe(200);

      const metrics = await server.request('GET', '/metrics');
      expect(metrics.body).toMatch(/twofold_deliveries_total\{channel="email",outcome="failed"\} \d+/);
      const failure = server.logs.find(
        (l) => l.includes('"delivery failed"') && l.includes('"purpose":"verify"'),
      );
      expect(failure).toBeDefined();
      expect(failure).toContain('"to":"u***@e***.com"');
      expect(failure).not.toContain(user.email);
      const audit = await server.stores.audit.list({ userId: user.userId, limit: 50 });
      expect(audit.events.map((e) => e.type)).toContain('code_delivery_failed');
    } finally {
      await server.close();
    }
  });
});

describe('providers that refuse or hang', () => {
  let h: OtpHarness;
  beforeAll(async () => {
    h = await startOtpHarness({ DELIVERY_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('an SMTP refusal (550) answers 502; once mail works again the same pending sign-in completes', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    h.smtp.refuseWith = 550;
    try {
      const res = await h.server.request('POST', '/api/auth/mfa/challenge', {
        body: { mfaToken, method: 'email' },
      });
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('delivery_failed');
    } finally {
      h.smtp.refuseWith = null;
    }
    h.server.clock.advanceSeconds(30);
    const code = await challengeEmail(h, mfaToken, user.email);
    expect(
      (await h.server.request('POST', '/api/auth/mfa/verify', { body: { mfaToken, method: 'email', code } }))
        .status,
    ).toBe(200);
  });

  it('Twilio answering 500 gives 502; a hung Twilio gives 502 after the timeout', async () => {
    const user = await signUpWithSMSFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    h.twilio.mode = 'fail';
    const failed = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'sms' },
    });
    expect(failed.status).toBe(502);

    h.twilio.mode = 'hang';
    h.server.clock.advanceSeconds(30);
    const started = performance.now();
    const hung = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'sms' },
    });
    expect(hung.status).toBe(502);
    expect(performance.now() - started).toBeLessThan(3000);

    h.twilio.mode = 'ok';
    h.server.clock.advanceSeconds(30);
    const mark = h.twilio.requests.length;
    expect(
      (await h.server.request('POST', '/api/auth/mfa/challenge', { body: { mfaToken, method: 'sms' } }))
        .status,
    ).toBe(200);
    const code = await smsCodeFor(h.twilio, user.phone!, mark);
    expect(
      (await h.server.request('POST', '/api/auth/mfa/verify', { body: { mfaToken, method: 'sms', code } }))
        .status,
    ).toBe(200);
    const metrics = (await h.server.request('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/twofold_deliveries_total\{channel="sms",outcome="failed"\} 1/);
    expect(metrics).toMatch(/twofold_deliveries_total\{channel="sms",outcome="timeout"\} 1/);
  });

  it('a setup whose code cannot be delivered answers 502 and can be retried', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: 'retry-setup@example.com', password: 'correct horse battery staple' },
    });
    const token = signup.body.session.token;
    h.smtp.refuseWith = 451;
    try {
      expect((await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} })).status).toBe(502);
    } finally {
      h.smtp.refuseWith = null;
    }
    h.server.clock.advanceSeconds(30);
    const retry = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    expect(retry.status).toBe(200);
  });
});
