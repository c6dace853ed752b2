import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { Metrics } from '../metrics.js';
import { Delivery } from './delivery.js';
import { DevOutbox } from './dev-outbox.js';
import { LogDelivery } from './log-delivery.js';
import { SmtpMailer } from './smtp-mailer.js';
import { TwilioSms } from './twilio-sms.js';
import type { DeliveryProvider } from './types.js';
import { WebhookSms } from './webhook-sms.js';

/**
 * Builds the providers the configuration names: SMTP for email when `SMTP_URL`
 * is set; Twilio, the webhook or the log for SMS per `SMS_PROVIDER`. What is not
 * configured goes to the log and the dev outbox (development), or fails
 * (production). `loadConfig` already checked that a chosen provider has its settings.
 */
export function createDelivery(
  config: Readonly<AppConfig>,
  deps: { log: Logger; metrics: Metrics; now: () => Date },
): Delivery {
  const outbox = config.production ? null : new DevOutbox();
  const logDelivery = new LogDelivery({
    log: deps.log,
    production: config.production,
    outbox,
    now: deps.now,
  });

  const email: DeliveryProvider = config.smtpUrl
    ? new SmtpMailer({
        smtpUrl: config.smtpUrl,
        mailFrom: config.mailFrom,
        timeoutMs: config.deliveryTimeoutMs,
      })
    : logDelivery;

  let sms: DeliveryProvider = logDelivery;
  if (config.smsProvider === 'twilio') {
    const { accountSid, authToken, from, apiUrl } = config.twilio;
    sms = new TwilioSms({ accountSid: accountSid!, authToken: authToken!, from: from!, apiUrl });
  } else if (config.smsProvider === 'webhook') {
    sms = new WebhookSms({ url: config.smsWebhookUrl!, secret: config.smsWebhookSecret!, now: deps.now });
  }

  if (config.production && (email === logDelivery || sms === logDelivery)) {
    deps.log.warn(
      { email: email.name, sms: sms.name },
      'no mail server or SMS provider configured for a channel: its messages fail in production (set SMTP_URL / SMS_PROVIDER)',
    );
  }
  return new Delivery({
    providers: { email, sms },
    timeoutMs: config.deliveryTimeoutMs,
    log: deps.log,
    metrics: deps.metrics,
    outbox,
  });
}
