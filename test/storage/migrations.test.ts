import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/storage/sql/database.js';
import { MIGRATIONS } from '../../src/storage/sql/migrations/index.js';
import { backendsUnderTest, createPostgresDatabase } from '../helpers/services.js';
import { openTestDatabase } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('migrations', ['sqlite', 'postgres']);
const ALL = Object.keys(MIGRATIONS);

for (const store of STORES) {
  describe(store, () => {
    it('brings a fresh database to the latest schema, and a second run does nothing', async () => {
      const opened = await openTestDatabase(store); // migrated once already
      try {
        expect(await migrateToLatest(opened.database.db)).toEqual([]);
        const tables = await opened.database.db.introspection.getTables();
        expect(tables.map((t) => t.name)).toEqual(
          expect.arrayContaining(['users', 'factors', 'mfa_tokens', 'rate_limits']),
        );
      } finally {
        await opened.dispose();
      }
    });

    if (store === 'postgres') {
      it('six instances starting together on an empty database migrate it exactly once (advisory lock)', async () => {
        const pgDatabase = await createPostgresDatabase();
        const instances = Array.from({ length: 6 }, () => openDatabase(pgDatabase.url, { poolSize: 2 }));
        try {
          const applied = await Promise.all(instances.map((d) => migrateToLatest(d.db)));
          expect(applied.flat()).toEqual(ALL);
          const rows = await instances[0]!.db
            .selectFrom('twofold_migrations' as never)
            .selectAll()
            .execute();
          expect(rows).toHaveLength(ALL.length);
        } finally {
          await Promise.all(instances.map((d) => d.close()));
          await pgDatabase.drop();
        }
      });
    }
  });
}
