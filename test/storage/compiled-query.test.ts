import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compiledQuery } from '../../src/storage/sql/compiled-query.js';
import { backendsUnderTest } from '../helpers/services.js';
import { T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('compiled queries', ['sqlite', 'postgres']);

// A constant ('member') between two placeholders, so the slots must keep their order.
const membersCreatedAfter = compiledQuery((db, p: { afterMs: number; email: string }) =>
  db
    .selectFrom('users')
    .select(['email'])
    .where('created_at', '>', p.afterMs)
    .where('role', '=', 'member')
    .where('email', '=', p.email),
);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);

    it('builds once and runs with each call’s values, constants kept, inside a transaction too', async () => {
      const [a, b] = [`c-${randomUUID()}@example.com`, `c-${randomUUID()}@example.com`];
      await t.stores.users.create({ email: a, passwordHash: 'h', role: 'member', now: T0 });
      await t.stores.users.create({ email: b, passwordHash: 'h', role: 'org_admin', now: T0 });
      const { db } = t.stores.database;
      expect((await membersCreatedAfter(db, { afterMs: T0.getTime() - 1, email: a })).rows).toEqual([
        { email: a },
      ]);
      expect((await membersCreatedAfter(db, { afterMs: T0.getTime(), email: a })).rows).toEqual([]);
      expect((await membersCreatedAfter(db, { afterMs: 0, email: b })).rows).toEqual([]); // not a member
      const inTransaction = await db
        .transaction()
        .execute((trx) => membersCreatedAfter(trx, { afterMs: 0, email: a }));
      expect(inTransaction.rows).toEqual([{ email: a }]);
    });
  });
}
