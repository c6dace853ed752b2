import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtpHarness, PASSWORD, signUpWithEmailFactor, startOtpHarness } from '../helpers/otp.js';
import { startSignIn, uniqueEmail } from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'first admin password' };

let h: OtpHarness;
let adminToken: string;
beforeAll(async () => {
  h = await startOtpHarness({
    TWOFOLD_ADMIN_EMAIL: ADMIN.email,
    TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
    DELIVERY_TIMEOUT_MS: '500',
  });
  const login = await h.server.request('POST', '/api/auth/login', { body: ADMIN });
  adminToken = login.body.session.token;
});
afterAll(async () => {
  await h.close();
});

const test = (body: unknown, token = adminToken) =>
  h.server.request('POST', '/api/admin/providers/test', { token, body });

describe('POST /api/admin/providers/test', () => {
  it('sends a test email and answers 200 once the SMTP server accepted it', async () => {
    const res = await test({ channel: 'email', to: 'ops@example.com' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'sent',
      channel: 'email',
      provider: 'smtp',
      destination: 'o***@e***.com',
    });
    const mail = await h.smtp.waitFor((m) => m.to.includes('ops@example.com'));
    expect(mail.subject).toBe('Twofold test message');
    expect(mail.html).toContain('email delivery works');
  });

  it('sends a test SMS through Twilio', async () => {
    const res = await test({ channel: 'sms', to: '+14155552671' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      channel: 'sms',
      provider: 'twilio',
      destination: '+1 *** *** **71',
      messageId: expect.stringMatching(/^SM/),
    });
    expect(h.twilio.requests.at(-1)!.form).toMatchObject({
      To: '+14155552671',
      Body: expect.stringContaining('SMS delivery works'),
    });
  });

  it('answers 502 when the provider fails or hangs', async () => {
    h.twilio.mode = 'fail';
    expect((await test({ channel: 'sms', to: '+14155552671' })).status).toBe(502);
    h.twilio.mode = 'hang';
    const hung = await test({ channel: 'sms', to: '+14155552671' });
    expect(hung.status).toBe(502);
    expect(hung.body.error.code).toBe('delivery_failed');
    h.twilio.mode = 'ok';
    h.smtp.refuseWith = 550;
    expect((await test({ channel: 'email', to: 'ops@example.com' })).status).toBe(502);
    h.smtp.refuseWith = null;
  });

  it('validates the recipient for the channel', async () => {
    const phone = await test({ channel: 'sms', to: 'ops@example.com' });
    expect(phone.status).toBe(400);
    expect(phone.body.error.details[0].field).toBe('to');
    expect((await test({ channel: 'email', to: '+14155552671' })).status).toBe(400);
    expect((await test({ channel: 'fax', to: 'x' })).status).toBe(400);
  });

  it('is for system admins only: a member gets 403, no session 401', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const member = await test({ channel: 'email', to: 'ops@example.com' }, signup.body.session.token);
    expect(member.status).toBe(403);
    expect(member.body.error.code).toBe('forbidden');
    expect(
      (
        await h.server.request('POST', '/api/admin/providers/test', {
          body: { channel: 'email', to: 'a@b.co' },
        })
      ).status,
    ).toBe(401);
    // A pending sign-in's mfaToken opens only the second step (rule 16).
    const user = await signUpWithEmailFactor(h);
    const mfaToken = await startSignIn(h.server, user);
    expect((await test({ channel: 'email', to: 'ops@example.com' }, mfaToken)).status).toBe(401);
  });

  it('is audited', async () => {
    const { events } = await h.server.stores.audit.list({
      userId: (await h.server.stores.users.findByEmail(ADMIN.email))!.id,
      limit: 100,
    });
    const tested = events.filter((e) => e.type === 'provider_tested');
    expect(tested.map((e) => e.details.outcome)).toEqual(expect.arrayContaining(['sent', 'failed']));
  });
});
