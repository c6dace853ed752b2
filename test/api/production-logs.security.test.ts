/**
 * Flaw guarded: one-time codes in production logs (SECURITY.md rule 22). The log
 * provider and the dev outbox exist for development; in production no log line
 * may carry a delivered code, and the outbox route does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  challengeEmail,
  type OtpHarness,
  PASSWORD,
  signUpWithEmailFactor,
  signUpWithSMSFactor,
  smsCodeFor,
  startOtpHarness,
} from '../helpers/otp.js';
import { startSignIn, startTestServer, uniqueEmail } from '../helpers/server.js';
import { codeIn } from '../helpers/smtp-sink.js';

describe('NODE_ENV=production with SMTP and Twilio', () => {
  let h: OtpHarness;
  beforeAll(async () => {
    h = await startOtpHarness({ NODE_ENV: 'production', LOG_LEVEL: 'trace' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('the log holds none of the codes delivered, and no message text', async () => {
    const codes: string[] = [];
    const emailUser = await signUpWithEmailFactor(h);
    codes.push(
      ...h.smtp
        .to(emailUser.email)
        .filter((m) => /verification code/.test(m.subject))
        .map((m) => codeIn(m.text)),
    );
    const mfaToken = await startSignIn(h.server, emailUser);
    const code = await challengeEmail(h, mfaToken, emailUser.email);
    codes.push(code);
    expect(
      (await h.server.request('POST', '/api/auth/mfa/verify', { body: { mfaToken, method: 'email', code } }))
        .status,
    ).toBe(200);

    const smsUser = await signUpWithSMSFactor(h);
    codes.push(
      ...h.twilio.requests.filter((r) => r.form.To === smsUser.phone).map((r) => codeIn(r.form.Body!)),
    );
    const smsToken = await startSignIn(h.server, smsUser);
    const mark = h.twilio.requests.length;
    await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: smsToken, method: 'sms' },
    });
    const smsCode = await smsCodeFor(h.twilio, smsUser.phone!, mark);
    codes.push(smsCode);
    // A wrong code, too: failures are logged as well.
    await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: smsToken, method: 'sms', code: smsCode === '000000' ? '000001' : '000000' },
    });
    expect(
      (
        await h.server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken: smsToken, method: 'sms', code: smsCode },
        })
      ).status,
    ).toBe(200);

    expect(codes.length).toBeGreaterThanOrEqual(4);
    const log = h.server.logs.join('');
    expect(log).toContain('message delivered'); // the log was written…
    for (const c of codes) expect(log, `code ${c}`).not.toContain(c); // …without a code
    expect(log).not.toContain('verification code');
    expect(log).not.toContain(emailUser.email);
    expect(log).not.toContain(smsUser.phone!);
  });

  it('has no dev outbox route', async () => {
    const res = await h.server.request('GET', '/api/dev/outbox');
    expect([401, 404]).toContain(res.status);
    expect(JSON.stringify(res.body)).not.toContain('messages');
  });
});

describe('NODE_ENV=production with no mail server configured', () => {
  it('refuses an undeliverable method up front (403, never a log "delivery") and logs neither code nor text', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production', LOG_LEVEL: 'trace' } });
    try {
      const signup = await server.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail(), password: PASSWORD },
      });
      const setup = await server.request('POST', '/api/mfa/email/setup', {
        token: signup.body.session.token,
        body: {},
      });
      expect(setup.status).toBe(403);
      expect(setup.body.error.code).toBe('forbidden');
      const log = server.logs.join('');
      expect(log).toContain('no mail server or SMS provider configured');
      expect(log).not.toMatch(/verification code|dev delivery/);
      expect(log).not.toContain('"devMessage"');
    } finally {
      await server.close();
    }
  });
});

describe('development (no provider): the log and the dev outbox', () => {
  it('GET /api/dev/outbox lists what was sent, newest first; the codes sign in', async () => {
    const server = await startTestServer();
    try {
      const email = uniqueEmail();
      const signup = await server.request('POST', '/api/auth/signup', {
        body: { email, password: PASSWORD },
      });
      const token = signup.body.session.token;
      const setup = await server.request('POST', '/api/mfa/email/setup', { token, body: {} });
      expect(setup.status).toBe(200);
      const outbox = await server.request('GET', '/api/dev/outbox');
      expect(outbox.status).toBe(200);
      const [latest] = outbox.body.messages;
      expect(latest).toEqual({
        id: expect.any(String),
        channel: 'email',
        to: email,
        subject: expect.stringMatching(/^\d{6} is your Twofold verification code$/),
        text: expect.stringContaining('expires in 5 minutes'),
        at: server.clock.now().toISOString(),
      });
      const code = codeIn(latest.text);
      expect(
        (
          await server.request('POST', '/api/mfa/email/confirm', {
            token,
            body: { factorId: setup.body.factorId, code },
          })
        ).status,
      ).toBe(200);
      // The log carries the code too: that is what the log provider is for, outside production.
      expect(server.logs.join('')).toContain(code);

      server.clock.advanceSeconds(31);
      const mfaToken = await startSignIn(server, { email, password: PASSWORD });
      expect(
        (await server.request('POST', '/api/auth/mfa/challenge', { body: { mfaToken, method: 'email' } }))
          .status,
      ).toBe(200);
      const after = (await server.request('GET', '/api/dev/outbox')).body.messages;
      // Newest first: the sign-in code, then the factor-added notice, then the setup code.
      expect(after[0].subject).toMatch(/verification code/);
      expect(after.some((m: { subject: string }) => /sign-in method was added/.test(m.subject))).toBe(true);
      const verify = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'email', code: codeIn(after[0].text) },
      });
      expect(verify.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('SMS with SMS_PROVIDER=log lands in the outbox with no subject', async () => {
    const server = await startTestServer({ env: { SMS_PROVIDER: 'log' } });
    try {
      const policy = await server.stores.settings.getPolicy();
      policy.methods.sms.enabled = true;
      await server.stores.settings.savePolicy(policy, server.clock.now());
      const signup = await server.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail(), password: PASSWORD },
      });
      const setup = await server.request('POST', '/api/mfa/sms/setup', {
        token: signup.body.session.token,
        body: { phone: '+14155552671' },
      });
      expect(setup.status).toBe(200);
      const [latest] = (await server.request('GET', '/api/dev/outbox')).body.messages;
      expect(latest).toMatchObject({ channel: 'sms', to: '+14155552671', subject: null });
      expect(latest.text).toMatch(/^\d{6} is your Twofold code to confirm this phone number/);
    } finally {
      await server.close();
    }
  });
});

describe('production without a mail server or SMS provider', () => {
  it('does not offer email or SMS (they could only fail) and says so in public config', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const signup = await server.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail(), password: 'long enough pw' },
      });
      const status = await server.request('GET', '/api/mfa', { token: signup.body.session.token });
      expect(status.body.allowedMethods).toEqual(['totp']);
      const setup = await server.request('POST', '/api/mfa/email/setup', {
        token: signup.body.session.token,
        body: {},
      });
      expect(setup.status).toBe(403);
      const config = await server.request('GET', '/api/public-config');
      expect(config.body.methods).toMatchObject({ totp: true, email: false, sms: false, backupCodes: true });
      expect(config.body.devOutbox).toBe(false);
    } finally {
      await server.close();
    }
  });
});
