import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import {
  type EmailTransport,
  resolveEmailTransport,
  resolveSmsTransport,
  type SmsTransport,
} from '../domain/provider-settings.js';
import type { Metrics } from '../metrics.js';
import { Delivery } from './delivery.js';
import { DevOutbox } from './dev-outbox.js';
import { LogDelivery } from './log-delivery.js';
import { type ProviderLoader, ProviderSource } from './provider-source.js';
import { SmtpMailer } from './smtp-mailer.js';
import { TwilioSms } from './twilio-sms.js';
import type { DeliveryChannel, DeliveryProvider } from './types.js';
import { WebhookSms } from './webhook-sms.js';

/** Builds the provider one channel's transport names (the log one for `log`). */
export function buildProvider(
  transport: EmailTransport | SmsTransport,
  deps: { logDelivery: DeliveryProvider; timeoutMs: number; now: () => Date },
): DeliveryProvider {
  switch (transport.kind) {
    case 'log':
      return deps.logDelivery;
    case 'smtp-url':
      return new SmtpMailer({
        smtpUrl: transport.smtpUrl,
        mailFrom: transport.from,
        timeoutMs: deps.timeoutMs,
      });
    case 'smtp':
      return new SmtpMailer({ smtp: transport, mailFrom: transport.from, timeoutMs: deps.timeoutMs });
    case 'twilio':
      return new TwilioSms(transport);
    case 'webhook':
      return new WebhookSms({ url: transport.url, secret: transport.secret, now: deps.now });
  }
}

/**
 * Builds the delivery layer: SMTP for email when `SMTP_URL` is set; Twilio, the
 * webhook or the log for SMS per `SMS_PROVIDER`. With `loadConsoleSettings`
 * (the server), what the admin console stores fills in where the environment is
 * silent, re-read when it changes (see {@link ProviderSource}). What is not
 * configured goes to the log and the dev outbox (development), or fails
 * (production). `loadConfig` already checked that a chosen provider has its settings.
 */
export function createDelivery(
  config: Readonly<AppConfig>,
  deps: { log: Logger; metrics: Metrics; now: () => Date; loadConsoleSettings?: ProviderLoader },
): Delivery {
  const outbox = config.production ? null : new DevOutbox();
  const logDelivery = new LogDelivery({
    log: deps.log,
    production: config.production,
    outbox,
    now: deps.now,
  });
  const build = { logDelivery, timeoutMs: config.deliveryTimeoutMs, now: deps.now };
  const fromEnvironment: Record<DeliveryChannel, DeliveryProvider> = {
    email: buildProvider(resolveEmailTransport(config, null).transport, build),
    sms: buildProvider(resolveSmsTransport(config, null).transport, build),
  };
  const source = new ProviderSource({
    initial: fromEnvironment,
    load: deps.loadConsoleSettings ?? null,
    build: (transports) => ({
      email: buildProvider(transports.email, build),
      sms: buildProvider(transports.sms, build),
    }),
    log: deps.log,
  });

  const delivery = new Delivery({
    providers: source,
    timeoutMs: config.deliveryTimeoutMs,
    log: deps.log,
    metrics: deps.metrics,
    outbox,
  });
  if (!deps.loadConsoleSettings) warnIfUndeliverable(delivery, config, deps.log);
  return delivery;
}

/**
 * In production, says at start which channel has no provider (its messages fail).
 * With console settings, call it once they are loaded ({@link Delivery.reload}).
 */
export function warnIfUndeliverable(delivery: Delivery, config: Readonly<AppConfig>, log: Logger): void {
  const email = delivery.providerName('email');
  const sms = delivery.providerName('sms');
  if (config.production && (email === 'log' || sms === 'log')) {
    log.warn(
      { email, sms },
      'no mail server or SMS provider configured for a channel: its messages fail in production (set SMTP_URL / SMS_PROVIDER, or configure it under Admin → Mail & SMS)',
    );
  }
}
