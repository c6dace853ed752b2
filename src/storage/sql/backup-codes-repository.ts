import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { compiledQuery } from './compiled-query.js';
import { inTransaction } from './in-transaction.js';
import { lockUserRow } from './lock-user-row.js';
import type { Database } from './schema.js';

const usedAtQuery = compiledQuery((db, p: { userId: string }) =>
  db.selectFrom('backup_codes').select(['used_at']).where('user_id', '=', p.userId),
);

/** Backup codes, one row per code (one blob of codes would make two uses collide). */
export class BackupCodesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces the user's whole set in one transaction: old codes die as new ones are born. */
  async replaceAll(userId: string, codeHashes: string[], now: Date): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      // Two regenerations at once: the second waits, then deletes the first one's set.
      await lockUserRow(trx, userId);
      await trx.deleteFrom('backup_codes').where('user_id', '=', userId).execute();
      if (codeHashes.length === 0) return;
      await trx
        .insertInto('backup_codes')
        .values(
          codeHashes.map((hash) => ({
            id: randomUUID(),
            user_id: userId,
            code_hash: hash,
            used_at: null,
            created_at: now.getTime(),
          })),
        )
        .execute();
    });
  }

  async listUnused(userId: string): Promise<Array<{ id: string; codeHash: string }>> {
    const rows = await this.db
      .selectFrom('backup_codes')
      .select(['id', 'code_hash'])
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
    return rows.map((r) => ({ id: r.id, codeHash: r.code_hash }));
  }

  /** Hashes of the user's spent codes: what tells a reused code (`reason: used`) from a wrong one. */
  async listUsedHashes(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('backup_codes')
      .select(['code_hash'])
      .where('user_id', '=', userId)
      .where('used_at', 'is not', null)
      .execute();
    return rows.map((r) => r.code_hash);
  }

  async counts(userId: string): Promise<{ remaining: number; total: number }> {
    const { rows } = await usedAtQuery(this.db, { userId });
    return { remaining: rows.filter((r) => r.used_at === null).length, total: rows.length };
  }

  /**
   * Spends one code. The conditional UPDATE's row count decides, so of N parallel
   * uses of the same code exactly one wins (SECURITY.md rule 11).
   */
  async consume(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('backup_codes')
      .set({ used_at: now.getTime() })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async deleteAllForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('backup_codes').where('user_id', '=', userId).execute();
  }

  /** Every stored backup code, used or not. */
  async countAll(): Promise<number> {
    const row = await this.db
      .selectFrom('backup_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Up to `limit` users, after `afterUserId` in id order, holding unused codes created at or before `createdBy`. */
  async listUsersWithUnusedSince(
    createdBy: Date,
    afterUserId: string | null,
    limit: number,
  ): Promise<string[]> {
    let query = this.db
      .selectFrom('backup_codes')
      .select('user_id')
      .distinct()
      .where('used_at', 'is', null)
      .where('created_at', '<=', createdBy.getTime())
      .orderBy('user_id')
      .limit(limit);
    if (afterUserId !== null) query = query.where('user_id', '>', afterUserId);
    return (await query.execute()).map((r) => r.user_id);
  }

  /** Marks every unused code of `userId` created at or before `createdBy` as used; returns how many. */
  async expireUnused(userId: string, createdBy: Date, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('backup_codes')
      .set({ used_at: now.getTime() })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('created_at', '<=', createdBy.getTime())
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
