import { type Compilable, type CompiledQuery, type Kysely, PostgresAdapter, type QueryResult } from 'kysely';
import type { Database } from './schema.js';

const MARK = '\u0000twofold-param:';

/** The SQL of the hot statements on PostgreSQL, each with the name it is prepared under. */
const preparedNames = new Map<string, string>();

/**
 * Marks `sqlText` as a hot PostgreSQL statement: each pooled connection then parses
 * and plans it once, as a named prepared statement (see `database.ts`), instead of at
 * every call. Only for a bounded set of texts (each one stays prepared on every
 * connection): the templates of {@link compiledQuery} and a few hand-written ones.
 */
export function preparePostgres(sqlText: string): string {
  if (!preparedNames.has(sqlText)) preparedNames.set(sqlText, `twofold_${preparedNames.size + 1}`);
  return sqlText;
}

/** The prepared-statement name of `sqlText`, if it is a hot statement. */
export function preparedStatementName(sqlText: string): string | undefined {
  return preparedNames.get(sqlText);
}

/** The SQL of PostgreSQL writes whose answer nobody reads (see {@link compiledQuery}'s `deferrable`). */
const deferrableTexts = new Set<string>();

/** Whether `sqlText` is a write that may wait, inside a transaction, to travel with the next ones. */
export function isDeferrableWrite(sqlText: string): boolean {
  return deferrableTexts.has(sqlText);
}

interface Template<R> {
  compiled: CompiledQuery<R>;
  /** Per parameter: the name of the value to put there, or a constant of the query. */
  slots: Array<string | { constant: unknown }>;
}

/**
 * A query built and compiled by Kysely once, then run with new values. Building a
 * query (parsing references, freezing nodes, compiling SQL) costs Kysely more than
 * SQLite takes to run a simple statement, and the second step runs a dozen: the
 * hottest queries are therefore built once per dialect, with named placeholders
 * where the values go, and each call only swaps the values in.
 *
 * `build` must give the same SQL whatever the values (no optional clauses, no IN
 * lists); its placeholders may only be used as values, never in a computation.
 * @example
 * const byId = compiledQuery((db, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));
 * const { rows } = await byId(db, { id });
 */
export function compiledQuery<P extends object, R>(
  build: (db: Kysely<Database>, params: P) => Compilable<R>,
  options: {
    /**
     * A write whose answer (rows, affected count) no caller reads, such as an appended
     * row. Inside a PostgreSQL transaction it may then be sent together with the writes
     * that follow it, in one statement, at the next query or the commit (see
     * `batchDeferredWrites` in database.ts): a failure still fails the transaction.
     */
    deferrable?: boolean;
  } = {},
): (db: Kysely<Database>, values: P) => Promise<QueryResult<R>> {
  // One template per dialect adapter: a transaction shares its database's adapter.
  const templates = new WeakMap<object, Template<R>>();
  return (db, values) => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      const placeholders = new Proxy({} as P, { get: (_target, name) => `${MARK}${String(name)}` });
      const compiled = build(db, placeholders).compile();
      const slots = compiled.parameters.map((p) =>
        typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : { constant: p },
      );
      template = { compiled, slots };
      if (adapter instanceof PostgresAdapter) {
        preparePostgres(compiled.sql);
        if (options.deferrable) deferrableTexts.add(compiled.sql);
      }
      templates.set(adapter, template);
    }
    const named = values as Record<string, unknown>;
    const parameters = template.slots.map((slot) => (typeof slot === 'string' ? named[slot] : slot.constant));
    return db.executeQuery({ ...template.compiled, parameters });
  };
}
