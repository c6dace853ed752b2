import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface SqlDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Absolute path of the SQLite file (null for PostgreSQL or `:memory:`). */
  sqlitePath: string | null;
  close(): Promise<void>;
}

// PostgreSQL returns int8 as strings; our bigints are epoch milliseconds, well inside 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Per-call settings of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL connections in the pool (default 10). */
  poolSize?: number;
  /** Told about errors of idle PostgreSQL connections (e.g. the server restarted). */
  onIdleError?: (error: Error) => void;
}

/**
 * Opens the database named by `DATABASE_URL`: `sqlite:<path>` (WAL mode) or `postgres://…`.
 * @example const { db } = openDatabase('sqlite:./data/twofold.db')
 */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): SqlDatabase {
  if (url.startsWith('sqlite:')) {
    const target = url.slice('sqlite:'.length);
    const memory = target === ':memory:';
    const path = memory ? ':memory:' : resolve(target);
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SQLite(path);
    if (!memory) chmodSync(path, 0o600); // holds password hashes and sealed secrets
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', sqlitePath: memory ? null : path, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // While PostgreSQL is unreachable, give up on a connection after 5 s (the request gets 503).
    connectionTimeoutMillis: 5_000,
  });
  // An idle connection dropped by the server (restart, failover) emits 'error' on the pool;
  // unhandled it would end the process. The pool replaces the connection on next use.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', sqlitePath: null, close: () => db.destroy() };
}

/**
 * Brings the schema up to date. On PostgreSQL Kysely's migrator takes an advisory
 * lock, so instances starting together migrate once.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'twofold_migrations',
    migrationLockTableName: 'twofold_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
