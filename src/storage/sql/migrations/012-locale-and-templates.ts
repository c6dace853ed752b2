import type { Kysely } from 'kysely';

/**
 * Languages and message templates (issue 17): the user's saved language (null:
 * follow the browser's Accept-Language, then DEFAULT_LOCALE), and administrators'
 * wording of code messages and security notices, per scope (`system` or an
 * organization id), message kind and language. A missing row means the catalog text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
  await db.schema
    .createTable('message_templates')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('email_subject', 'text')
    .addColumn('email_body', 'text')
    .addColumn('sms_text', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('message_templates_pk', ['scope', 'kind', 'locale'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_templates').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('locale').execute();
}
