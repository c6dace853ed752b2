import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** An administrator's wording of one message kind in one language; a null part uses the catalog text. */
export interface MessageTemplateRow {
  scope: string;
  kind: string;
  locale: string;
  emailSubject: string | null;
  emailBody: string | null;
  smsText: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

/** `system` or an organization id. */
export const SYSTEM_SCOPE = 'system';

/** The `message_templates` table (migration 012). */
export class MessageTemplatesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every saved template of these scopes (a send looks up its organization's and the system's in one query). */
  async listByScopes(scopes: string[]): Promise<MessageTemplateRow[]> {
    if (scopes.length === 0) return [];
    const rows = await this.db
      .selectFrom('message_templates')
      .selectAll()
      .where('scope', 'in', scopes)
      .execute();
    return rows.map((row) => ({
      scope: row.scope,
      kind: row.kind,
      locale: row.locale,
      emailSubject: row.email_subject,
      emailBody: row.email_body,
      smsText: row.sms_text,
      updatedAt: new Date(Number(row.updated_at)),
      updatedBy: row.updated_by,
    }));
  }

  /** Saves (insert or replace) one template. */
  async upsert(row: Omit<MessageTemplateRow, 'updatedAt'> & { updatedAt: Date }): Promise<void> {
    const values = {
      email_subject: row.emailSubject,
      email_body: row.emailBody,
      sms_text: row.smsText,
      updated_at: row.updatedAt.getTime(),
      updated_by: row.updatedBy,
    };
    await this.db
      .insertInto('message_templates')
      .values({ scope: row.scope, kind: row.kind, locale: row.locale, ...values })
      .onConflict((oc) => oc.columns(['scope', 'kind', 'locale']).doUpdateSet(values))
      .execute();
  }

  /** Removes one template: the catalog text (or the system's wording, for an organization) applies again. */
  async remove(scope: string, kind: string, locale: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('message_templates')
      .where('scope', '=', scope)
      .where('kind', '=', kind)
      .where('locale', '=', locale)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
