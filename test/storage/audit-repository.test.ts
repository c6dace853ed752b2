import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { at, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('audit repository', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const append = (userId: string, type: string, seconds: number, orgId: string | null = null) =>
      t.stores.audit.append({
        type,
        userId,
        actorId: userId,
        orgId,
        ip: '198.51.100.7',
        userAgent: 'ua',
        details: { n: seconds },
        at: at(seconds),
      });

    it('lists newest first with details as objects, filtered by user, org and type', async () => {
      const [user, org] = [randomUUID(), randomUUID()];
      await append(user, 'sign_in_succeeded', 1, org);
      await append(user, 'second_factor_failed', 2);
      await append(randomUUID(), 'sign_in_succeeded', 3, org);
      const mine = await t.stores.audit.list({ userId: user, limit: 10 });
      expect(mine.events.map((e) => [e.type, e.at, e.details])).toEqual([
        ['second_factor_failed', at(2), { n: 2 }],
        ['sign_in_succeeded', at(1), { n: 1 }],
      ]);
      expect(mine.events[0]).toMatchObject({
        userId: user,
        actorId: user,
        ip: '198.51.100.7',
        userAgent: 'ua',
      });
      expect(mine.nextCursor).toBeNull();
      expect((await t.stores.audit.list({ orgId: org, limit: 10 })).events).toHaveLength(2);
      expect(
        (await t.stores.audit.list({ userId: user, type: 'sign_in_succeeded', limit: 10 })).events,
      ).toHaveLength(1);
    });

    it('pages with a cursor without losing or repeating events that share an instant', async () => {
      const user = randomUUID();
      for (let i = 0; i < 7; i++) await append(user, 'sign_in_succeeded', i < 4 ? 100 : 100 + i);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await t.stores.audit.list({ userId: user, limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...result.events.map((e) => e.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    });

    it('ignores a malformed cursor', async () => {
      const user = randomUUID();
      await append(user, 'sign_out', 1);
      expect((await t.stores.audit.list({ userId: user, limit: 5, cursor: 'garbage' })).events).toHaveLength(
        1,
      );
    });
  });
}
