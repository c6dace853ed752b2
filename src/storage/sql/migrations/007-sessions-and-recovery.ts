import type { Kysely } from 'kysely';

/**
 * Sessions you can see (when each was last used), account recovery (single-use
 * password-reset links, stored only as the SHA-256 of their token) and remembered
 * browsers (a series id and a rotating token, stored hashed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Written at most once a minute per session (sessions.ts, touchSession), never per request.
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();

  await db.schema
    .createTable('remembered_browsers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema
    .createIndex('remembered_browsers_user_idx')
    .on('remembered_browsers')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('remembered_browsers').ifExists().execute();
  await db.schema.dropTable('password_resets').ifExists().execute();
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
}
