import type { Kysely } from 'kysely';

/**
 * Password throttling that cannot be turned on the victim (SECURITY.md rule 26):
 * `throttle_epoch` is part of every per-account-and-client counter's key, so an
 * unlock that bumps it retires all of them at once (whatever client they counted);
 * `password_throttled_until` records the account-wide backoff for the users table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('throttle_epoch', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('password_throttled_until', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_throttled_until').execute();
  await db.schema.alterTable('users').dropColumn('throttle_epoch').execute();
}
