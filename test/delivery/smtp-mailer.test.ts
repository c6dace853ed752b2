import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { renderCodeMessage } from '../../src/delivery/messages.js';
import { SmtpMailer } from '../../src/delivery/smtp-mailer.js';
import { closedPort, startSilentServer } from '../helpers/net.js';
import { codeIn, type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const FROM = 'Twofold <no-reply@twofold.test>';
const message = () =>
  renderCodeMessage({
    channel: 'email',
    to: 'ann@example.com',
    code: '012345',
    purpose: 'verify',
    ttlSeconds: 300,
  });
const signal = () => new AbortController().signal;

describe('SmtpMailer over real SMTP', () => {
  let plain: SmtpSink;
  let withAuth: SmtpSink;
  beforeAll(async () => {
    plain = await startSmtpSink();
    withAuth = await startSmtpSink({ auth: { user: 'mailer', pass: 's3cret:pass' } });
  });
  afterAll(async () => {
    await plain.close();
    await withAuth.close();
  });

  it('sends a text and an HTML part with the code, the product name and the expiry in minutes', async () => {
    const mailer = new SmtpMailer({ smtpUrl: plain.url, mailFrom: FROM, timeoutMs: 5000 });
    const receipt = await mailer.send(message(), { signal: signal() });
    expect(receipt.provider).toBe('smtp');
    expect(receipt.messageId).toMatch(/^<.+@.+>$/);
    const mail = await plain.waitFor((m) => m.to.includes('ann@example.com'));
    expect(mail.from).toBe('no-reply@twofold.test');
    expect(mail.raw).toMatch(/^From: Twofold <no-reply@twofold\.test>/m);
    expect(mail.raw).toMatch(/^Auto-Submitted: auto-generated/m);
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail.subject).toMatch(/^012345 is your Twofold/);
    expect(codeIn(mail.text)).toBe('012345'); // leading zero kept
    expect(mail.text).toContain('Twofold');
    expect(mail.text).toContain('expires in 5 minutes');
    expect(mail.html).toContain('012345');
    expect(mail.html).toMatch(/<html/);
  });

  it('authenticates with the credentials of the URL', async () => {
    const mailer = new SmtpMailer({ smtpUrl: withAuth.url, mailFrom: FROM, timeoutMs: 5000 });
    await mailer.send(message(), { signal: signal() });
    const mail = await withAuth.waitFor(() => true);
    expect(mail.user).toBe('mailer');
  });

  it('fails on wrong credentials without naming them', async () => {
    const url = withAuth.url.replace('s3cret', 'wrong');
    const mailer = new SmtpMailer({ smtpUrl: url, mailFrom: FROM, timeoutMs: 5000 });
    const error = await mailer.send(message(), { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toMatch(/EAUTH/);
    expect((error as Error).message).not.toContain('wrong');
    expect((error as Error).message).not.toContain(Buffer.from('mailer').toString('base64').slice(0, 6));
  });

  it('upgrades with STARTTLS when the server offers it', async () => {
    const sink = await startSmtpSink({ tls: 'starttls' });
    try {
      const mailer = new SmtpMailer({ smtpUrl: sink.url, mailFrom: FROM, timeoutMs: 5000 });
      await mailer.send(message(), { signal: signal() });
      expect((await sink.waitFor(() => true)).secure).toBe(true);
    } finally {
      await sink.close();
    }
  });

  it('speaks TLS from the first byte with smtps://', async () => {
    const sink = await startSmtpSink({ tls: 'implicit', auth: { user: 'u', pass: 'p' } });
    try {
      expect(sink.url).toMatch(/^smtps:\/\//);
      const mailer = new SmtpMailer({ smtpUrl: sink.url, mailFrom: FROM, timeoutMs: 5000 });
      await mailer.send(message(), { signal: signal() });
      const mail = await sink.waitFor(() => true);
      expect(mail).toMatchObject({ secure: true, user: 'u' });
    } finally {
      await sink.close();
    }
  });

  it('reports a refusal with its SMTP reply code', async () => {
    plain.refuseWith = 550;
    try {
      const mailer = new SmtpMailer({ smtpUrl: plain.url, mailFrom: FROM, timeoutMs: 5000 });
      const error = (await mailer
        .send(message(), { signal: signal() })
        .catch((e: unknown) => e)) as DeliveryError;
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error.status).toBe(550);
      expect(error.timedOut).toBe(false);
    } finally {
      plain.refuseWith = null;
    }
  });

  it('fails fast when nothing listens', async () => {
    const mailer = new SmtpMailer({
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      mailFrom: FROM,
      timeoutMs: 5000,
    });
    const error = (await mailer
      .send(message(), { signal: signal() })
      .catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.message).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
  });

  it('gives up on a server that never greets, after the timeout', async () => {
    const silent = await startSilentServer();
    try {
      const mailer = new SmtpMailer({
        smtpUrl: `smtp://127.0.0.1:${silent.port}`,
        mailFrom: FROM,
        timeoutMs: 300,
      });
      const started = performance.now();
      const error = (await mailer
        .send(message(), { signal: AbortSignal.timeout(2000) })
        .catch((e: unknown) => e)) as DeliveryError;
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error.timedOut).toBe(true);
      expect(performance.now() - started).toBeLessThan(1500);
    } finally {
      await silent.close();
    }
  });
});
