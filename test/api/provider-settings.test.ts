import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openStores } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { Keyring } from '../../src/crypto/keyring.js';
import { createLogger } from '../../src/logger.js';
import { createProviderLoader, resealProviderSecrets } from '../../src/services/admin/provider-settings.js';
import {
  enableSMS,
  type OtpHarness,
  PASSWORD,
  signUpWithEmailFactor,
  signUpWithSMSFactor,
  startOtpHarness,
} from '../helpers/otp.js';
import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';
import {
  type HttpStub,
  startTwilioStub,
  TWILIO_TEST_ACCOUNT,
  type TwilioRequest,
} from '../helpers/sms-stubs.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

/*
 * Mail and SMS providers set in the admin console (issue 16 item 9): the server
 * starts with no provider in its environment but MAIL_FROM, the console points it
 * at a real SMTP sink and a Twilio stand-in, and codes arrive there without a restart.
 */
const ADMIN = { email: 'root@example.com', password: 'first admin password' };
const SMTP_AUTH = { user: 'mailer', pass: 'sink-password-4f9c1e' };
const ENV_FROM = 'Env Sender <env@twofold.test>';

let server: TestServer;
let smtp: SmtpSink;
let twilio: HttpStub<TwilioRequest>;
let admin: string;
/** Every response body this file received, for the "never sent back" check. */
const bodies: string[] = [];

async function call(method: string, path: string, body?: unknown, token = admin) {
  const res = await server.request(method, path, { token, ...(body === undefined ? {} : { body }) });
  bodies.push(JSON.stringify(res.body));
  return res;
}

const emailSettings = () => ({
  host: '127.0.0.1',
  port: smtp.port,
  security: 'none',
  user: SMTP_AUTH.user,
  password: SMTP_AUTH.pass,
});
const twilioSettings = () => ({
  provider: 'twilio',
  accountSid: TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID,
  authToken: TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN,
  from: TWILIO_TEST_ACCOUNT.TWILIO_FROM,
  apiUrl: twilio.url,
});

beforeAll(async () => {
  smtp = await startSmtpSink({ auth: SMTP_AUTH });
  twilio = await startTwilioStub();
  server = await startTestServer({
    env: {
      TWOFOLD_ADMIN_EMAIL: ADMIN.email,
      TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
      MAIL_FROM: ENV_FROM,
      DELIVERY_TIMEOUT_MS: '2000',
    },
  });
  await enableSMS(server);
  admin = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
});
afterAll(async () => {
  await server.close();
  await smtp.close();
  await twilio.close();
});

