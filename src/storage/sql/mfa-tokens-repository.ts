import { CompiledQuery, type Kysely, PostgresAdapter, sql } from 'kysely';
import { uuidv7 } from '../../crypto/random.js';
import type { MfaToken, MfaTokenPurpose, Reservation, User } from '../types.js';
import { compiledQuery, preparePostgres } from './compiled-query.js';
import type { Database } from './schema.js';
import { reserveFailureSlotQuery, toJoinedUser, USER_JOIN_COLUMNS } from './users-repository.js';

const findActiveWithUserQuery = compiledQuery((db, p: { tokenHash: string; nowMs: number }) =>
  db
    .selectFrom('mfa_tokens')
    .innerJoin('users', 'users.id', 'mfa_tokens.user_id')
    .select([
      'mfa_tokens.id',
      'mfa_tokens.purpose',
      'mfa_tokens.attempts',
      'mfa_tokens.created_at',
      'mfa_tokens.expires_at',
      ...USER_JOIN_COLUMNS,
    ])
    .where('mfa_tokens.token_hash', '=', p.tokenHash)
    .where('mfa_tokens.consumed_at', 'is', null)
    .where('mfa_tokens.revoked_at', 'is', null)
    .where('mfa_tokens.expires_at', '>', p.nowMs),
);

const reserveAttemptQuery = compiledQuery((db, p: { id: string; max: number; nowMs: number }) =>
  db
    .updateTable('mfa_tokens')
    .set({ attempts: sql`attempts + 1` })
    .where('id', '=', p.id)
    .where('attempts', '<', p.max)
    .where('consumed_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', p.nowMs)
    .returning('attempts'),
);

const consumeQuery = compiledQuery((db, p: { id: string; nowMs: number }) =>
  db
    .updateTable('mfa_tokens')
    .set({ consumed_at: p.nowMs })
    .where('id', '=', p.id)
    .where('consumed_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', p.nowMs),
);

/**
 * PostgreSQL: both reservations of the second step in one statement, one round trip
 * instead of two. The same conditions as {@link reserveAttemptQuery} and
 * `reserveFailureSlotQuery`, in the same order: the pending sign-in's row is updated
 * (and locked) first; the user's only when that succeeded (the uncorrelated EXISTS
 * is an InitPlan, evaluated before the users row is touched). A parallel guess
 * waits on the row lock and re-checks the conditions on the committed row, as with
 * two statements. $1 token id, $2 attempts max, $3 now (ms), $4 user id, $5 failures max.
 */
const RESERVE_BOTH_POSTGRES = preparePostgres(`WITH t AS (
  UPDATE mfa_tokens SET attempts = attempts + 1
  WHERE id = $1 AND attempts < $2 AND consumed_at IS NULL AND revoked_at IS NULL AND expires_at > $3
  RETURNING attempts
), u AS (
  UPDATE users SET
    failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $3 THEN 1 ELSE failed_attempts + 1 END,
    locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $3 THEN NULL ELSE locked_until END
  WHERE id = $4 AND ((locked_until IS NULL AND failed_attempts < $5) OR locked_until <= $3)
    AND EXISTS (SELECT 1 FROM t)
  RETURNING failed_attempts
)
SELECT (SELECT attempts FROM t) AS attempts, (SELECT failed_attempts FROM u) AS failed_attempts`);

/**
 * Pending sign-ins. A token opens only the second step (or enrollment), is counted
 * per attempt, and dies on first success, on expiry or when its attempts run out.
 */
