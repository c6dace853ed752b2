import { describe, expect, it } from 'vitest';
import { Delivery } from '../../src/delivery/delivery.js';
import { DeliveryError } from '../../src/delivery/delivery-error.js';
import { DevOutbox } from '../../src/delivery/dev-outbox.js';
import { LogDelivery } from '../../src/delivery/log-delivery.js';
import { formatMinutes, renderCodeMessage } from '../../src/delivery/messages.js';
import type { DeliveryProvider } from '../../src/delivery/types.js';
import { createMetrics } from '../../src/metrics.js';
import { captureLog } from '../helpers/capture-log.js';

const at = new Date('2026-01-15T12:00:00Z');
const emailCode = () =>
  renderCodeMessage({
    channel: 'email',
    to: 'ann@example.com',
    code: '482913',
    purpose: 'verify',
    ttlSeconds: 300,
  });

function build(provider: DeliveryProvider, options: { timeoutMs?: number; outbox?: DevOutbox | null } = {}) {
  const { log, lines } = captureLog();
  const metrics = createMetrics();
  const delivery = new Delivery({
    providers: { email: provider, sms: provider },
    timeoutMs: options.timeoutMs ?? 1000,
    log,
    metrics,
    outbox: options.outbox ?? null,
  });
  return { delivery, lines, metrics };
}

describe('Delivery (the dispatcher)', () => {
  it('counts and logs a delivery with the recipient masked and without the body', async () => {
    const { delivery, lines, metrics } = build({
      name: 'fake',
      send: async () => ({ provider: 'fake', messageId: 'm1' }),
    });
    await delivery.send(emailCode());
    const log = lines.join('');
    expect(log).toContain('a***@e***.com');
    expect(log).not.toContain('ann@example.com');
    expect(log).not.toContain('482913');
    expect(await metrics.registry.metrics()).toMatch(
      /twofold_deliveries_total\{channel="email",outcome="sent"\} 1/,
    );
  });

  it('times out a provider that never answers, counts it, and scrubs the code from a provider error', async () => {
    const hung = build({ name: 'hung', send: () => new Promise(() => {}) }, { timeoutMs: 100 });
    const error = (await hung.delivery.send(emailCode()).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.timedOut).toBe(true);
    expect(await hung.metrics.registry.metrics()).toMatch(
      /twofold_deliveries_total\{channel="email",outcome="timeout"\} 1/,
    );

    const echoing = build({
      name: 'echo',
      send: async (m) => {
        throw new DeliveryError(`550 rejected: ${m.text}`, { provider: 'echo', status: 550 });
      },
    });
    const refused = (await echoing.delivery.send(emailCode()).catch((e: unknown) => e)) as DeliveryError;
    expect(refused.message).not.toContain('482913');
    expect(refused.cause).toBeUndefined();
    expect(echoing.lines.join('')).not.toContain('482913');
    expect(echoing.lines.join('')).toContain('delivery failed');
  });

  it('turns an unexpected provider crash into a DeliveryError without its message', async () => {
    const { delivery } = build({
      name: 'crash',
      send: async () => {
        throw new TypeError('secret internals 482913');
      },
    });
    const error = (await delivery.send(emailCode()).catch((e: unknown) => e)) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.message).toBe('crash failed unexpectedly');
  });
});

describe('LogDelivery and the dev outbox', () => {
  it('in development writes the whole message to the log and the outbox, newest first, bounded', async () => {
    const { log, lines } = captureLog();
    const outbox = new DevOutbox(2);
    const provider = new LogDelivery({ log, production: false, outbox, now: () => at });
    await provider.send(emailCode());
    await provider.send(
      renderCodeMessage({
        channel: 'sms',
        to: '+15551234567',
        code: '111222',
        purpose: 'enroll',
        ttlSeconds: 300,
      }),
    );
    await provider.send(
      renderCodeMessage({
        channel: 'sms',
        to: '+15551234567',
        code: '333444',
        purpose: 'verify',
        ttlSeconds: 300,
      }),
    );
    const messages = outbox.list();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({
      channel: 'sms',
      to: '+15551234567',
      subject: null,
      at: at.toISOString(),
    });
    expect(messages[0]!.text).toContain('333444');
    expect(messages[1]!.text).toContain('111222');
    expect(lines.join('')).toContain('482913');
  });

  it('in production refuses, and neither logs nor keeps the message', async () => {
    const { log, lines } = captureLog();
    const provider = new LogDelivery({ log, production: true, outbox: null, now: () => at });
    await expect(provider.send(emailCode())).rejects.toBeInstanceOf(DeliveryError);
    expect(lines.join('')).not.toContain('482913');
  });
});

describe('message templates', () => {
  it('states the expiry in whole minutes', () => {
    expect(formatMinutes(300)).toBe('5 minutes');
    expect(formatMinutes(60)).toBe('1 minute');
    expect(formatMinutes(61)).toBe('2 minutes');
    expect(
      renderCodeMessage({
        channel: 'email',
        to: 'a@b.co',
        code: '123456',
        purpose: 'enroll',
        ttlSeconds: 600,
      }).text,
    ).toContain('10 minutes');
  });

  it('origin-binds SMS codes when the public host is known (WebOTP)', () => {
    const text = renderCodeMessage({
      channel: 'sms',
      to: '+15551234567',
      code: '123456',
      purpose: 'verify',
      ttlSeconds: 300,
      host: '2fa.example.com',
    }).text;
    expect(text.split('\n').at(-1)).toBe('@2fa.example.com #123456');
  });
});
