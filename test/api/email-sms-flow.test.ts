import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/delivery/webhook-sms.js';
import {
  challengeEmail,
  emailCodeFor,
  enableSMS,
  type OtpHarness,
  PASSWORD,
  signUpWithEmailFactor,
  signUpWithSMSFactor,
  smsCodeFor,
  startOtpHarness,
  uniquePhone,
} from '../helpers/otp.js';
import { signUpWithTOTP, startSignIn, startTestServer, totpCode, uniqueEmail } from '../helpers/server.js';
import { startWebhookReceiver } from '../helpers/sms-stubs.js';

let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness();
});
afterAll(async () => {
  await h.close();
});

describe('email codes', () => {
  it('setup sends a code to the account address by default; confirm enables 2FA and returns backup codes once', async () => {
    const { server, smtp } = h;
    const email = uniqueEmail('ann');
    const signup = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    const token = signup.body.session.token;
    const mark = smtp.messages.length;
    const setup = await server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    expect(setup.status).toBe(200);
    expect(setup.body).toEqual({
      factorId: expect.any(String),
      destination: 'a***@e***.com',
      expiresAt: new Date(server.clock.now().getTime() + 300_000).toISOString(),
      resendAfterSeconds: 30,
    });
    const code = await emailCodeFor(smtp, email, mark);
    expect(code).toMatch(/^\d{6}$/);
    // Pending: nothing usable yet.
    expect((await server.request('GET', '/api/mfa', { token })).body).toMatchObject({
      enabled: false,
      factors: [],
    });

    const wrong = await server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: code === '000000' ? '000001' : '000000' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_code', attemptsRemaining: 4 });
    const confirm = await server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId: setup.body.factorId, code },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.factor).toMatchObject({
      id: setup.body.factorId,
      type: 'email',
      label: 'Email a***@e***.com',
      preferred: true,
    });
    expect(confirm.body.backupCodes).toHaveLength(10);
    // The same code does not confirm twice.
    const again = await server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId: setup.body.factorId, code },
    });
    expect(again.status).toBe(404);
    const status = await server.request('GET', '/api/mfa', { token });
    expect(status.body).toMatchObject({
      enabled: true,
      factors: [{ type: 'email' }],
      backupCodes: { remaining: 10 },
    });
  });

  it('signs in with password then an email code; the login lists email and prefers it', async () => {
    const user = await signUpWithEmailFactor(h);
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body).toMatchObject({
      status: 'mfa_required',
      methods: ['email', 'backup_code'],
      preferredMethod: 'email',
    });
    const mark = h.smtp.messages.length;
    const challenge = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: login.body.mfaToken, method: 'email' },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toMatchObject({
      method: 'email',
      destination: expect.stringMatching(/^u\*\*\*@e\*\*\*\.com$/),
      resendAfterSeconds: 30,
    });
    const code = await emailCodeFor(h.smtp, user.email, mark);
    const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'email', code },
    });
    expect(verify.status).toBe(200);
    expect(verify.body.status).toBe('authenticated');
    expect(verify.headers.get('set-cookie')).toMatch(/twofold_session=/);
  });

  it('binds another address when given one, and refuses a malformed one', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = signup.body.session.token;
    const other = uniqueEmail('work');
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', {
      token,
      body: { email: other.toUpperCase() },
    });
    expect(setup.status).toBe(200);
    expect(setup.body.destination).toBe('w***@e***.com');
    await emailCodeFor(h.smtp, other, mark);
    const bad = await h.server.request('POST', '/api/mfa/email/setup', {
      token,
      body: { email: 'not an email' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('email');
  });

  it('a code expires after 5 minutes', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const code = await challengeEmail(h, mfaToken, user.email);
    h.server.clock.advanceSeconds(301);
    const res = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'email', code },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_code');
  });

  it('honours a shorter policy lifetime and caps a longer one at 10 minutes', async () => {
    const user = await signUpWithEmailFactor(h);
    const policy = await h.server.stores.settings.getPolicy();
    try {
      policy.methods.email.codeTtlSeconds = 3600;
      await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
      const mfaToken = await startSignIn(h.server, user);
      const res = await h.server.request('POST', '/api/auth/mfa/challenge', {
        body: { mfaToken, method: 'email' },
      });
      // Capped by rule 7 (10 minutes), which here is also the pending sign-in's own lifetime.
      expect(Date.parse(res.body.expiresAt) - h.server.clock.now().getTime()).toBe(600_000);

      policy.methods.email.codeTtlSeconds = 120;
      await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
      h.server.clock.advanceSeconds(31);
      const mark = h.smtp.messages.length;
      const second = await h.server.request('POST', '/api/auth/mfa/challenge', {
        body: { mfaToken, method: 'email' },
      });
      expect(Date.parse(second.body.expiresAt) - h.server.clock.now().getTime()).toBe(120_000);
      const mail = await h.smtp.waitFor(
        (m) => h.smtp.messages.indexOf(m) >= mark && m.to.includes(user.email),
      );
      expect(mail.text).toContain('expires in 2 minutes');
    } finally {
      policy.methods.email.codeTtlSeconds = 300;
      await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    }
  });

  it('a used code cannot be used again, not even in the same pending sign-in', async () => {
    const user = await signUpWithEmailFactor(h);
    const first = await startSignIn(h.server, user);
    const code = await challengeEmail(h, first, user.email);
    expect(
      (
        await h.server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken: first, method: 'email', code },
        })
      ).status,
    ).toBe(200);
    const again = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: first, method: 'email', code },
    });
    expect(again.status).toBe(401); // the pending sign-in itself is spent
    const second = await startSignIn(h.server, user);
    const replay = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: second, method: 'email', code },
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('invalid_code');
  });
});