describe('mail and SMS providers from the console', () => {
  it('starts on the defaults, saying which fields the environment fixes', async () => {
    const res = await call('GET', '/api/admin/providers');
    expect(res.status).toBe(200);
    expect(res.body.email).toMatchObject({
      provider: 'log',
      source: 'default',
      active: 'log',
      passwordSet: false,
      from: ENV_FROM,
      lockedByEnvironment: ['from'],
    });
    expect(res.body.sms).toMatchObject({ provider: 'log', source: 'default', lockedByEnvironment: [] });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/admin/providers/email', { ...emailSettings(), port: 70000 }, 'port'],
      ['/api/admin/providers/email', { ...emailSettings(), port: 'x' }, 'port'],
      ['/api/admin/providers/email', { ...emailSettings(), host: 'smtp://mail.example.com' }, 'host'],
      ['/api/admin/providers/email', { ...emailSettings(), security: 'ssl3' }, 'security'],
      ['/api/admin/providers/email', { ...emailSettings(), from: 'someone@example.com' }, 'from'],
      ['/api/admin/providers/email', { port: 25, security: 'none' }, 'host'],
      ['/api/admin/providers/sms', { ...twilioSettings(), from: '5550006' }, 'from'],
      ['/api/admin/providers/sms', { ...twilioSettings(), accountSid: 'nope' }, 'accountSid'],
      ['/api/admin/providers/sms', { ...twilioSettings(), apiUrl: 'http://api.example.com' }, 'apiUrl'],
      ['/api/admin/providers/sms', { ...twilioSettings(), authToken: undefined }, 'authToken'],
      [
        '/api/admin/providers/sms',
        { provider: 'webhook', webhookUrl: 'http://sms.example.com/hook', webhookSecret: 'x'.repeat(32) },
        'webhookUrl',
      ],
      [
        '/api/admin/providers/sms',
        { provider: 'webhook', webhookUrl: 'not a url', webhookSecret: 'x'.repeat(32) },
        'webhookUrl',
      ],
      ['/api/admin/providers/sms', { provider: 'pigeon' }, 'provider'],
    ];
    for (const [path, body, field] of cases) {
      const res = await call('PUT', path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // A loopback webhook may be plain http.
    const loopback = await call('PUT', '/api/admin/providers/sms', {
      provider: 'webhook',
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSecret: 'w'.repeat(32),
    });
    expect(loopback.status).toBe(200);
    expect(loopback.body.sms).toMatchObject({
      provider: 'webhook',
      webhookSecretSet: true,
      active: 'webhook',
    });
  });

  it('sends a sign-in code through the SMTP server set in the console, without a restart', async () => {
    const res = await call('PUT', '/api/admin/providers/email', emailSettings());
    expect(res.status).toBe(200);
    expect(res.body.email).toMatchObject({
      provider: 'smtp',
      source: 'console',
      active: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      user: SMTP_AUTH.user,
      passwordSet: true,
    });
    const user = await signUpWithEmailFactor({ server, smtp, twilio } as unknown as OtpHarness);
    const mail = smtp.to(user.email).at(-1)!;
    // MAIL_FROM in the environment wins over the console.
    expect(mail.from).toContain('env@twofold.test');
  });

  it('keeps a stored password when the field is left blank', async () => {
    const { password: _, ...withoutPassword } = emailSettings();
    const res = await call('PUT', '/api/admin/providers/email', { ...withoutPassword, password: '' });
    expect(res.status).toBe(200);
    expect(res.body.email.passwordSet).toBe(true);
    const test = await call('POST', '/api/admin/providers/test', { channel: 'email', to: 'ops@example.com' });
    expect(test.status).toBe(200);
    expect(test.body.provider).toBe('smtp');
  });

  it('sends SMS codes through the Twilio account set in the console', async () => {
    const res = await call('PUT', '/api/admin/providers/sms', twilioSettings());
    expect(res.status).toBe(200);
    expect(res.body.sms).toMatchObject({
      provider: 'twilio',
      source: 'console',
      authTokenSet: true,
      active: 'twilio',
    });
    const user = await signUpWithSMSFactor({ server, smtp, twilio } as unknown as OtpHarness);
    const request = twilio.requests.find((r) => r.form.To === user.phone)!;
    expect(request).toMatchObject({
      username: TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID,
      password: TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN,
    });
    expect(request.form.From).toBe(TWILIO_TEST_ACCOUNT.TWILIO_FROM);
  });

  it('applies a change made on another instance at its next message', async () => {
    // A second instance on the same database and key, started before the change.
    const config = loadConfig({
      DATABASE_URL: server.ctx.config.databaseUrl,
      TWOFOLD_SECRET_KEY: server.ctx.config.secretKey,
      DELIVERY_TIMEOUT_MS: '2000',
    });
    const logger = createLogger('silent');
    const { stores, keyring } = await openStores(config, logger);
    const other = await createApp({ config, stores, keyring, logger, webRoot: null, webhookWorker: false });
    try {
      expect(other.ctx.delivery.providerName('email')).toBe('smtp');
      const moved = await startSmtpSink();
      try {
        const res = await call('PUT', '/api/admin/providers/email', {
          host: '127.0.0.1',
          port: moved.port,
          security: 'none',
          password: null,
        });
        expect(res.status).toBe(200);
        await other.ctx.delivery.send({
          channel: 'email',
          to: 'ops@example.com',
          subject: 'across instances',
          text: 'hello',
          purpose: 'test',
        });
        expect((await moved.waitFor((m) => m.subject === 'across instances')).to).toContain(
          'ops@example.com',
        );
      } finally {
        await moved.close();
      }
    } finally {
      await other.app.close();
      await stores.close();
    }
    expect((await call('PUT', '/api/admin/providers/email', emailSettings())).status).toBe(200);
  });

  it('stores the secrets sealed and never sends or logs them', async () => {
    const emailRow = (await server.stores.settings.getValue('provider_email'))!;
    const smsRow = (await server.stores.settings.getValue('provider_sms'))!;
    expect(emailRow).not.toContain(SMTP_AUTH.pass);
    expect(JSON.parse(emailRow).passwordSealed).toMatch(/^v2\./);
    expect(smsRow).not.toContain(TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN);
    expect(smsRow).not.toContain('w'.repeat(32));
    const read = await call('GET', '/api/admin/providers');
    expect(read.body.email.passwordSet).toBe(true);
    for (const secret of [SMTP_AUTH.pass, TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN, 'w'.repeat(32)]) {
      expect(bodies.join('\n')).not.toContain(secret);
      expect(server.logs.join('')).not.toContain(secret);
    }
  });

  it('audits every change, without the secrets', async () => {
    const adminId = (await server.stores.users.findByEmail(ADMIN.email))!.id;
    const { events } = await server.stores.audit.list({ userId: adminId, limit: 200 });
    const changes = events.filter((e) => e.type === 'provider_settings_changed');
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect(changes.map((e) => e.details.channel)).toEqual(expect.arrayContaining(['email', 'sms']));
    const changedEmail = changes.filter((e) => e.details.channel === 'email').map((e) => e.details.changed);
    expect(changedEmail).toContainEqual(expect.arrayContaining(['host', 'port', 'password']));
    const text = JSON.stringify(changes);
    expect(text).not.toContain(SMTP_AUTH.pass);
    expect(text).not.toContain(TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN);
  });

  it('twofold rotate-key re-seals the console secrets under the new key', async () => {
    const newKey = randomBytes(32);
    const oldKey = Buffer.from(server.ctx.config.secretKey!, 'base64');
    const both = new Keyring([newKey, oldKey]);
    const report = await resealProviderSecrets({
      stores: server.stores,
      keyring: both,
      now: server.clock.now,
    });
    expect(report).toMatchObject({ resealed: 3, unreadable: [] });
    // Only the new key now: the loader opens every secret.
    const loader = createProviderLoader({
      config: server.ctx.config,
      stores: server.stores,
      keyring: new Keyring(newKey),
    });
    const { transports } = await loader.load();
    expect(transports.email).toMatchObject({ kind: 'smtp', password: SMTP_AUTH.pass });
    expect(transports.sms).toMatchObject({
      kind: 'twilio',
      authToken: TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN,
    });
    // And back, so this server (which holds the old key only) still opens them.
    await resealProviderSecrets({
      stores: server.stores,
      keyring: new Keyring([oldKey, newKey]),
      now: server.clock.now,
    });
    expect(
      (await call('POST', '/api/admin/providers/test', { channel: 'email', to: 'ops@example.com' })).status,
    ).toBe(200);
  });

  it('forbids org admins and members, and requires a recent check for changes', async () => {
    const org = await call('POST', '/api/admin/orgs', { name: 'Acme' });
    const email = uniqueEmail('orgadmin');
    expect(
      (
        await call('POST', '/api/admin/users', {
          email,
          password: PASSWORD,
          role: 'org_admin',
          orgId: org.body.id,
        })
      ).status,
    ).toBe(201);
    const orgAdmin = (
      await server.request('POST', '/api/auth/login', { body: { email, password: PASSWORD } })
    ).body.session.token;
    expect((await call('GET', '/api/admin/providers', undefined, orgAdmin)).status).toBe(403);
    expect((await call('PUT', '/api/admin/providers/email', emailSettings(), orgAdmin)).status).toBe(403);
    expect((await call('DELETE', '/api/admin/providers/sms', undefined, orgAdmin)).status).toBe(403);
    expect((await server.request('GET', '/api/admin/providers')).status).toBe(401);

    server.clock.advanceSeconds(600);
    expect((await call('GET', '/api/admin/providers')).status).toBe(200);
    const stale = await call('PUT', '/api/admin/providers/email', emailSettings());
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('reauthentication_required');
    expect((await call('DELETE', '/api/admin/providers/email')).status).toBe(403);
    const reauth = await call('POST', '/api/auth/reauth', { password: ADMIN.password });
    expect(reauth.status).toBe(200);
    const reverted = await call('DELETE', '/api/admin/providers/email');
    expect(reverted.status).toBe(200);
    expect(reverted.body.email).toMatchObject({
      provider: 'log',
      source: 'default',
      active: 'log',
      passwordSet: false,
    });
  });
});

describe('the environment wins over the console', () => {
  let h: OtpHarness;
  let token: string;
  beforeAll(async () => {
    h = await startOtpHarness({ TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password });
    token = (await h.server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows the environment as the source, every field fixed, and refuses to change them', async () => {
    const read = await h.server.request('GET', '/api/admin/providers', { token });
    expect(read.body.email).toMatchObject({ source: 'environment', provider: 'smtp', host: '127.0.0.1' });
    expect(read.body.email.lockedByEnvironment).toEqual(
      expect.arrayContaining(['host', 'port', 'security', 'user', 'password', 'from']),
    );
    expect(read.body.sms).toMatchObject({ source: 'environment', provider: 'twilio', authTokenSet: true });
    expect(JSON.stringify(read.body)).not.toContain(TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN);
    const put = await h.server.request('PUT', '/api/admin/providers/email', {
      token,
      body: { host: 'mail.example.com', port: 587, security: 'starttls' },
    });
    expect(put.status).toBe(400);
    expect(put.body.error.details[0]).toMatchObject({
      field: 'host',
      message: expect.stringContaining('SMTP_URL'),
    });
    const sms = await h.server.request('PUT', '/api/admin/providers/sms', {
      token,
      body: { provider: 'log' },
    });
    expect(sms.status).toBe(400);
    expect(sms.body.error.details[0].field).toBe('provider');
  });

  it('keeps sending through the environment even when the console holds settings', async () => {
    await h.server.stores.settings.setValue(
      'provider_sms',
      JSON.stringify({
        provider: 'log',
        accountSid: null,
        authTokenSealed: null,
        from: null,
        apiUrl: null,
        webhookUrl: null,
        webhookSecretSealed: null,
      }),
      h.server.clock.now(),
    );
    const res = await h.server.request('POST', '/api/admin/providers/test', {
      token,
      body: { channel: 'sms', to: '+14155552671' },
    });
    expect(res.status).toBe(200);
    expect(res.body.provider).toBe('twilio');
  });
});
