import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { maskDestination } from '../services/destinations.js';
import { DeliveryError } from './delivery-error.js';
import type { DevOutbox } from './dev-outbox.js';
import { ProviderSource } from './provider-source.js';
import type { DeliveryChannel, DeliveryProvider, DeliveryReceipt, OutboundMessage } from './types.js';

export interface DeliveryOptions {
  /** One provider per channel, fixed, or a source that follows the stored settings. */
  providers: Record<DeliveryChannel, DeliveryProvider> | ProviderSource;
  /** A hand-off taking longer than this fails, in milliseconds. */
  timeoutMs: number;
  log: Logger;
  metrics: Metrics;
  /** Set while not in production, when a channel delivers to the dev outbox. */
  outbox: DevOutbox | null;
}

/**
 * The one way messages leave the server. Picks the channel's provider, bounds the
 * hand-off with a timeout, counts the outcome in `twofold_deliveries_total`, and
 * logs it with the recipient masked and without the body (SECURITY.md rule 22).
 * A failure rejects with a {@link DeliveryError} whose message is safe to log.
 * @example await delivery.send({ channel: 'email', to: 'ann@example.com', subject, text, html, purpose: 'notice' })
 */
export class Delivery {
  readonly outbox: DevOutbox | null;
  readonly #providers: ProviderSource;
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #metrics: Metrics;
  /** Cancels one hand-off in progress (see {@link cancelAll}). */
  readonly #inFlight = new Set<() => void>();
  #cancelled = false;

  constructor(options: DeliveryOptions) {
    const { providers } = options;
    this.#providers =
      providers instanceof ProviderSource
        ? providers
        : new ProviderSource({ initial: providers, load: null, build: () => providers, log: options.log });
    this.#timeoutMs = options.timeoutMs;
    this.#log = options.log;
    this.#metrics = options.metrics;
    this.outbox = options.outbox;
  }

  /** Name of the provider behind `channel` (`smtp`, `twilio`, `webhook`, `log`). */
  providerName(channel: DeliveryChannel): string {
    return this.#providers.current(channel).name;
  }

  /** Re-reads the stored provider settings now (after a change on this instance). */
  async reload(): Promise<void> {
    this.#providers.invalidate();
    await this.#providers.refresh();
  }

  /**
   * Shutdown: aborts every hand-off in progress (each fails with a DeliveryError,
   * so its request answers 502) and fails every later one at once. A hung mail
   * server must not hold the process past its shutdown deadline.
   */
  cancelAll(): void {
    this.#cancelled = true;
    for (const cancel of this.#inFlight) cancel();
  }

  async send(message: OutboundMessage): Promise<DeliveryReceipt> {
    // The settings as they stand now, on whichever instance changed them.
    await this.#providers.refresh();
    const provider = this.#providers.current(message.channel);
    const where = {
      channel: message.channel,
      provider: provider.name,
      purpose: message.purpose,
      to: maskDestination(message.channel, message.to),
    };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let cancel: (() => void) | undefined;
    // A provider that ignores the signal still cannot hold the request past the timeout.
    const timeout = new Promise<never>((_, reject) => {
      const stop = (error: DeliveryError) => {
        controller.abort();
        reject(error);
      };
      cancel = () =>
        stop(
          new DeliveryError(`${provider.name} cancelled: the server is shutting down`, {
            provider: provider.name,
          }),
        );
      timer = setTimeout(
        () =>
          stop(
            new DeliveryError(`${provider.name} timed out after ${this.#timeoutMs} ms`, {
              provider: provider.name,
              timedOut: true,
            }),
          ),
        this.#timeoutMs,
      );
    });
    this.#inFlight.add(cancel!);
    if (this.#cancelled) cancel!();
    try {
      const receipt = await Promise.race([provider.send(message, { signal: controller.signal }), timeout]);
      this.#metrics.deliveries.inc({ channel: message.channel, outcome: 'sent' });
      this.#log.info({ delivery: { ...where, messageId: receipt.messageId } }, 'message delivered');
      return receipt;
    } catch (error) {
      const failure = toSafeError(error, provider.name, message.code);
      this.#metrics.deliveries.inc({
        channel: message.channel,
        outcome: failure.timedOut ? 'timeout' : 'failed',
      });
      this.#log.warn(
        { delivery: { ...where, reason: failure.message, status: failure.status } },
        'delivery failed',
      );
      throw failure;
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(cancel!);
    }
  }
}

/**
 * Rebuilds any failure as a DeliveryError with no cause chain, and scrubs the
 * code from its text: a provider that echoes the message in its error reply
 * must not put the code into our log.
 */
function toSafeError(error: unknown, provider: string, code: string | undefined): DeliveryError {
  const source =
    error instanceof DeliveryError
      ? error
      : new DeliveryError(`${provider} failed unexpectedly`, { provider });
  const scrubbed = code ? source.message.replaceAll(code, '[redacted]') : source.message;
  return new DeliveryError(scrubbed, {
    provider: source.provider,
    status: source.status,
    timedOut: source.timedOut,
  });
}