describe('resend', () => {
  it('waits 30 s between sends (429 with Retry-After), then a resend replaces the old code', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const oldCode = await challengeEmail(h, mfaToken, user.email);
    h.server.clock.advanceSeconds(10);
    const early = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'email' },
    });
    expect(early.status).toBe(429);
    expect(early.body.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 20 });
    expect(early.headers.get('retry-after')).toBe('20');

    h.server.clock.advanceSeconds(20);
    const newCode = await challengeEmail(h, mfaToken, user.email);
    if (newCode !== oldCode) {
      const stale = await h.server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'email', code: oldCode },
      });
      expect(stale.status).toBe(400);
      expect(stale.body.error).toMatchObject({ code: 'invalid_code', attemptsRemaining: 4 });
    }
    const ok = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'email', code: newCode },
    });
    expect(ok.status).toBe(200);
  });

  it('does not reset the failure count of the pending sign-in', async () => {
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    const code = await challengeEmail(h, mfaToken, user.email);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 3; i++) {
      await h.server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'email', code: wrong },
      });
    }
    h.server.clock.advanceSeconds(30);
    await challengeEmail(h, mfaToken, user.email);
    const res = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'email', code: wrong },
    });
    expect(res.body.error).toMatchObject({ code: 'invalid_code', attemptsRemaining: 1 });
  });

  it('asking for the same address again during setup is a resend: same factor, failure count kept', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = signup.body.session.token;
    const first = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    await h.server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId: first.body.factorId, code: '000000' },
    });
    const early = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    expect(early.status).toBe(429);
    h.server.clock.advanceSeconds(30);
    const second = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    expect(second.body.factorId).toBe(first.body.factorId);
    const wrong = await h.server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId: first.body.factorId, code: '000000' },
    });
    expect(wrong.body.error.attemptsRemaining).toBe(3);
  });
});

