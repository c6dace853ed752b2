import { randomUUID } from 'node:crypto';
import type { DeliveryChannel, OutboundMessage } from './types.js';

/** A message as `GET /api/dev/outbox` shows it. */
export interface OutboxMessage {
  id: string;
  channel: DeliveryChannel;
  to: string;
  /** Email subject; null for SMS. */
  subject: string | null;
  text: string;
  /** ISO-8601 instant it was "sent". */
  at: string;
}

/**
 * Where messages land when no provider is configured, so the embedded default
 * works with nothing else installed: the web UI and tests read it back.
 *
 * Kept in process memory, newest first and bounded, on purpose: it exists only
 * while `NODE_ENV` is not `production` (it is never built there), it holds
 * readable codes, and a development server is one process. Rate limits and
 * codes themselves live in the database; this does not.
 */
export class DevOutbox {
  readonly #messages: OutboxMessage[] = [];
  readonly #capacity: number;

  /** @param capacity the most messages kept; older ones are dropped. */
  constructor(capacity = 200) {
    this.#capacity = capacity;
  }

  add(message: OutboundMessage, at: Date): OutboxMessage {
    const entry: OutboxMessage = {
      id: randomUUID(),
      channel: message.channel,
      to: message.to,
      subject: message.channel === 'email' ? message.subject : null,
      text: message.text,
      at: at.toISOString(),
    };
    this.#messages.unshift(entry);
    this.#messages.length = Math.min(this.#messages.length, this.#capacity);
    return entry;
  }

  /** Newest first. */
  list(): OutboxMessage[] {
    return this.#messages.map((m) => ({ ...m }));
  }
}
