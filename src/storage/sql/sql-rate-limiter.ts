import { type Kysely, sql } from 'kysely';
import type { RateLimiter, RateLimitResult } from '../types.js';
import type { Database } from './schema.js';

/**
 * Fixed-window counters in the database, so every instance shares them (no
 * process memory). One upsert counts and reads back atomically on SQLite (≥ 3.35)
 * and PostgreSQL alike.
 */
export class SqlRateLimiter implements RateLimiter {
  constructor(private readonly db: Kysely<Database>) {}

  async consume(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateLimitResult> {
    const t = now.getTime();
    const resetAt = t + windowSeconds * 1000;
    const { rows } = await sql<{ points: number; reset_at: number }>`
      INSERT INTO rate_limits (key, points, reset_at) VALUES (${key}, 1, ${resetAt})
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN rate_limits.reset_at <= ${t} THEN 1 ELSE rate_limits.points + 1 END,
        reset_at = CASE WHEN rate_limits.reset_at <= ${t} THEN ${resetAt} ELSE rate_limits.reset_at END
      RETURNING points, reset_at`.execute(this.db);
    const row = rows[0]!;
    const points = Number(row.points);
    return {
      allowed: points <= limit,
      consumed: points,
      retryAfterSeconds: Math.max(1, Math.ceil((Number(row.reset_at) - t) / 1000)),
    };
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  }

  /** Deletes up to `limit` windows that have ended (a new window starts from nothing anyway); returns how many. */
  async deleteExpired(now: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('rate_limits')
      .where('key', 'in', (eb) =>
        eb.selectFrom('rate_limits').select('key').where('reset_at', '<=', now.getTime()).limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
