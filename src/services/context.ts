import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Delivery } from '../delivery/delivery.js';
import type { VerifyMethod } from '../domain/policy.js';
import type { Metrics } from '../metrics.js';
import type { Repositories, Stores } from '../storage/stores.js';
import type { User } from '../storage/types.js';
import type { SecurityNotifier } from './notifications.js';

/** Where a request came from, for audit and throttling. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  /** The verify API key a request came with: audited as the actor (SECURITY.md rule 31). */
  apiKey?: { id: string; name: string } | undefined;
}

/**
 * Checks one code for one method. Returns the factor that matched (null for a
 * wrong code); must spend the code atomically when it matches. `mfaTokenId` binds
 * email/SMS codes to the pending sign-in that created them.
 */
export type SecondFactorVerifier = (
  ctx: ServiceContext,
  input: {
    user: User;
    code: string;
    mfaTokenId: string | null;
    /** A WebAuthn assertion (AuthenticationResponseJSON) instead of a code. */
    response?: unknown;
  },
) => Promise<{ factorId: string | null; details?: Record<string, unknown>; amr?: string[] } | null>;

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
  /** Code checkers per method; email/SMS register theirs beside TOTP and backup codes. */
  verifiers: Partial<Record<VerifyMethod, SecondFactorVerifier>>;
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
