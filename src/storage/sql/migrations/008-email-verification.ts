import { type Kysely, sql } from 'kysely';

/**
 * Email verification (issue 15): when the account's address was proved, and the
 * one outstanding verification link, stored only as the SHA-256 of its token.
 * Existing accounts count as verified so that turning the `emailVerification:
 * required` policy on locks nobody out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email_verified_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('email_verify_token_hash', 'text').execute();
  await db.schema.alterTable('users').addColumn('email_verify_expires_at', 'bigint').execute();
  await db.schema
    .createIndex('users_email_verify_token_idx')
    .on('users')
    .column('email_verify_token_hash')
    .execute();
  // Users of the verify API (external_id set) never proved an address; everyone else existing did.
  await sql`update users set email_verified_at = created_at where external_id is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_email_verify_token_idx').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('email_verify_expires_at').execute();
  await db.schema.alterTable('users').dropColumn('email_verify_token_hash').execute();
  await db.schema.alterTable('users').dropColumn('email_verified_at').execute();
}
