import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Serializes read-then-write transactions on one user's rows (their preferred
 * factor, their backup-code set) across connections and instances. A no-op
 * UPDATE of the user row is the portable lock: on PostgreSQL it holds the row
 * lock until the transaction ends, so a second transaction waits and then reads
 * what the first committed (READ COMMITTED takes a new snapshot per statement);
 * on SQLite it takes the database write lock. Always lock the user row first.
 */
export async function lockUserRow(trx: Kysely<Database>, userId: string): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', userId)
    .execute();
}
