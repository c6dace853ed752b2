import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { renderCodeMessage } from '../../src/delivery/messages.js';
import { TwilioSms } from '../../src/delivery/twilio-sms.js';
import { signWebhookBody, verifyWebhookSignature, WebhookSms } from '../../src/delivery/webhook-sms.js';
import {
  type HttpStub,
  startTwilioStub,
  startWebhookReceiver,
  TWILIO_TEST_ACCOUNT,
  type TwilioRequest,
  type WebhookRequest,
} from '../helpers/sms-stubs.js';

const sms = () =>
  renderCodeMessage({
    channel: 'sms',
    to: '+15551234567',
    code: '654321',
    purpose: 'verify',
    ttlSeconds: 300,
  });

describe('TwilioSms against a local Messages API', () => {
  let twilio: HttpStub<TwilioRequest>;
  const provider = () =>
    new TwilioSms({
      accountSid: TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID,
      authToken: TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN,
      from: TWILIO_TEST_ACCOUNT.TWILIO_FROM,
      apiUrl: twilio.url,
    });
  beforeAll(async () => {
    twilio = await startTwilioStub();
  });
  afterAll(async () => {
    await twilio.close();
  });

  it('POSTs one form to /2010-04-01/Accounts/{sid}/Messages.json with Basic auth and To, From, Body', async () => {
    const receipt = await provider().send(sms(), { signal: new AbortController().signal });
    expect(receipt.provider).toBe('twilio');
    expect(receipt.messageId).toMatch(/^SM[0-9a-f]{32}$/);
    const request = twilio.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID}/Messages.json`,
      username: TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID,
      password: TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN,
    });
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.form).toEqual({
      To: '+15551234567',
      From: '+15005550006',
      Body: expect.stringMatching(/^654321 is your Twofold sign-in code\. It expires in 5 minutes/),
    });
  });

  it('sends a Messaging Service SID as MessagingServiceSid', async () => {
    const service = new TwilioSms({
      accountSid: TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID,
      authToken: TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN,
      from: `MG${'a'.repeat(32)}`,
      apiUrl: twilio.url,
    });
    await service.send(sms(), { signal: new AbortController().signal });
    expect(twilio.requests.at(-1)!.form).toMatchObject({ MessagingServiceSid: `MG${'a'.repeat(32)}` });
    expect(twilio.requests.at(-1)!.form.From).toBeUndefined();
  });

  it('turns a refusal into a DeliveryError with the status and Twilio error code, not the body', async () => {
    const wrong = new TwilioSms({
      accountSid: TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID,
      authToken: 'nope',
      from: '+15005550006',
      apiUrl: twilio.url,
    });
    const error = (await wrong
      .send(sms(), { signal: new AbortController().signal })
      .catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.status).toBe(401);
    expect(error.message).toBe('twilio answered 401 (error 20003)');
    twilio.mode = 'fail';
    try {
      const failed = (await provider()
        .send(sms(), { signal: new AbortController().signal })
        .catch((e: unknown) => e)) as DeliveryError;
      expect(failed.status).toBe(500);
      expect(failed.message).not.toContain('654321');
    } finally {
      twilio.mode = 'ok';
    }
  });

  it('stops waiting when the signal aborts (a hung API)', async () => {
    twilio.mode = 'hang';
    try {
      const error = (await provider()
        .send(sms(), { signal: AbortSignal.timeout(200) })
        .catch((e: unknown) => e)) as DeliveryError;
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error.timedOut).toBe(true);
    } finally {
      twilio.mode = 'ok';
    }
  });
});

describe('WebhookSms', () => {
  let receiver: HttpStub<WebhookRequest>;
  const secret = 'whsec_test_0123456789';
  const now = new Date('2026-01-15T12:00:00Z');
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('POSTs {to, body, code, purpose} as JSON with a verifiable HMAC-SHA256 signature over "t.body"', async () => {
    const provider = new WebhookSms({ url: `${receiver.url}/sms`, secret, now: () => now });
    const receipt = await provider.send(sms(), { signal: new AbortController().signal });
    expect(receipt).toMatchObject({ provider: 'webhook', messageId: expect.stringMatching(/^wh_/) });
    const request = receiver.requests.at(-1)!;
    expect(request.path).toBe('/sms');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({ to: '+15551234567', body: sms().text, code: '654321', purpose: 'verify' });
    const header = request.headers['x-twofold-signature'] as string;
    const t = now.getTime() / 1000;
    expect(header).toBe(signWebhookBody(secret, request.body, t));
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // What a receiver does with the raw body:
    expect(verifyWebhookSignature(secret, request.body, header, t + 10)).toBe(true);
    expect(verifyWebhookSignature('other secret', request.body, header, t)).toBe(false);
    expect(verifyWebhookSignature(secret, request.body.replace('654321', '000000'), header, t)).toBe(false);
    expect(verifyWebhookSignature(secret, request.body, header, t + 301)).toBe(false); // replayed later
    expect(verifyWebhookSignature(secret, request.body, undefined, t)).toBe(false);
  });

  it('counts only a 2xx answer as accepted', async () => {
    receiver.mode = 'fail';
    try {
      const provider = new WebhookSms({ url: receiver.url, secret, now: () => now });
      const error = (await provider
        .send(sms(), { signal: new AbortController().signal })
        .catch((e: unknown) => e)) as DeliveryError;
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error.status).toBe(503);
    } finally {
      receiver.mode = 'ok';
    }
  });
});
