import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/storage/sql/database.js';
import { createStores, type Stores } from '../../src/storage/stores.js';
import { createPostgresDatabase, type TestPostgresDatabase } from './services.js';

export type SqlBackend = 'sqlite' | 'postgres';

/** Opens a fresh, migrated database of `backend`; `dispose` closes and removes it. */
export async function openTestDatabase(backend: SqlBackend, options: { poolSize?: number } = {}) {
  let url: string;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-store-'));
    url = `sqlite:${join(dir, 'test.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const pgDatabase: TestPostgresDatabase = await createPostgresDatabase();
    url = pgDatabase.url;
    cleanup = pgDatabase.drop;
  }
  // Six connections give the race tests real concurrency on PostgreSQL while a dozen files
  // running at once stay under its default max_connections (100).
  const database = openDatabase(url, { poolSize: options.poolSize ?? 6 });
  await migrateToLatest(database.db);
  return {
    url,
    database,
    async dispose() {
      await database.close();
      await cleanup();
    },
  };
}

/**
 * For one `describe(store, …)` block of the contract suite: a fresh database of
 * that backend before its tests, removed after. Read `.stores` inside tests.
 */
export function useTestStores(backend: SqlBackend): { readonly stores: Stores } {
  let opened: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  let stores: Stores | undefined;
  beforeAll(async () => {
    opened = await openTestDatabase(backend);
    stores = createStores(opened.database);
  });
  afterAll(async () => {
    await opened?.dispose();
  });
  return {
    get stores() {
      if (!stores) throw new Error('stores are opened in beforeAll');
      return stores;
    },
  };
}

/** Runs `fn` `n` times at once and returns every outcome (the race tests' harness). */
export function inParallel<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
}

/** The fixed instant the contract suite's records are created at. */
export const T0 = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));

/** `seconds` after {@link T0}. */
export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

/** A member with a unique email, created at {@link T0}. */
export function createTestUser(stores: Stores, prefix = 'u') {
  return stores.users.create({
    email: `${prefix}-${randomUUID()}@example.com`,
    passwordHash: 'hash',
    role: 'member',
    now: T0,
  });
}
