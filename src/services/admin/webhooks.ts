import { randomToken } from '../../crypto/random.js';
import { AppError } from '../../errors.js';
import type { Webhook, WebhookDelivery } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-events.js';
import type { Actor } from './admin-users.js';

const actorId = (actor: Actor) => (actor.kind === 'cli' ? 'cli' : actor.user.id);

export function toWebhookView(webhook: Webhook) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    orgId: webhook.orgId,
    createdAt: webhook.createdAt.toISOString(),
  };
}

/** Where a delivery stands: `pending` until the receiver answers 2xx or the retries run out. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export function toDeliveryView(delivery: WebhookDelivery) {
  const status: DeliveryStatus = delivery.deliveredAt
    ? 'delivered'
    : delivery.failedAt
      ? 'failed'
      : 'pending';
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    createdAt: delivery.createdAt.toISOString(),
    status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.deliveredAt || delivery.failedAt ? null : delivery.nextAttemptAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
  };
}

/**
 * Registers a URL for signed events. The signing secret is returned this once
 * and kept sealed (AES-GCM, bound to the webhook id): the server needs it back to sign.
 */
export async function createWebhook(
  ctx: ServiceContext,
  input: { url: string; events?: WebhookEventType[] | undefined; orgId?: string | null | undefined },
  actor: Actor,
  meta: RequestMeta,
): Promise<{ webhook: Webhook; secret: string }> {
  const orgId = input.orgId ?? null;
  if (orgId && !(await ctx.stores.organizations.findById(orgId))) {
    throw new AppError('not_found', { message: 'No such organization.' });
  }
  const id = ctx.stores.webhooks.newId();
  const secret = `whsec_${randomToken(32)}`;
  const webhook = await ctx.stores.webhooks.create({
    id,
    url: input.url,
    secretSealed: ctx.keyring.seal(Buffer.from(secret, 'utf8'), id),
    events: input.events?.length ? [...new Set(input.events)] : [...WEBHOOK_EVENT_TYPES],
    orgId,
    createdBy: actorId(actor),
    now: ctx.now(),
  });
  await recordEvent(ctx, 'webhook_created', {
    actorId: actorId(actor),
    orgId,
    meta,
    details: { webhookId: id, events: webhook.events },
  });
  return { webhook, secret };
}

export async function deleteWebhook(
  ctx: ServiceContext,
  id: string,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  const webhook = await ctx.stores.webhooks.findById(id);
  if (!webhook || webhook.deletedAt) throw new AppError('not_found', { message: 'No such webhook.' });
  if (await ctx.stores.webhooks.delete(id, ctx.now())) {
    await recordEvent(ctx, 'webhook_deleted', {
      actorId: actorId(actor),
      orgId: webhook.orgId,
      meta,
      details: { webhookId: id },
    });
  }
}

/** The newest deliveries of one webhook (the console's history). */
export async function listWebhookDeliveries(ctx: ServiceContext, id: string, limit: number) {
  const webhook = await ctx.stores.webhooks.findById(id);
  if (!webhook) throw new AppError('not_found', { message: 'No such webhook.' });
  return (await ctx.stores.webhooks.listDeliveries(id, limit)).map(toDeliveryView);
}

/** `GET /api/admin/webhooks`: the registered receivers, never a signing secret. */
export async function listWebhooks(ctx: ServiceContext) {
  return (await ctx.stores.webhooks.listActive()).map(toWebhookView);
}
