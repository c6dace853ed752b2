import type { Logger } from 'pino';
import type { EmailTransport, SmsTransport } from '../domain/provider-settings.js';
import type { DeliveryChannel, DeliveryProvider } from './types.js';

/** The transports in force and the version of the stored settings they came from. */
export interface ProviderLoader {
  /** A cheap token that changes whenever the stored settings change (their `updated_at`s). */
  version(): Promise<string>;
  /** The transports for `version`, environment merged over the console. */
  load(): Promise<{ version: string; transports: { email: EmailTransport; sms: SmsTransport } }>;
}

/** A snapshot older than this is refreshed in the background when a caller reads its names. */
const NAME_REFRESH_MS = 5_000;

/**
 * The providers of both channels as the settings stand now, across instances:
 * before every send it asks the database for the settings' version (one primary
 * key lookup; sends are rare) and rebuilds the providers only when it changed.
 * The synchronous {@link current} (which channels are deliverable, for sign-in
 * menus) serves the last snapshot and refreshes it in the background once it is
 * older than five seconds. Without a loader (the CLI) it is the environment's providers, fixed.
 */
export class ProviderSource {
  #providers: Record<DeliveryChannel, DeliveryProvider>;
  #version: string | null = null;
  #checkedAtMs = 0;
  #refreshing: Promise<void> | null = null;
  readonly #loader: ProviderLoader | null;
  readonly #build: (transports: {
    email: EmailTransport;
    sms: SmsTransport;
  }) => Record<DeliveryChannel, DeliveryProvider>;
  readonly #log: Logger;

  constructor(options: {
    initial: Record<DeliveryChannel, DeliveryProvider>;
    load: ProviderLoader | null;
    build: (transports: {
      email: EmailTransport;
      sms: SmsTransport;
    }) => Record<DeliveryChannel, DeliveryProvider>;
    log: Logger;
  }) {
    this.#providers = options.initial;
    this.#loader = options.load;
    this.#build = options.build;
    this.#log = options.log;
  }

  /** The provider of `channel` in the last snapshot. */
  current(channel: DeliveryChannel): DeliveryProvider {
    if (this.#loader && performance.now() - this.#checkedAtMs > NAME_REFRESH_MS && !this.#refreshing) {
      this.refresh().catch((error: Error) =>
        this.#log.warn({ reason: error.message }, 'could not read the mail and SMS settings'),
      );
    }
    return this.#providers[channel];
  }

  /** Brings the snapshot up to date with the stored settings (a version check; a rebuild when they changed). */
  async refresh(): Promise<void> {
    if (!this.#loader) return;
    if (this.#refreshing) return this.#refreshing;
    const loader = this.#loader;
    this.#refreshing = (async () => {
      try {
        const version = await loader.version();
        this.#checkedAtMs = performance.now();
        if (version === this.#version) return;
        const loaded = await loader.load();
        this.#providers = this.#build(loaded.transports);
        this.#version = loaded.version;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  /** Forgets the version, so the next {@link refresh} rebuilds (after a change on this instance). */
  invalidate(): void {
    this.#version = null;
  }
}
