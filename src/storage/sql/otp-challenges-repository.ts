import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction } from './in-transaction.js';
import type { Database } from './schema.js';

/**
 * How long an expired email/SMS code is kept before the sweeper deletes it, so a
 * user who types it late is told "expired" rather than "wrong".
 */
export const EXPIRED_CODES_KEPT_MS = 60 * 60 * 1000;

/** What an email/SMS code was issued for: signing in, or confirming a new factor. */
export type OtpPurpose = 'verify' | 'enroll';

/** One issued email/SMS code, stored only as a salted keyed hash. */
export interface OtpChallenge {
  id: string;
  userId: string;
  factorId: string;
  /** The pending sign-in (or enrolling login) it is bound to; null for an enrollment from a session. */
  mfaTokenId: string | null;
  purpose: OtpPurpose;
  codeHash: string;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
}

/**
 * Email and SMS codes. At most one live code per factor, purpose and pending
 * sign-in: issuing replaces. A code is spent by one conditional UPDATE whose row
 * count decides.
 */
export class OtpChallengesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a new code and, in the same transaction, deletes every earlier code of
   * the same binding (SECURITY.md rule 8: a resend replaces the old code) and the
   * user's spent or expired ones.
   */
  async replace(input: {
    userId: string;
    factorId: string;
    mfaTokenId: string | null;
    purpose: OtpPurpose;
    codeHash: string;
    now: Date;
    expiresAt: Date;
  }): Promise<OtpChallenge> {
    const id = randomUUID();
    const now = input.now.getTime();
    await inTransaction(this.db, async (trx) => {
      await trx
        .deleteFrom('otp_challenges')
        .where('factor_id', '=', input.factorId)
        .where('purpose', '=', input.purpose)
        .where((eb) =>
          input.mfaTokenId === null
            ? eb('mfa_token_id', 'is', null)
            : eb('mfa_token_id', '=', input.mfaTokenId),
        )
        .execute();
      await trx
        .deleteFrom('otp_challenges')
        .where('user_id', '=', input.userId)
        .where((eb) => eb.or([eb('consumed_at', 'is not', null), eb('expires_at', '<=', now)]))
        .execute();
      await trx
        .insertInto('otp_challenges')
        .values({
          id,
          user_id: input.userId,
          factor_id: input.factorId,
          mfa_token_id: input.mfaTokenId,
          purpose: input.purpose,
          code_hash: input.codeHash,
          attempts: 0,
          created_at: now,
          expires_at: input.expiresAt.getTime(),
          consumed_at: null,
        })
        .execute();
    });
    return {
      id,
      userId: input.userId,
      factorId: input.factorId,
      mfaTokenId: input.mfaTokenId,
      purpose: input.purpose,
      codeHash: input.codeHash,
      createdAt: input.now,
      expiresAt: input.expiresAt,
      consumedAt: null,
    };
  }

  /**
   * Unexpired codes of the given factors issued for `purpose` under exactly this
   * binding (`mfaTokenId` null matches only codes issued without one), spent ones
   * included so a caller can tell "right but already used" from "wrong".
   */
  async findUnexpired(input: {
    factorIds: string[];
    purpose: OtpPurpose;
    mfaTokenId: string | null;
    now: Date;
  }): Promise<OtpChallenge[]> {
    if (input.factorIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('otp_challenges')
      .selectAll()
      .where('factor_id', 'in', input.factorIds)
      .where('purpose', '=', input.purpose)
      .where((eb) =>
        input.mfaTokenId === null
          ? eb('mfa_token_id', 'is', null)
          : eb('mfa_token_id', '=', input.mfaTokenId),
      )
      .where('expires_at', '>', input.now.getTime())
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      factorId: row.factor_id,
      mfaTokenId: row.mfa_token_id,
      purpose: row.purpose as OtpPurpose,
      codeHash: row.code_hash,
      createdAt: new Date(row.created_at),
      expiresAt: new Date(row.expires_at),
      consumedAt: row.consumed_at === null ? null : new Date(row.consumed_at),
    }));
  }

  /**
   * Every code of the given factors still stored for `purpose` under exactly this
   * binding, expired and spent ones included: what explains a refused code that
   * matched one of them (`reason: expired | used`). The sweeper keeps expired codes
   * for {@link EXPIRED_CODES_KEPT_MS} for this.
   */
  async findIssued(input: {
    factorIds: string[];
    purpose: OtpPurpose;
    mfaTokenId: string | null;
  }): Promise<Array<Pick<OtpChallenge, 'codeHash' | 'expiresAt' | 'consumedAt'>>> {
    if (input.factorIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('otp_challenges')
      .select(['code_hash', 'expires_at', 'consumed_at'])
      .where('factor_id', 'in', input.factorIds)
      .where('purpose', '=', input.purpose)
      .where((eb) =>
        input.mfaTokenId === null
          ? eb('mfa_token_id', 'is', null)
          : eb('mfa_token_id', '=', input.mfaTokenId),
      )
      .execute();
    return rows.map((row) => ({
      codeHash: row.code_hash,
      expiresAt: new Date(row.expires_at),
      consumedAt: row.consumed_at === null ? null : new Date(row.consumed_at),
    }));
  }

  /** Single use: true only for the one call that spent a live code. */
  async consume(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('otp_challenges')
      .set({ consumed_at: now.getTime() })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Deletes up to `limit` expired email/SMS codes, spent or not; returns how many. */
  async deleteExpired(now: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('otp_challenges')
      .where('id', 'in', (eb) =>
        eb.selectFrom('otp_challenges').select('id').where('expires_at', '<=', now.getTime()).limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
