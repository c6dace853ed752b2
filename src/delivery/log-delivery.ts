import type { Logger } from 'pino';
import { DeliveryError } from './delivery-error.js';
import type { DevOutbox } from './dev-outbox.js';
import type { DeliveryProvider, DeliveryReceipt, OutboundMessage } from './types.js';

export interface LogDeliveryConfig {
  log: Logger;
  /** In production the log may never hold a code (SECURITY.md rule 22): nothing is "delivered". */
  production: boolean;
  /** The dev outbox to fill as well (development only). */
  outbox: DevOutbox | null;
  now: () => Date;
}

/**
 * Development delivery: the message goes to the server log, whole, and to the
 * dev outbox. It is what runs when no SMTP server or SMS provider is configured,
 * and what `SMS_PROVIDER=log` selects.
 *
 * In production it refuses every message (`502 delivery_failed` to the caller)
 * after logging only channel and masked recipient: a code written to a
 * production log would break rule 22, and pretending a code was sent would
 * leave the user waiting for nothing.
 */
export class LogDelivery implements DeliveryProvider {
  readonly name = 'log';
  readonly #config: LogDeliveryConfig;

  constructor(config: LogDeliveryConfig) {
    this.#config = config;
  }

  async send(message: OutboundMessage): Promise<DeliveryReceipt> {
    const { log, production, outbox, now } = this.#config;
    if (production) {
      throw new DeliveryError(
        `no ${message.channel === 'email' ? 'SMTP_URL' : 'SMS_PROVIDER'} configured; the log does not deliver in production`,
        {
          provider: this.name,
        },
      );
    }
    const entry = outbox?.add(message, now()) ?? null;
    // Development only: the whole message, code included, is the point of this provider.
    log.info(
      {
        devMessage: {
          channel: message.channel,
          to: message.to,
          subject: message.subject,
          text: message.text,
        },
      },
      `dev delivery (${message.channel} to ${message.to}): ${message.channel === 'email' ? `${message.subject} — ` : ''}${message.text.split('\n')[0]}`,
    );
    return { provider: this.name, messageId: entry?.id ?? null };
  }
}
