import type { Kysely, Selectable } from 'kysely';
import type { RememberedBrowser } from '../types.js';
import type { Database, RememberedBrowsersTable } from './schema.js';

function toRememberedBrowser(row: Selectable<RememberedBrowsersTable>): RememberedBrowser {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: new Date(Number(row.created_at)),
    lastUsedAt: new Date(Number(row.last_used_at)),
    expiresAt: new Date(Number(row.expires_at)),
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/**
 * Remembered browsers: one row per series, with the hash of its current token.
 * The token rotates on every use with a conditional UPDATE, so of two uses of one
 * token only one succeeds, and an old token never matches again.
 */
export class RememberedBrowsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    id: string;
    userId: string;
    tokenHash: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<RememberedBrowser> {
    const row = {
      id: input.id,
      user_id: input.userId,
      token_hash: input.tokenHash,
      created_at: input.now.getTime(),
      last_used_at: input.now.getTime(),
      expires_at: input.expiresAt.getTime(),
      revoked_at: null,
      ip: input.ip,
      user_agent: input.userAgent,
    };
    await this.db.insertInto('remembered_browsers').values(row).execute();
    return toRememberedBrowser(row);
  }

  /** A live series of `userId` (whatever its current token), or null. */
  async findActive(id: string, userId: string, now: Date): Promise<RememberedBrowser | null> {
    const row = await this.db
      .selectFrom('remembered_browsers')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return row ? toRememberedBrowser(row) : null;
  }

  /**
   * Swaps the series' token from `fromHash` to `toHash`: true only when the live
   * series held exactly `fromHash` (one conditional UPDATE; its row count decides).
   */
  async rotate(
    id: string,
    userId: string,
    fromHash: string,
    toHash: string,
    now: Date,
    meta: { ip: string | null; userAgent: string | null },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('remembered_browsers')
      .set({ token_hash: toHash, last_used_at: now.getTime(), ip: meta.ip, user_agent: meta.userAgent })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('token_hash', '=', fromHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async listActiveForUser(userId: string, now: Date): Promise<RememberedBrowser[]> {
    const rows = await this.db
      .selectFrom('remembered_browsers')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.getTime())
      .orderBy('last_used_at', 'desc')
      .limit(200)
      .execute();
    return rows.map(toRememberedBrowser);
  }

  /** Forgets one live series of `userId`; false when there is none with that id. */
  async revokeForUser(id: string, userId: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('remembered_browsers')
      .set({ revoked_at: now.getTime() })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Forgets every remembered browser of a user; returns how many were live. */
  async revokeAllForUser(userId: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('remembered_browsers')
      .set({ revoked_at: now.getTime() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
