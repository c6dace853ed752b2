import { type AuditFilter, auditListQuery, toAuditEventView } from '../account/activity.js';
import type { ServiceContext } from '../context.js';

export type AuditExportFormat = 'csv' | 'jsonl';

/** Rows read from the database per page of an export. */
export const AUDIT_EXPORT_PAGE = 500;

const CSV_COLUMNS = [
  'id',
  'at',
  'type',
  'userId',
  'userEmail',
  'actorId',
  'actorEmail',
  'orgId',
  'ip',
  'userAgent',
  'summary',
  'details',
] as const;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (starting with
 * = + - @, or a tab or carriage return) is prefixed with `'` so it stays text: audit
 * fields such as the user agent or an email come from whoever made the request.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `GET /api/admin/audit/export`: the filtered events, newest first, as CSV or JSON
 * Lines — read from the database one keyset page at a time and yielded as they come,
 * so an export of any size holds one page in memory, never the whole log.
 */
export async function* exportAuditEvents(
  ctx: ServiceContext,
  orgScope: string | null,
  filter: AuditFilter,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  const query = auditListQuery(orgScope, filter);
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  let cursor: string | undefined;
  do {
    const page = await ctx.stores.audit.list({ ...query, cursor, limit: AUDIT_EXPORT_PAGE });
    const lines: string[] = [];
    for (const event of page.events) {
      const view = toAuditEventView(event);
      if (format === 'jsonl') {
        lines.push(`${JSON.stringify(view)}\n`);
      } else {
        const row = { ...view, details: JSON.stringify(view.details) };
        lines.push(`${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`);
      }
    }
    if (lines.length) yield lines.join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
