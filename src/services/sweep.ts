import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { EXPIRED_CODES_KEPT_MS } from '../storage/sql/otp-challenges-repository.js';
import type { Stores } from '../storage/stores.js';

/** Rows deleted per statement: short enough that a sweep never holds the database for long. */
export const SWEEP_BATCH_SIZE = 500;

/** Free pages handed back to the file system per sweep (SQLite; 4 KiB pages: 40 MiB). */
const RECLAIM_PAGES_PER_SWEEP = 10_000;

/** A pending setup nobody confirmed within this time is abandoned (enrollment drops it too). */
const ABANDONED_SETUP_MS = 60 * 60 * 1000;

/** What the sweeper needs: a slice of the service context (it also runs from the CLI and tests). */
export interface SweepContext {
  stores: Stores;
  now: () => Date;
  metrics: Pick<Metrics, 'sweptRows'>;
  log: Logger;
}

export interface SweepOptions {
  /** Audit events older than this many days go; 0 keeps them forever. */
  auditRetentionDays: number;
  batchSize?: number;
}

/** Rows deleted by one sweep, per table. */
export type SweepReport = Record<
  'sessions' | 'mfa_tokens' | 'otp_challenges' | 'rate_limits' | 'factors' | 'audit_events',
  number
>;

/** Calls `deleteBatch` until a batch comes back short, yielding to requests between batches. */
async function drain(deleteBatch: (limit: number) => Promise<number>, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Deletes what can never be used again, in bounded batches: ended sessions
 * (expired or revoked), expired pending sign-ins, expired email/SMS codes and
 * rate-limit windows, setups abandoned for an hour, and audit events past their
 * retention. Every delete is by condition, so several instances sweeping at
 * once only share the work (no leader needed); a sweep cut off half-way is
 * finished by the next. Then SQLite hands free pages back (incremental vacuum).
 */
export async function sweepExpired(ctx: SweepContext, options: SweepOptions): Promise<SweepReport> {
  const { stores } = ctx;
  const now = ctx.now();
  const batchSize = options.batchSize ?? SWEEP_BATCH_SIZE;
  const report: SweepReport = {
    sessions: await drain((n) => stores.sessions.deleteEnded(now, n), batchSize),
    mfa_tokens: await drain((n) => stores.mfaTokens.deleteExpired(now, n), batchSize),
    // Expired codes stay a while, so a late one is refused as "expired" (code-rejection.ts).
    otp_challenges: await drain(
      (n) => stores.otpChallenges.deleteExpired(new Date(now.getTime() - EXPIRED_CODES_KEPT_MS), n),
      batchSize,
    ),
    rate_limits: await drain((n) => stores.sqlRateLimits.deleteExpired(now, n), batchSize),
    factors: await drain(
      (n) => stores.factors.deleteAbandonedPending(new Date(now.getTime() - ABANDONED_SETUP_MS), n),
      batchSize,
    ),
    audit_events:
      options.auditRetentionDays > 0
        ? await drain(
            (n) =>
              stores.audit.deleteOlderThan(
                new Date(now.getTime() - options.auditRetentionDays * 86_400_000),
                n,
              ),
            batchSize,
          )
        : 0,
  };
  for (const [table, deleted] of Object.entries(report)) {
    if (deleted > 0) ctx.metrics.sweptRows.inc({ table }, deleted);
  }
  await stores.database.reclaimSpace(RECLAIM_PAGES_PER_SWEEP);
  return report;
}

/**
 * Sweeps every `intervalSeconds` (the first time after at most 30 s) until the
 * returned function is called; that one waits for a sweep in progress. A failed
 * sweep is logged and retried at the next tick.
 */
export function startSweeper(
  ctx: SweepContext,
  options: SweepOptions & { intervalSeconds: number },
): () => Promise<void> {
  if (options.intervalSeconds <= 0) return async () => {};
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = sweepExpired(ctx, options).then(
        (report) => ctx.log.debug({ deleted: report }, 'swept expired rows'),
        (error: unknown) => ctx.log.warn({ err: error }, 'the sweep failed; the next one retries'),
      );
      void running.then(() => {
        if (!stopped) schedule(options.intervalSeconds * 1000);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(Math.min(30, options.intervalSeconds) * 1000);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
