import type { ServiceContext } from '../services/context.js';
import type { ClaimedDelivery } from '../storage/sql/webhooks-repository.js';
import { DeliveryError } from './delivery-error.js';
import { postToProvider } from './http-post.js';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from './webhook-sms.js';

/** First retry delay; each further one doubles, up to {@link MAX_RETRY_DELAY_SECONDS}. */
export const FIRST_RETRY_DELAY_SECONDS = 5;
export const MAX_RETRY_DELAY_SECONDS = 3600;
/** Deliveries one poll takes at most. */
const BATCH_SIZE = 20;

/**
 * Delay before attempt `attempts + 1`, after `attempts` failed ones: 5 s, 10 s,
 * 20 s … capped at an hour.
 * @example retryDelaySeconds(1) // 5
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, FIRST_RETRY_DELAY_SECONDS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends the webhook outbox: polls for due deliveries, takes each with a lease
 * (so several instances share the work without sending one attempt twice),
 * POSTs the signed JSON and records the outcome, retrying with exponential
 * backoff. Delivery is at least once: a crash after the POST and before the
 * record means a second POST of the same event id, which receivers de-duplicate.
 */
export class WebhookDispatcher {
  readonly #ctx: ServiceContext;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops polling and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One poll: sends what is due now. Resolves when every attempt taken is recorded. */
  runOnce(): Promise<void> {
    if (!this.#running) {
      this.#running = this.#poll().finally(() => {
        this.#running = null;
      });
    }
    return this.#running;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.runOnce().finally(() => this.#schedule(this.#ctx.config.webhooks.pollIntervalMs));
    }, delayMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    const { timeoutMs } = this.#ctx.config.webhooks;
    // The lease outlives the attempt's timeout, so nobody else takes a row still being sent.
    const leaseSeconds = Math.ceil(timeoutMs / 1000) + 30;
    for (;;) {
      let batch: ClaimedDelivery[];
      try {
        batch = await this.#ctx.stores.webhooks.claimDue(this.#ctx.now(), BATCH_SIZE, leaseSeconds);
      } catch (error) {
        this.#ctx.log.warn({ err: error }, 'webhook outbox could not be read; retrying at the next poll');
        return;
      }
      await Promise.all(
        batch.map((claimed) =>
          this.#deliver(claimed).catch((error: unknown) => {
            // e.g. a secret that no longer opens (TWOFOLD_SECRET_KEY changed): the lease runs out, it is tried again.
            this.#ctx.log.error(
              { err: error, eventId: claimed.delivery.eventId },
              'webhook delivery could not be attempted',
            );
          }),
        ),
      );
      if (batch.length < BATCH_SIZE || this.#stopped) return;
    }
  }

  async #deliver({ delivery, leaseToken, webhook }: ClaimedDelivery): Promise<void> {
    const ctx = this.#ctx;
    const { maxAttempts, timeoutMs } = ctx.config.webhooks;
    let status: number | null = null;
    let error: string | null = null;
    if (webhook.deletedAt) {
      error = 'webhook deleted';
    } else {
      const secret = ctx.keyring.open(webhook.secretSealed, webhook.id).toString('utf8');
      const timestamp = Math.floor(ctx.now().getTime() / 1000);
      try {
        const answer = await postToProvider('webhook', webhook.url, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Twofold-Webhooks/1',
            'x-twofold-event': delivery.eventType,
            'x-twofold-event-id': delivery.eventId,
            [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(secret, delivery.payload, timestamp),
          },
          body: delivery.payload,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = answer.status;
      } catch (caught) {
        error = caught instanceof DeliveryError ? caught.message : 'request failed';
        status = caught instanceof DeliveryError ? caught.status : null;
      }
    }
    const now = ctx.now();
    try {
      if (error === null && status !== null) {
        await ctx.stores.webhooks.markDelivered(delivery.id, leaseToken, status, now);
        ctx.log.info({ webhookId: webhook.id, eventId: delivery.eventId }, 'webhook delivered');
        return;
      }
      const attempts = delivery.attempts + 1;
      const giveUp = webhook.deletedAt !== null || attempts >= maxAttempts;
      const nextAttemptAt = giveUp ? null : new Date(now.getTime() + retryDelaySeconds(attempts) * 1000);
      await ctx.stores.webhooks.markFailed(delivery.id, leaseToken, {
        status,
        error: error ?? 'failed',
        now,
        nextAttemptAt,
      });
      ctx.log.warn(
        { webhookId: webhook.id, eventId: delivery.eventId, attempts, error, giveUp },
        giveUp ? 'webhook delivery given up' : 'webhook delivery failed; will retry',
      );
    } catch (recordError) {
      // The lease runs out and the row is sent again: at least once.
      ctx.log.warn({ err: recordError, eventId: delivery.eventId }, 'webhook outcome could not be recorded');
    }
  }
}
