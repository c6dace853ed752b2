import { summarizeAuditDetails } from '../../domain/audit-summary.js';
import type { AuditEventWithEmails } from '../../storage/sql/audit-repository.js';
import type { AuditEvent, User } from '../../storage/types.js';
import type { ServiceContext } from '../context.js';

/** How many of their own recent events a user sees on the security page. */
export const OWN_ACTIVITY_LIMIT = 30;

/** An audit event as the API shows it (admins also see who acted and in which organization). */
export function toAuditEventView(event: AuditEvent | AuditEventWithEmails) {
  return {
    id: event.id,
    type: event.type,
    userId: event.userId,
    actorId: event.actorId,
    orgId: event.orgId,
    ip: event.ip,
    userAgent: event.userAgent,
    at: event.at.toISOString(),
    details: event.details,
    userEmail: 'userEmail' in event ? event.userEmail : null,
    actorEmail: 'actorEmail' in event ? event.actorEmail : null,
    summary: summarizeAuditDetails(event.details),
  };
}

/** Filters of the admin audit log and of its export. */
export interface AuditFilter {
  userId?: string;
  type?: string;
  orgId?: string;
  from?: Date;
  to?: Date;
}

/** `GET /api/mfa/activity`: the user's own latest security events, newest first. */
export async function listOwnActivity(ctx: ServiceContext, user: User) {
  const { events } = await ctx.stores.audit.list({ userId: user.id, limit: OWN_ACTIVITY_LIMIT });
  return {
    events: events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      ip: e.ip,
      userAgent: e.userAgent,
      details: e.details,
    })),
  };
}

/**
 * `GET /api/admin/audit`: the audit log, narrowed to the admin's organization for an org
 * admin (`orgScope`, from `scopeOrgId`).
 */
export async function listAuditEvents(
  ctx: ServiceContext,
  orgScope: string | null,
  query: AuditFilter & { cursor?: string; limit: number },
) {
  const { events, nextCursor } = await ctx.stores.audit.list({
    ...auditListQuery(orgScope, query),
    cursor: query.cursor,
    limit: query.limit,
  });
  return { events: events.map(toAuditEventView), nextCursor };
}

/** The repository query for `filter`, confined to `orgScope` when there is one. */
export function auditListQuery(orgScope: string | null, filter: AuditFilter) {
  return {
    userId: filter.userId,
    orgId: orgScope ?? filter.orgId,
    // `type` may name several types, comma-separated.
    types: filter.type
      ? filter.type
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : undefined,
    from: filter.from,
    to: filter.to,
  };
}
