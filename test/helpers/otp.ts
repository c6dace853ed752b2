import { startTestServer, type TestServer, uniqueEmail } from './server.js';
import type { HttpStub, TwilioRequest } from './sms-stubs.js';
import { startTwilioStub, TWILIO_TEST_ACCOUNT } from './sms-stubs.js';
import { codeIn, type SmtpSink, startSmtpSink } from './smtp-sink.js';

export const PASSWORD = 'correct horse battery staple';

/** A test server wired to a real SMTP sink and a Twilio stand-in, with SMS enabled in the policy. */
export interface OtpHarness {
  server: TestServer;
  smtp: SmtpSink;
  twilio: HttpStub<TwilioRequest>;
  close(): Promise<void>;
}

export async function startOtpHarness(
  env: Record<string, string> = {},
  options: { database?: 'sqlite' | 'postgres' } = {},
): Promise<OtpHarness> {
  const smtp = await startSmtpSink();
  const twilio = await startTwilioStub();
  const server = await startTestServer({
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Twofold <no-reply@twofold.test>',
      SMS_PROVIDER: 'twilio',
      TWILIO_API_URL: twilio.url,
      ...TWILIO_TEST_ACCOUNT,
      DELIVERY_TIMEOUT_MS: '1000',
      ...env,
    },
    ...options,
  });
  await enableSMS(server);
  return {
    server,
    smtp,
    twilio,
    async close() {
      await server.close();
      await smtp.close();
      await twilio.close();
    },
  };
}

/** Turns the SMS method on (the default policy ships it off). */
export async function enableSMS(server: TestServer): Promise<void> {
  const policy = await server.stores.settings.getPolicy();
  policy.methods.sms.enabled = true;
  await server.stores.settings.savePolicy(policy, server.clock.now());
}

/** The code of the first code email to `address` received after `mark` messages. */
export async function emailCodeFor(smtp: SmtpSink, address: string, mark: number): Promise<string> {
  const mail = await smtp.waitFor(
    (m) => smtp.messages.indexOf(m) >= mark && m.to.includes(address) && /verification code/.test(m.subject),
  );
  return codeIn(mail.text);
}

/** The code of the first SMS to `phone` Twilio received after `mark` requests. */
export async function smsCodeFor(
  twilio: HttpStub<TwilioRequest>,
  phone: string,
  mark: number,
): Promise<string> {
  const request = await twilio.waitFor((r) => twilio.requests.indexOf(r) >= mark && r.form.To === phone);
  return codeIn(request.form.Body ?? '');
}

export interface OtpUser {
  email: string;
  password: string;
  userId: string;
  /** Session token (recent auth at sign-up). */
  token: string;
  factorId: string;
  backupCodes: string[];
  phone?: string;
}

/** Signs up and binds the account's email address as the first factor; moves the clock past the resend cooldown. */
export async function signUpWithEmailFactor(h: OtpHarness, email = uniqueEmail()): Promise<OtpUser> {
  const { server, smtp } = h;
  const signup = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
  if (signup.status !== 201) throw new Error(`signup: ${JSON.stringify(signup.body)}`);
  const token = signup.body.session.token as string;
  const mark = smtp.messages.length;
  const setup = await server.request('POST', '/api/mfa/email/setup', { token, body: {} });
  if (setup.status !== 200) throw new Error(`email setup: ${JSON.stringify(setup.body)}`);
  const code = await emailCodeFor(smtp, email, mark);
  const confirm = await server.request('POST', '/api/mfa/email/confirm', {
    token,
    body: { factorId: setup.body.factorId, code },
  });
  if (confirm.status !== 200) throw new Error(`email confirm: ${JSON.stringify(confirm.body)}`);
  server.clock.advanceSeconds(31);
  return {
    email,
    password: PASSWORD,
    userId: signup.body.user.id,
    token,
    factorId: setup.body.factorId,
    backupCodes: confirm.body.backupCodes,
  };
}

let phoneCounter = 0;
/** A distinct, possible US number in the 555 test range. */
export function uniquePhone(): string {
  phoneCounter += 1;
  return `+1555${String(1_000_000 + ((process.pid * 7919 + phoneCounter) % 9_000_000)).slice(0, 7)}`;
}

/** Signs up and binds a phone as the first factor; moves the clock past the resend cooldown. */
export async function signUpWithSMSFactor(h: OtpHarness, phone = uniquePhone()): Promise<OtpUser> {
  const { server, twilio } = h;
  const email = uniqueEmail();
  const signup = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
  const token = signup.body.session.token as string;
  const mark = twilio.requests.length;
  const setup = await server.request('POST', '/api/mfa/sms/setup', { token, body: { phone } });
  if (setup.status !== 200) throw new Error(`sms setup: ${JSON.stringify(setup.body)}`);
  const code = await smsCodeFor(twilio, phone, mark);
  const confirm = await server.request('POST', '/api/mfa/sms/confirm', {
    token,
    body: { factorId: setup.body.factorId, code },
  });
  if (confirm.status !== 200) throw new Error(`sms confirm: ${JSON.stringify(confirm.body)}`);
  server.clock.advanceSeconds(31);
  return {
    email,
    password: PASSWORD,
    userId: signup.body.user.id,
    token,
    factorId: setup.body.factorId,
    backupCodes: confirm.body.backupCodes,
    phone,
  };
}

/** Asks for an email code for a pending sign-in and returns it as received. */
export async function challengeEmail(h: OtpHarness, mfaToken: string, address: string): Promise<string> {
  const mark = h.smtp.messages.length;
  const res = await h.server.request('POST', '/api/auth/mfa/challenge', {
    body: { mfaToken, method: 'email' },
  });
  if (res.status !== 200) throw new Error(`challenge: ${res.status} ${JSON.stringify(res.body)}`);
  return emailCodeFor(h.smtp, address, mark);
}
