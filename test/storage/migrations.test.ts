import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
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

describe('008-email-verification', () => {
  it('marks existing sign-in accounts verified (nobody is locked out) and verify-API users not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-m008-'));
    const database = openDatabase(`sqlite:${join(dir, 'test.db')}`);
    try {
      const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '008'));
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: async () => before },
        migrationTableName: 'twofold_migrations',
        migrationLockTableName: 'twofold_migrations_lock',
      });
      const { error } = await migrator.migrateToLatest();
      expect(error).toBeUndefined();
      const row = (id: string, externalId: string | null) => ({
        id,
        email: `${id}@example.com`,
        password_hash: 'hash',
        name: null,
        role: 'member',
        org_id: null,
        locked_until: null,
        created_at: 1_000,
        updated_at: 1_000,
        last_sign_in_at: null,
        password_throttled_until: null,
        external_id: externalId,
      });
      await database.db
        .insertInto('users')
        .values([row('old', null), row('api', 'ext-1')] as never)
        .execute();
      expect(await migrateToLatest(database.db)).toEqual(ALL.filter((n) => n >= '008'));
      const users = await database.db
        .selectFrom('users')
        .select(['id', 'email_verified_at'])
        .orderBy('id')
        .execute();
      expect(users).toEqual([
        { id: 'api', email_verified_at: null },
        { id: 'old', email_verified_at: 1_000 },
      ]);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
