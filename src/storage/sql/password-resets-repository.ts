import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PasswordReset } from '../types.js';
import type { Database } from './schema.js';

/**
 * Password-reset links, looked up by the SHA-256 of their token (the token itself
 * is only ever in the email). A link is live until used, revoked or expired.
 */
export class PasswordResetsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    tokenHash: string;
    userId: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
  }): Promise<PasswordReset> {
    const id = randomUUID();
    await this.db
      .insertInto('password_resets')
      .values({
        id,
        token_hash: input.tokenHash,
        user_id: input.userId,
        created_at: input.now.getTime(),
        expires_at: input.expiresAt.getTime(),
        used_at: null,
        revoked_at: null,
        ip: input.ip,
      })
      .execute();
    return { id, userId: input.userId, createdAt: input.now, expiresAt: input.expiresAt };
  }

  /** A live link (unused, unrevoked, unexpired) by token hash, or null. */
  async findActive(tokenHash: string, now: Date): Promise<PasswordReset | null> {
    const row = await this.db
      .selectFrom('password_resets')
      .select(['id', 'user_id', 'created_at', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          createdAt: new Date(row.created_at),
          expiresAt: new Date(row.expires_at),
        }
      : null;
  }

  /** Single use: true only for the one call that spent a live link (one conditional UPDATE). */
  async consume(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('password_resets')
      .set({ used_at: now.getTime() })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Revokes every live link of a user (a newer link, a password change); returns how many. */
  async revokeAllForUser(userId: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('password_resets')
      .set({ revoked_at: now.getTime() })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