export class MfaTokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    tokenHash: string;
    userId: string;
    purpose: MfaTokenPurpose;
    now: Date;
    expiresAt: Date;
    ip: string | null;
  }): Promise<MfaToken> {
    const id = uuidv7();
    await this.db
      .insertInto('mfa_tokens')
      .values({
        id,
        token_hash: input.tokenHash,
        user_id: input.userId,
        purpose: input.purpose,
        attempts: 0,
        created_at: input.now.getTime(),
        expires_at: input.expiresAt.getTime(),
        consumed_at: null,
        revoked_at: null,
        ip: input.ip,
      })
      .execute();
    return {
      id,
      userId: input.userId,
      purpose: input.purpose,
      attempts: 0,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    };
  }

  /** A live pending sign-in and its user, in one query (the second step's first read). */
  async findActiveWithUser(tokenHash: string, now: Date): Promise<{ mfaToken: MfaToken; user: User } | null> {
    const [row] = (await findActiveWithUserQuery(this.db, { tokenHash, nowMs: now.getTime() })).rows;
    if (!row) return null;
    return {
      mfaToken: {
        id: row.id,
        userId: row.u_id,
        purpose: row.purpose as MfaTokenPurpose,
        attempts: row.attempts,
        createdAt: new Date(row.created_at),
        expiresAt: new Date(row.expires_at),
      },
      user: toJoinedUser(row),
    };
  }

  /**
   * Counts one code evaluation against this pending sign-in before the code is
   * checked (SECURITY.md rule 13), atomically: of 50 parallel guesses at most `max`
   * are evaluated.
   */
  async reserveAttempt(id: string, max: number, now: Date): Promise<Reservation> {
    const [row] = (await reserveAttemptQuery(this.db, { id, max, nowMs: now.getTime() })).rows;
    return row ? { ok: true, used: row.attempts } : { ok: false };
  }

  /**
   * The second step's two reservations, in this order: one attempt of pending sign-in
   * `id` ({@link reserveAttempt}), then — only if that succeeded — one slot of user
   * `userId`'s failure budget (`UsersRepository.reserveFailureSlot`). `slot` is null
   * when the attempt was refused (the user's row is then left alone). Run it inside
   * the transaction that checks the code: the rows stay held until its commit. One
   * round trip on PostgreSQL (a CTE), two statements on SQLite.
   */
  async reserveAttemptAndFailureSlot(
    id: string,
    maxAttempts: number,
    userId: string,
    maxFailures: number,
    now: Date,
  ): Promise<{ attempt: Reservation; slot: Reservation | null }> {
    const nowMs = now.getTime();
    if (this.db.getExecutor().adapter instanceof PostgresAdapter) {
      const { rows } = await this.db.executeQuery<{
        attempts: number | null;
        failed_attempts: number | null;
      }>(CompiledQuery.raw(RESERVE_BOTH_POSTGRES, [id, maxAttempts, nowMs, userId, maxFailures]));
      const row = rows[0];
      if (!row || row.attempts === null) return { attempt: { ok: false }, slot: null };
      return {
        attempt: { ok: true, used: row.attempts },
        slot: row.failed_attempts === null ? { ok: false } : { ok: true, used: row.failed_attempts },
      };
    }
    const attempt = await this.reserveAttempt(id, maxAttempts, now);
    if (!attempt.ok) return { attempt, slot: null };
    const [row] = (await reserveFailureSlotQuery(this.db, { id: userId, nowMs, max: maxFailures })).rows;
    return { attempt, slot: row ? { ok: true, used: row.failed_attempts } : { ok: false } };
  }

  /** Gives back an attempt reserved by {@link reserveAttempt} when the check could not be made (a server fault). */
  async releaseAttempt(id: string): Promise<void> {
    await this.db
      .updateTable('mfa_tokens')
      .set({ attempts: sql`attempts - 1` })
      .where('id', '=', id)
      .where('attempts', '>', 0)
      .execute();
  }

  /** Single use: true only for the one call that consumed a live token. */
  async consume(id: string, now: Date): Promise<boolean> {
    const result = await consumeQuery(this.db, { id, nowMs: now.getTime() });
    return result.numAffectedRows === 1n;
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('mfa_tokens')
      .set({ revoked_at: now.getTime() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllForUser(userId: string, now: Date): Promise<void> {
    await this.db
      .updateTable('mfa_tokens')
      .set({ revoked_at: now.getTime() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('consumed_at', 'is', null)
      .execute();
  }

  /** Deletes up to `limit` expired pending sign-ins (used ones go at their expiry, minutes later); returns how many. */
  async deleteExpired(now: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('mfa_tokens')
      .where('id', 'in', (eb) =>
        eb.selectFrom('mfa_tokens').select('id').where('expires_at', '<=', now.getTime()).limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
