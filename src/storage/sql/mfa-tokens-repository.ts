import { type Kysely, sql } from 'kysely';
import { uuidv7 } from '../../crypto/random.js';
import type { MfaToken, MfaTokenPurpose, Reservation, User } from '../types.js';
import { compiledQuery } from './compiled-query.js';
import type { Database } from './schema.js';
import { toJoinedUser, USER_JOIN_COLUMNS } from './users-repository.js';

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

  /** Single use: true only for the one call that consumed a live token. */
  /** Gives back an attempt reserved by {@link reserveAttempt} when the check could not be made (a server fault). */
  async releaseAttempt(id: string): Promise<void> {
    await this.db
      .updateTable('mfa_tokens')
      .set({ attempts: sql`attempts - 1` })
      .where('id', '=', id)
      .where('attempts', '>', 0)
      .execute();
  }

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
