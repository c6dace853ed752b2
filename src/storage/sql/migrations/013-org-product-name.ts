import type { Kysely } from 'kysely';

/**
 * Per-organization branding (issue 16 item 9): the product name the organization's
 * members read in their emails and SMS instead of the system's. Null: the system's
 * name. The service bounds it (1–60 characters, no control characters); a stored
 * value that is not valid is read as null (see `readProductName`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('product_name', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('product_name').execute();
}
