import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Delivery } from '../delivery/delivery.js';
import type { VerifyMethod } from '../domain/policy.js';
import type { Verifier } from '../factors/module.js';
import type { Metrics } from '../metrics.js';
import type { Repositories, Stores } from '../storage/stores.js';
import type { SecurityNotifier } from './notifications.js';

/** Where a request came from, for audit and throttling. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** The verify API key a request came with: audited as the actor (SECURITY.md rule 31). */
  apiKey?: { id: string; name: string } | undefined;
  /**
   * The request's `Accept-Language`: the language of messages sent while serving it
   * (a code, a security notice) to a user with no saved language. Absent outside a
   * request (CLI, workers): DEFAULT_LOCALE then.
   */
  acceptLanguage?: string | null | undefined;
}

/** Everything a use case may touch; built once in `createApp`. */
export interface ServiceContext {
  config: Readonly<AppConfig>;
  stores: Stores;
  keyring: Keyring;
  /** The clock. Nothing below `main.ts` calls `Date.now()`. */
  now: () => Date;
  metrics: Metrics;
  log: Logger;
  /** Email and SMS out (SMTP, Twilio, webhook, or the log and dev outbox). */
  delivery: Delivery;
  notifier: SecurityNotifier;
  /**
   * The verifier of every method, from the factor modules (`factorVerifiers()` in
   * src/factors/index.ts). Complete by type: a method without one does not compile.
   */
  verifiers: Record<VerifyMethod, Verifier>;
}

/**
 * Runs `fn` in one database transaction with a context whose repositories write
 * into it: everything `fn` writes commits together or not at all. A nested
 * `stores.transaction` joins this one. The rate limiter stays outside (it is not
 * transactional state; on SQLite it would wait for the connection held here), so
 * `fn` must not use it.
 * @example await runInTransaction(ctx, (txCtx) => issueSession(txCtx, user, meta, amr))
 */
export function runInTransaction<T>(
  ctx: ServiceContext,
  fn: (txCtx: ServiceContext) => Promise<T>,
): Promise<T> {
  return ctx.stores.transaction((tx: Repositories) =>
    fn({ ...ctx, stores: { ...ctx.stores, ...tx, transaction: (inner) => inner(tx) } }),
  );
}