describe('SMS codes', () => {
  it('setup validates E.164, sends through Twilio, shows the number masked; sign-in works with an SMS code', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = signup.body.session.token;
    for (const phone of ['5551234567', '+1 555', 'call me', '+999123456789']) {
      const bad = await h.server.request('POST', '/api/mfa/sms/setup', { token, body: { phone } });
      expect(bad.status, phone).toBe(400);
      expect(bad.body.error.code).toBe('invalid_request');
      expect(bad.body.error.details[0].field).toBe('phone');
    }
    const phone = uniquePhone();
    const mark = h.twilio.requests.length;
    const setup = await h.server.request('POST', '/api/mfa/sms/setup', {
      token,
      body: { phone: `${phone.slice(0, 2)} (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}` },
    });
    expect(setup.status).toBe(200);
    expect(setup.body.destination).toBe(`+1 *** *** **${phone.slice(-2)}`);
    const code = await smsCodeFor(h.twilio, phone, mark);
    const sent = h.twilio.requests.at(-1)!;
    expect(sent.form).toMatchObject({ To: phone, From: '+15005550006' });
    expect(sent.form.Body).toMatch(
      /^\d{6} is your Twofold code to confirm this phone number\. It expires in 5 minutes/,
    );
    const confirm = await h.server.request('POST', '/api/mfa/sms/confirm', {
      token,
      body: { factorId: setup.body.factorId, code },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.factor).toMatchObject({ type: 'sms', label: `SMS +1 *** *** **${phone.slice(-2)}` });

    h.server.clock.advanceSeconds(31);
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: signup.body.user.email, password: PASSWORD },
    });
    expect(login.body).toMatchObject({ methods: ['sms', 'backup_code'], preferredMethod: 'sms' });
    const before = h.twilio.requests.length;
    const challenge = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: login.body.mfaToken, method: 'sms' },
    });
    expect(challenge.body).toMatchObject({ method: 'sms', destination: `+1 *** *** **${phone.slice(-2)}` });
    const smsCode = await smsCodeFor(h.twilio, phone, before);
    const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'sms', code: smsCode },
    });
    expect(verify.status).toBe(200);
  });

  it('refuses the SMS method while the policy disables it', async () => {
    const user = await signUpWithSMSFactor(h);
    const policy = await h.server.stores.settings.getPolicy();
    policy.methods.sms.enabled = false;
    await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    try {
      const setup = await h.server.request('POST', '/api/mfa/sms/setup', {
        token: user.token,
        body: { phone: uniquePhone() },
      });
      expect(setup.status).toBe(403);
    } finally {
      policy.methods.sms.enabled = true;
      await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    }
  });

  it('refuses to bind the same number twice (409)', async () => {
    const user = await signUpWithSMSFactor(h);
    const again = await h.server.request('POST', '/api/mfa/sms/setup', {
      token: user.token,
      body: { phone: user.phone },
    });
    expect(again.status).toBe(409);
  });
});

describe('with several methods', () => {
  it('a user with TOTP adds email (recent auth), and the login lists both', async () => {
    const user = await signUpWithTOTP(h.server);
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token: user.token, body: {} });
    expect(setup.status).toBe(200);
    const code = await emailCodeFor(h.smtp, user.email, mark);
    const confirm = await h.server.request('POST', '/api/mfa/email/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code },
    });
    expect(confirm.body.backupCodes).toBeNull();
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body).toMatchObject({ methods: ['totp', 'email', 'backup_code'], preferredMethod: 'totp' });
    // TOTP still signs in.
    const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(h.server, user.secret) },
    });
    expect(verify.status).toBe(200);
  });

  it('a stale session cannot add an email factor without re-authentication', async () => {
    const user = await signUpWithTOTP(h.server);
    h.server.clock.advanceSeconds(301);
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token: user.token, body: {} });
    expect(setup.status).toBe(403);
    expect(setup.body.error.code).toBe('reauthentication_required');
  });

  it('challenge refuses a method the user has not enrolled (400, no destination revealed)', async () => {
    const user = await signUpWithTOTP(h.server);
    const mfaToken = await startSignIn(h.server, user);
    for (const method of ['email', 'sms']) {
      const res = await h.server.request('POST', '/api/auth/mfa/challenge', { body: { mfaToken, method } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(JSON.stringify(res.body)).not.toContain('***');
    }
    const bogus = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: 'nope', method: 'email' },
    });
    expect(bogus.status).toBe(401);
    expect(bogus.body.error.code).toBe('invalid_mfa_token');
  });
});

