import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { isDeferrableWrite, preparedStatementName, preparePostgres } from './compiled-query.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';
import { startSqliteCheckpointer } from './sqlite-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';

export interface SqlDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Absolute path of the SQLite file (null for PostgreSQL or `:memory:`). */
  sqlitePath: string | null;
  /**
   * Gives free pages back to the file system, at most `maxPages` (SQLite's
   * `incremental_vacuum`; PostgreSQL's autovacuum does this itself). After the sweeper.
   */
  reclaimSpace(maxPages: number): Promise<void>;
  /** SQLite only: an online copy of the database into `file` (better-sqlite3's backup API). */
  backup?(file: string): Promise<void>;
  close(): Promise<void>;
}

/** WAL pages after which the request connection checkpoints itself (a backstop; see sqlite-checkpointer.ts). */
const WAL_BACKSTOP_PAGES = 10_000;
/** Size the WAL file is cut back to after a restart, in bytes. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Prepared statements kept per SQLite connection: the hot paths use a few dozen distinct queries. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Hands Kysely a cached prepared statement for SQL it has seen before, instead of
 * preparing every query anew (which cost as much as running it). A statement in
 * use by an unfinished iteration is not shared; a full cache forgets its oldest.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      const cached = cache.get(sqlText);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sqlText);
      if (cached) return statement;
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sqlText, statement);
      return statement;
    },
  };
}

// PostgreSQL returns int8 as strings; our bigints are epoch milliseconds, well inside 2^53.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** A deferrable write held back inside a transaction (see {@link batchDeferredWrites}). */
interface HeldWrite {
  text: string;
  values: unknown[];
}

/** The combined SQL of each combination of held writes seen so far (a handful: the success paths). */
const combinedTexts = new Map<string, string>();
/** Beyond this many combinations, the SQL is built at each call and not prepared by name. */
const MAX_COMBINATIONS = 32;

/**
 * Several held writes as one statement: each in its own `WITH` clause (PostgreSQL runs
 * a data-modifying `WITH` clause whether or not anything reads it), their parameters
 * renumbered one after the other. The clauses share one snapshot, so they must not
 * depend on each other — they are independent appends and one update of a row that
 * none of the others touches (see {@link canTravelTogether}).
 */
