import { randomUUID } from 'node:crypto';
import type { AuditType } from './audit-log.js';
import type { ServiceContext } from './context.js';

/** The events a webhook can receive. */
export const WEBHOOK_EVENT_TYPES = [
  'factor.added',
  'factor.removed',
  'mfa.reset',
  'account.locked',
  'account.unlocked',
  'backup_code.used',
  'sign_in.failed_repeatedly',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Wrong second-factor codes in a row, or wrong passwords in a row within the
 * password throttle's window, after which `sign_in.failed_repeatedly` is sent
 * (once per run of failures; a lockout itself sends `account.locked`).
 */
export const REPEATED_FAILURES = 3;

/** The JSON body a receiver gets. `id` is the same on every retry: de-duplicate on it. */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  user: { id: string; externalId: string | null; orgId: string | null } | null;
  data: Record<string, unknown>;
}

/** Which webhook event an audit event is, if any. */
export function webhookEventOf(
  type: AuditType,
  details: Record<string, unknown>,
): { type: WebhookEventType; data: Record<string, unknown> } | null {
  switch (type) {
    case 'factor_added':
      return { type: 'factor.added', data: details };
    case 'factor_removed':
      return { type: 'factor.removed', data: details };
    case 'mfa_disabled':
      return { type: 'factor.removed', data: { ...details, all: true } };
    case 'mfa_reset':
      return { type: 'mfa.reset', data: details };
    case 'account_locked':
      return { type: 'account.locked', data: details };
    case 'account_unlocked':
      return { type: 'account.unlocked', data: details };
    case 'backup_code_used':
      return { type: 'backup_code.used', data: details };
    case 'second_factor_failed':
      return details.failures === REPEATED_FAILURES
        ? { type: 'sign_in.failed_repeatedly', data: { step: 'second_factor', ...details } }
        : null;
    case 'sign_in_failed':
      return details.step === 'password' && details.failures === REPEATED_FAILURES
        ? { type: 'sign_in.failed_repeatedly', data: details }
        : null;
    default:
      return null;
  }
}

/**
 * Writes the webhook event of an audit event into the outbox, one row per
 * subscribed webhook, through `ctx.stores` — inside the caller's transaction
 * when there is one, so the event commits (or not) with the change it reports.
 */
export async function enqueueWebhookEvent(
  ctx: ServiceContext,
  audit: { type: AuditType; userId: string | null; orgId: string | null; details: Record<string, unknown> },
): Promise<void> {
  const event = webhookEventOf(audit.type, audit.details);
  if (!event) return;
  const hooks = (await ctx.stores.webhooks.listActive()).filter(
    (h) => h.events.includes(event.type) && (h.orgId === null || h.orgId === audit.orgId),
  );
  if (!hooks.length) return;
  const user = audit.userId ? await ctx.stores.users.findById(audit.userId) : null;
  const now = ctx.now();
  const payload: WebhookPayload = {
    id: randomUUID(),
    type: event.type,
    createdAt: now.toISOString(),
    user: user ? { id: user.id, externalId: user.externalId, orgId: user.orgId } : null,
    data: event.data,
  };
  await ctx.stores.webhooks.enqueue({
    webhookIds: hooks.map((h) => h.id),
    eventId: payload.id,
    eventType: payload.type,
    payload: JSON.stringify(payload),
    now,
  });
}
