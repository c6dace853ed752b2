import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/crypto/random.js';
import { backendsUnderTest } from '../helpers/services.js';
import { at, inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('webhooks and API keys repositories', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);

    async function newHook(events = ['factor.added']) {
      return t.stores.webhooks.create({
        id: t.stores.webhooks.newId(),
        url: 'http://127.0.0.1:9/hook',
        secretSealed: 'v1.sealed',
        events,
        orgId: null,
        createdBy: 'admin',
        now: T0,
      });
    }

    it('finds a live key by its hash only, records use at most once a minute, and revokes once', async () => {
      const key = await t.stores.apiKeys.create({
        name: 'shop',
        keyHash: hashToken('tfk_secret'),
        keyPrefix: 'tfk_se',
        orgId: null,
        createdBy: 'cli',
        now: T0,
      });
      expect(await t.stores.apiKeys.findActiveByHash(hashToken('tfk_secret'))).toEqual(key);
      expect(await t.stores.apiKeys.findActiveByHash(hashToken('tfk_other'))).toBeNull();
      await t.stores.apiKeys.touch(key.id, at(10));
      await t.stores.apiKeys.touch(key.id, at(30));
      expect((await t.stores.apiKeys.findById(key.id))!.lastUsedAt).toEqual(at(10));
      await t.stores.apiKeys.touch(key.id, at(100));
      expect((await t.stores.apiKeys.findById(key.id))!.lastUsedAt).toEqual(at(100));
      const revokes = await inParallel(5, () => t.stores.apiKeys.revoke(key.id, at(200)));
      expect(revokes.filter(Boolean)).toHaveLength(1);
      expect(await t.stores.apiKeys.findActiveByHash(hashToken('tfk_secret'))).toBeNull();
      expect((await t.stores.apiKeys.list()).find((k) => k.id === key.id)!.revokedAt).toEqual(at(200));
    });

    it('parallel first uses of one externalId create one user', async () => {
      const results = await inParallel(10, (i) =>
        t.stores.users.findOrCreateByExternalId({
          externalId: 'ext-race',
          email: `race-${i}@api-user.twofold.invalid`,
          passwordHash: 'h',
          orgId: null,
          now: T0,
        }),
      );
      expect(new Set(results.map((r) => r.user.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect((await t.stores.users.findByExternalId('ext-race'))!.externalId).toBe('ext-race');
    });

    it('an outbox row is taken by one of several parallel claimers, and again only when its lease ran out', async () => {
      const hook = await newHook();
      await t.stores.webhooks.enqueue({
        webhookIds: [hook.id],
        eventId: 'evt-1',
        eventType: 'factor.added',
        payload: '{"id":"evt-1"}',
        now: T0,
      });
      const claims = (await inParallel(8, () => t.stores.webhooks.claimDue(at(1), 10, 30))).flat();
      const mine = claims.filter((c) => c.delivery.eventId === 'evt-1');
      expect(mine).toHaveLength(1);
      expect(mine[0]!.webhook.id).toBe(hook.id);
      // Leased: nobody else takes it before the lease ends …
      expect((await t.stores.webhooks.claimDue(at(20), 10, 30)).map((c) => c.delivery.eventId)).not.toContain(
        'evt-1',
      );
      // … after it (the holder crashed), someone does, and the old holder can no longer record.
      const retaken = (await t.stores.webhooks.claimDue(at(40), 10, 30)).find(
        (c) => c.delivery.eventId === 'evt-1',
      );
      expect(retaken).toBeDefined();
      expect(
        await t.stores.webhooks.markDelivered(mine[0]!.delivery.id, mine[0]!.leaseToken, 200, at(41)),
      ).toBe(false);
      expect(
        await t.stores.webhooks.markDelivered(retaken!.delivery.id, retaken!.leaseToken, 204, at(41)),
      ).toBe(true);
      expect(
        (await t.stores.webhooks.claimDue(at(1000), 10, 30)).map((c) => c.delivery.eventId),
      ).not.toContain('evt-1');
      const [history] = await t.stores.webhooks.listDeliveries(hook.id, 10);
      expect(history).toMatchObject({ eventId: 'evt-1', attempts: 1, lastStatus: 204, deliveredAt: at(41) });
    });

    it('a failed attempt waits for its retry time; a given-up one is never taken again', async () => {
      const hook = await newHook();
      await t.stores.webhooks.enqueue({
        webhookIds: [hook.id],
        eventId: 'evt-2',
        eventType: 'factor.added',
        payload: '{}',
        now: T0,
      });
      const [claimed] = (await t.stores.webhooks.claimDue(at(1), 10, 30)).filter(
        (c) => c.delivery.eventId === 'evt-2',
      );
      await t.stores.webhooks.markFailed(claimed!.delivery.id, claimed!.leaseToken, {
        status: 503,
        error: 'webhook answered 503',
        now: at(2),
        nextAttemptAt: at(10),
      });
      const ids = async (when: Date) =>
        (await t.stores.webhooks.claimDue(when, 10, 30)).filter((c) => c.delivery.eventId === 'evt-2');
      expect(await ids(at(9))).toHaveLength(0);
      const [again] = await ids(at(10));
      expect(again!.delivery.attempts).toBe(1);
      await t.stores.webhooks.markFailed(again!.delivery.id, again!.leaseToken, {
        status: null,
        error: 'gave up',
        now: at(11),
        nextAttemptAt: null,
      });
      expect(await ids(at(100_000))).toHaveLength(0);
      const [row] = await t.stores.webhooks.listDeliveries(hook.id, 10);
      expect(row).toMatchObject({ attempts: 2, failedAt: at(11), lastError: 'gave up' });
    });

    it('an outbox row written in a transaction that rolls back never exists', async () => {
      const hook = await newHook();
      await expect(
        t.stores.transaction(async (tx) => {
          await tx.webhooks.enqueue({
            webhookIds: [hook.id],
            eventId: 'evt-rolled-back',
            eventType: 'factor.added',
            payload: '{}',
            now: T0,
          });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await t.stores.webhooks.listDeliveries(hook.id, 10)).toEqual([]);
    });
  });
}
