import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEvent, NewAuditEvent } from '../types.js';

export type AuditEventWithEmails = AuditEvent & { userEmail: string | null; actorEmail: string | null };

import { compiledQuery } from './compiled-query.js';
import type { AuditEventsTable, Database } from './schema.js';

export interface AuditQuery {
  userId?: string;
  orgId?: string;
  type?: string;
  /** Any of these types (with `type`, both must match). */
  types?: string[];
  /** Events at or after `from`, and before `to`. */
  from?: Date;
  to?: Date;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  limit: number;
}

let sequence = 0;

/**
 * Audit ids sort like the events: time, then a per-process sequence, then random
 * bits so instances never collide. Events of one millisecond keep their order.
 */
function nextAuditId(at: Date): string {
  sequence = (sequence + 1) % 36 ** 6;
  return `${at.getTime().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(6, '0')}${randomBytes(6).toString('hex')}`;
}

const appendQuery = compiledQuery(
  (db, row: AuditEventsTable) =>
    db.insertInto('audit_events').values({
      id: row.id,
      type: row.type,
      user_id: row.user_id,
      actor_id: row.actor_id,
      org_id: row.org_id,
      ip: row.ip,
      user_agent: row.user_agent,
      at: row.at,
      details: row.details,
    }),
  // Appended, never read back here: on PostgreSQL it may travel with the transaction's next writes.
  { deferrable: true },
);

/** Append-only security log: this repository has no update and no delete. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(event: NewAuditEvent & { at: Date }): Promise<void> {
    await appendQuery(this.db, {
      id: nextAuditId(event.at),
      type: event.type,
      user_id: event.userId,
      actor_id: event.actorId,
      org_id: event.orgId,
      ip: event.ip,
      user_agent: event.userAgent,
      at: event.at.getTime(),
      details: JSON.stringify(event.details),
    });
  }

  /**
   * Newest first, keyset-paginated on (at, id). Each event carries the current email of
   * its user and of its actor when the actor is a user (the log keeps ids only).
   */
  async list(query: AuditQuery): Promise<{ events: AuditEventWithEmails[]; nextCursor: string | null }> {
    let q = this.db
      .selectFrom('audit_events')
      .leftJoin('users as subject', 'subject.id', 'audit_events.user_id')
      .leftJoin('users as actor', 'actor.id', 'audit_events.actor_id')
      .selectAll('audit_events')
      .select(['subject.email as user_email', 'actor.email as actor_email']);
    if (query.userId) q = q.where('audit_events.user_id', '=', query.userId);
    if (query.orgId) q = q.where('audit_events.org_id', '=', query.orgId);
    if (query.type) q = q.where('audit_events.type', '=', query.type);
    if (query.types) {
      if (query.types.length === 0) return { events: [], nextCursor: null };
      q = q.where('audit_events.type', 'in', query.types);
    }
    if (query.from) q = q.where('audit_events.at', '>=', query.from.getTime());
    if (query.to) q = q.where('audit_events.at', '<', query.to.getTime());
    if (query.cursor) {
      const [atText, id] = Buffer.from(query.cursor, 'base64url').toString('utf8').split('|');
      const at = Number(atText);
      if (Number.isFinite(at) && id) {
        q = q.where((eb) =>
          eb.or([
            eb('audit_events.at', '<', at),
            eb.and([eb('audit_events.at', '=', at), eb('audit_events.id', '<', id)]),
          ]),
        );
      }
    }
    const rows = await q
      .orderBy('audit_events.at', 'desc')
      .orderBy('audit_events.id', 'desc')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > query.limit && last ? Buffer.from(`${last.at}|${last.id}`).toString('base64url') : null;
    return {
      events: page.map((r) => ({
        id: r.id,
        type: r.type,
        userId: r.user_id,
        actorId: r.actor_id,
        orgId: r.org_id,
        ip: r.ip,
        userAgent: r.user_agent,
        at: new Date(Number(r.at)),
        details: JSON.parse(r.details) as Record<string, unknown>,
        userEmail: r.user_email ?? null,
        actorEmail: r.actor_email ?? null,
      })),
      nextCursor,
    };
  }

  /** Deletes up to `limit` events older than `before` (the retention); returns how many. */
  async deleteOlderThan(before: Date, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('audit_events')
      .where('id', 'in', (eb) =>
        eb.selectFrom('audit_events').select('id').where('at', '<', before.getTime()).limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
