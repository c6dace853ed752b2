import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Webhook, WebhookDelivery } from '../types.js';
import { compiledQuery } from './compiled-query.js';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from './schema.js';

/** Asked at every audited event that has a webhook form (each failed second step): built once. */
const listActiveQuery = compiledQuery((db, _p: Record<string, never>) =>
  db.selectFrom('webhooks').selectAll().where('deleted_at', 'is', null).orderBy('created_at').orderBy('id'),
);

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

function toWebhook(row: Selectable<WebhooksTable>): Webhook {
  return {
    id: row.id,
    url: row.url,
    secretSealed: row.secret_enc,
    events: JSON.parse(row.events) as string[],
    orgId: row.org_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    deletedAt: toDate(row.deleted_at),
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    createdAt: new Date(row.created_at),
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    deliveredAt: toDate(row.delivered_at),
    failedAt: toDate(row.failed_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastAttemptAt: toDate(row.last_attempt_at),
  };
}

/** A delivery this instance holds the lease of, with where it goes. */
export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  leaseToken: string;
  webhook: Webhook;
}

/**
 * Webhook endpoints and their durable outbox. An event is written here in the
 * transaction of the change it reports; workers on any number of instances take
 * rows with a conditional UPDATE lease, so each attempt has one owner.
 */
export class WebhooksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  newId(): string {
    return randomUUID();
  }

  async create(input: {
    id: string;
    url: string;
    secretSealed: string;
    events: string[];
    orgId: string | null;
    createdBy: string | null;
    now: Date;
  }): Promise<Webhook> {
    const row = {
      id: input.id,
      url: input.url,
      secret_enc: input.secretSealed,
      events: JSON.stringify(input.events),
      org_id: input.orgId,
      created_by: input.createdBy,
      created_at: input.now.getTime(),
      deleted_at: null,
    };
    await this.db.insertInto('webhooks').values(row).execute();
    return toWebhook(row);
  }

  async findById(id: string): Promise<Webhook | null> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toWebhook(row) : null;
  }

  /** Live webhooks, oldest first. */
  async listActive(): Promise<Webhook[]> {
    const { rows } = await listActiveQuery(this.db, {});
    return rows.map(toWebhook);
  }

  /** Stops new events for the webhook; undelivered ones are given up by the worker. */
  async delete(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('webhooks')
      .set({ deleted_at: now.getTime() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Writes one outbox row per webhook for one event. */
  async enqueue(input: {
    webhookIds: string[];
    eventId: string;
    eventType: string;
    payload: string;
    now: Date;
  }): Promise<void> {
    if (!input.webhookIds.length) return;
    const ms = input.now.getTime();
    await this.db
      .insertInto('webhook_deliveries')
      .values(
        input.webhookIds.map((webhookId) => ({
          id: randomUUID(),
          webhook_id: webhookId,
          event_id: input.eventId,
          event_type: input.eventType,
          payload: input.payload,
          created_at: ms,
          attempts: 0,
          next_attempt_at: ms,
          lease_token: null,
          lease_until: null,
          delivered_at: null,
          failed_at: null,
          last_status: null,
          last_error: null,
          last_attempt_at: null,
        })),
      )
      .execute();
  }

  /**
   * Takes up to `limit` due deliveries for `leaseSeconds`. Each row is taken by a
   * conditional UPDATE that only succeeds while nobody else holds a live lease, so
   * two instances polling at once never both send the same attempt; a lease left
   * by a crashed instance runs out and the row is taken again (at least once).
   */
  async claimDue(now: Date, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const ms = now.getTime();
    const candidates = await this.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', ms)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', ms)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    const claimed: ClaimedDelivery[] = [];
    for (const { id } of candidates) {
      const leaseToken = randomUUID();
      const result = await this.db
        .updateTable('webhook_deliveries')
        .set({ lease_token: leaseToken, lease_until: ms + leaseSeconds * 1000 })
        .where('id', '=', id)
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', ms)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', ms)]))
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) continue;
      const row = await this.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const webhook = await this.findById(row.webhook_id);
      if (!webhook) continue;
      claimed.push({ delivery: toDelivery(row), leaseToken, webhook });
    }
    return claimed;
  }

  /** Records an attempt that the receiver accepted; false when the lease was lost meanwhile. */
  async markDelivered(id: string, leaseToken: string, status: number, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        delivered_at: now.getTime(),
        last_status: status,
        last_error: null,
        last_attempt_at: now.getTime(),
        lease_token: null,
        lease_until: null,
      }))
      .where('id', '=', id)
      .where('lease_token', '=', leaseToken)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /**
   * Records a failed attempt: retried at `nextAttemptAt`, or given up when
   * `nextAttemptAt` is null.
   */
  async markFailed(
    id: string,
    leaseToken: string,
    input: { status: number | null; error: string; now: Date; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    const ms = input.now.getTime();
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        next_attempt_at: input.nextAttemptAt ? input.nextAttemptAt.getTime() : ms,
        failed_at: input.nextAttemptAt ? null : ms,
        last_status: input.status,
        last_error: input.error.slice(0, 300),
        last_attempt_at: ms,
        lease_token: null,
        lease_until: null,
      }))
      .where('id', '=', id)
      .where('lease_token', '=', leaseToken)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** A webhook's deliveries, newest first (the console's delivery history). */
  async listDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }
}