describe('enrollment during a login that must enroll', () => {
  it('an enforced user binds email with the mfaToken and the confirm completes the login', async () => {
    const policy = await h.server.stores.settings.getPolicy();
    policy.enforcement = {
      ...policy.enforcement,
      scope: 'all',
      startedAt: h.server.clock.now().toISOString(),
    };
    await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    try {
      const email = uniqueEmail();
      const signup = await h.server.request('POST', '/api/auth/signup', {
        body: { email, password: PASSWORD },
      });
      expect(signup.body).toMatchObject({
        status: 'mfa_enrollment_required',
        allowedMethods: ['totp', 'email', 'sms', 'webauthn'],
      });
      const mfaToken = signup.body.mfaToken;
      const mark = h.smtp.messages.length;
      const setup = await h.server.request('POST', '/api/mfa/email/setup', { token: mfaToken, body: {} });
      expect(setup.status).toBe(200);
      expect(Date.parse(setup.body.expiresAt)).toBeLessThanOrEqual(Date.parse(signup.body.expiresAt));
      const code = await emailCodeFor(h.smtp, email, mark);
      // The code is bound to this pending login: the same user's other pending login cannot use it.
      const other = await h.server.request('POST', '/api/auth/login', {
        body: { email, password: PASSWORD },
      });
      expect(other.body.status).toBe('mfa_enrollment_required');
      const crossed = await h.server.request('POST', '/api/mfa/email/confirm', {
        token: other.body.mfaToken,
        body: { factorId: setup.body.factorId, code },
      });
      expect(crossed.status).toBe(400);
      expect(crossed.body.error.code).toBe('invalid_code');
      const confirm = await h.server.request('POST', '/api/mfa/email/confirm', {
        token: mfaToken,
        body: { factorId: setup.body.factorId, code },
      });
      expect(confirm.status).toBe(200);
      expect(confirm.body.session.token).toEqual(expect.any(String));
      expect(confirm.body.backupCodes).toHaveLength(10);
      expect(confirm.headers.get('set-cookie')).toMatch(/twofold_session=/);
      expect(
        (await h.server.request('GET', '/api/mfa', { token: confirm.body.session.token })).body.enabled,
      ).toBe(true);
      // The mfaToken is spent.
      expect((await h.server.request('GET', '/api/mfa', { token: mfaToken })).status).toBe(401);
    } finally {
      policy.enforcement = { ...policy.enforcement, scope: 'none', startedAt: null };
      await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    }
  });
});

describe('SMS through the signed webhook', () => {
  it('delivers {to, body, code, purpose} with a signature the receiver can verify, and the code signs in', async () => {
    const receiver = await startWebhookReceiver();
    const secret = 'whsec_flow_test';
    const server = await startTestServer({
      env: {
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: `${receiver.url}/hooks/sms`,
        SMS_WEBHOOK_SECRET: secret,
      },
    });
    try {
      await enableSMS(server);
      const email = uniqueEmail();
      const signup = await server.request('POST', '/api/auth/signup', {
        body: { email, password: PASSWORD },
      });
      const token = signup.body.session.token;
      const setup = await server.request('POST', '/api/mfa/sms/setup', {
        token,
        body: { phone: '+14155552671' },
      });
      expect(setup.status).toBe(200);
      const hook = await receiver.waitFor(() => true);
      expect(hook.path).toBe('/hooks/sms');
      expect(hook.json).toMatchObject({
        to: '+14155552671',
        purpose: 'enroll',
        code: expect.stringMatching(/^\d{6}$/),
      });
      expect(hook.json.body).toContain(hook.json.code!);
      const signature = hook.headers['x-twofold-signature'] as string;
      expect(verifyWebhookSignature(secret, hook.body, signature, server.clock.seconds)).toBe(true);
      expect(verifyWebhookSignature('wrong', hook.body, signature, server.clock.seconds)).toBe(false);
      const confirm = await server.request('POST', '/api/mfa/sms/confirm', {
        token,
        body: { factorId: setup.body.factorId, code: hook.json.code },
      });
      expect(confirm.status).toBe(200);

      server.clock.advanceSeconds(31);
      const mfaToken = await startSignIn(server, { email, password: PASSWORD });
      const mark = receiver.requests.length;
      expect(
        (await server.request('POST', '/api/auth/mfa/challenge', { body: { mfaToken, method: 'sms' } }))
          .status,
      ).toBe(200);
      const signIn = await receiver.waitFor((r) => receiver.requests.indexOf(r) >= mark);
      expect(signIn.json.purpose).toBe('verify');
      const verify = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'sms', code: signIn.json.code },
      });
      expect(verify.status).toBe(200);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});

describe('OpenAPI', () => {
  it('documents the email/SMS routes', async () => {
    const doc = (await h.server.request('GET', '/api/openapi.json')).body;
    for (const path of [
      '/api/mfa/email/setup',
      '/api/mfa/email/confirm',
      '/api/mfa/sms/setup',
      '/api/mfa/sms/confirm',
      '/api/auth/mfa/challenge',
      '/api/admin/providers/test',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(
      doc.paths['/api/mfa/sms/setup'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['phone']);
  });
});