function combineWrites(writes: HeldWrite[]): HeldWrite {
  const key = writes.map((write) => write.text).join('\u0000');
  let text = combinedTexts.get(key);
  if (text === undefined) {
    let offset = 0;
    const clauses = writes.map((write, index) => {
      const shift = offset;
      offset += write.values.length;
      return `w${index + 1} AS (${write.text.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + shift}`)})`;
    });
    text = `WITH ${clauses.join(', ')} SELECT 1`;
    if (combinedTexts.size < MAX_COMBINATIONS) {
      combinedTexts.set(key, text);
      preparePostgres(text);
    }
  }
  return { text, values: writes.flatMap((write) => write.values) };
}

/**
 * Two updates of the same statement could touch the same row, which one statement may
 * not do twice (PostgreSQL keeps one of the two, unpredictably): those go one by one.
 */
function canTravelTogether(writes: HeldWrite[]): boolean {
  const updates = writes.filter((write) => !/^insert\b/i.test(write.text)).map((write) => write.text);
  return new Set(updates).size === updates.length;
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Every statement of a PostgreSQL transaction costs a round trip, and the second
 * step's success ends with three writes whose answers nobody reads (the session,
 * the audit row, the user's failure reset). Inside a transaction such writes —
 * marked `deferrable` in {@link compiledQuery} — are held back and sent together as
 * one statement right before the next statement of the transaction or its commit.
 * The transaction's outcome is unchanged: the held writes run inside it, before the
 * commit, and if they fail the commit is refused and Kysely rolls back. A rollback
 * drops them. Outside a transaction nothing is held.
 *
 * Also runs the hot statements (see `preparePostgres`) as named prepared statements
 * on this connection: PostgreSQL parses and plans each once per connection instead of
 * at every call. Kysely passes `(text, values)`; anything else (cursors, config
 * objects) goes through unchanged, after the held writes.
 */
function batchDeferredWrites(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  const send = (text: string, values: unknown[] | undefined): Promise<unknown> => {
    const name = preparedStatementName(text);
    return (name ? query({ name, text, values }) : query(text, values)) as Promise<unknown>;
  };
  let inTransaction = false;
  let held: HeldWrite[] = [];
  /** A failure of held writes flushed before a cursor (which cannot wait for them): refuses the commit. */
  let flushError: unknown = null;

  // The connection runs statements in the order they are given, so the held writes are all
  // handed over at once; the first failure is the one reported.
  const flush = async (): Promise<void> => {
    const writes = held.length > 1 && canTravelTogether(held) ? [combineWrites(held)] : held;
    held = [];
    await Promise.all(writes.map((write) => send(write.text, write.values)));
  };

  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length > 2) {
      // A cursor or a config object: its result is not a promise to chain onto.
      if (held.length > 0) flush().catch((error: unknown) => (flushError ??= error));
      return query(...args);
    }
    const verb = text.trimStart().slice(0, 20).toLowerCase();
    if (verb.startsWith('begin') || verb.startsWith('start transaction')) {
      inTransaction = true;
      held = [];
      flushError = null;
      return send(text, values as unknown[] | undefined);
    }
    if (verb === 'rollback') {
      inTransaction = false;
      held = [];
      flushError = null;
      return send(text, values as unknown[] | undefined);
    }
    if (inTransaction && isDeferrableWrite(text)) {
      held.push({ text, values: (values as unknown[] | undefined) ?? [] });
      // What Kysely reads of a write's answer; the callers of deferrable writes read nothing.
      return Promise.resolve({
        command: verb.startsWith('insert') ? 'INSERT' : 'UPDATE',
        rowCount: 1,
        rows: [],
      });
    }
    const isCommit = verb === 'commit';
    const run = async (): Promise<unknown> => {
      if (held.length > 0) await flush();
      if (flushError !== null) {
        const error = flushError;
        flushError = null;
        throw error;
      }
      return send(text, values as unknown[] | undefined);
    };
    if (isCommit) inTransaction = false;
    if (held.length === 0 && flushError === null) return send(text, values as unknown[] | undefined);
    return run();
  };
}

/** Per-call settings of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL connections in the pool (default 10). */
  poolSize?: number;
  /**
   * Told about errors of PostgreSQL connections, idle or in use (the server
   * restarted, a network cut). Without a listener such an error ends the process.
   */
  onConnectionError?: (error: Error) => void;
  /** Told when SQLite's background checkpointer fails (automatic checkpoints take over). */
  onCheckpointError?: (error: Error) => void;
  /**
   * SQLite `synchronous` (default normal). full: a commit is on disk before it is
   * answered. normal (WAL): a power loss may roll back the commits made since the
   * last checkpoint (the background checkpointer runs every 100 ms) — a spent backup
   * code or TOTP step could come back. A process crash loses nothing either way.
   */
  sqliteSynchronous?: 'normal' | 'full';
}

/**
 * Deleted rows leave free pages; with `auto_vacuum = INCREMENTAL` the sweeper hands
 * them back to the file system. A database created without it switches once,
 * with a VACUUM (rewrites the file; runs before anything else uses it).
 */
function ensureIncrementalAutoVacuum(sqlite: SQLite.Database): void {
  if (sqlite.pragma('auto_vacuum', { simple: true }) === 2) return;
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.exec('VACUUM');
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
    sqlite.pragma('busy_timeout = 5000');
    if (!memory) ensureIncrementalAutoVacuum(sqlite);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const reclaimSpace = async (maxPages: number) => {
      await sql.raw(`PRAGMA incremental_vacuum(${Math.max(1, Math.floor(maxPages))})`).execute(db);
    };
    if (memory) return { db, dialect: 'sqlite', sqlitePath: null, reclaimSpace, close: () => db.destroy() };
    // WAL checkpoints (copy back + fsync) run on a worker thread, not inside a request's commit.
    sqlite.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    const stopCheckpointer = startSqliteCheckpointer({
      path,
      intervalMs: 100,
      onError: (error) => {
        if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
        options.onCheckpointError?.(error);
      },
    });
    return {
      db,
      dialect: 'sqlite',
      sqlitePath: path,
      reclaimSpace,
      // Online: pages are copied in steps while requests go on; writes made meanwhile restart the copy of what changed.
      backup: async (file: string) => {
        await sqlite.backup(file);
        chmodSync(file, 0o600);
      },
      async close() {
        await stopCheckpointer();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // While PostgreSQL is unreachable, give up on a connection after 5 s (the request gets 503).
    connectionTimeoutMillis: 5_000,
  });
  // A connection dropped by the server (restart, failover: 57P01 "terminating connection due
  // to administrator command") emits 'error'. On an idle connection the pool relays it to
  // its own 'error' event; on a checked-out one pg-pool has removed its listener, and
  // Kysely adds none, so an unhandled 'error' would end the process. Listen on every
  // client as it connects: the query in flight fails (503 unavailable) and the pool
  // drops the broken client when it is released (it is no longer queryable).
  pool.on('error', (error) => options.onConnectionError?.(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onConnectionError?.(error));
    batchDeferredWrites(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlitePath: null,
    reclaimSpace: async () => {},
    close: () => db.destroy(),
  };
}

/** One round trip to the database (`SELECT 1`): throws when it does not answer. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
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
