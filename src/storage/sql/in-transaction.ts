import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `fn` in a transaction: `db`'s own when `db` already is one (a repository
 * used inside a use case's transaction joins it), else a new one. Kysely refuses
 * nested `transaction()` calls, and on SQLite a second transaction would wait for
 * the connection the first one holds.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
