import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Start-up settings of {@link startSqliteCheckpointer}. */
export interface SqliteCheckpointerConfig {
  /** Absolute path of the SQLite file (in WAL mode). */
  path: string;
  /** Pause between two checkpoints, in milliseconds. */
  intervalMs: number;
  /** Told when the checkpointer stops on an error; the caller falls back to automatic checkpoints. */
  onError: (error: Error) => void;
}

/**
 * The worker's code, plain CommonJS run with `eval` so it works the same from the
 * TypeScript sources and from the build. It opens its own connection and copies
 * the WAL back into the database file with PASSIVE checkpoints only: they never
 * take the writer lock, so the server's writes are never refused or delayed
 * (RESTART/TRUNCATE checkpoints would make them wait, or fail with SQLITE_BUSY).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqliteModule);
const db = new Database(workerData.path);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // SQLITE_BUSY: another checkpoint is running; try again next time.
    if (!String(error && error.code).startsWith('SQLITE_BUSY')) throw error;
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Runs SQLite's WAL checkpoints in a worker thread. A checkpoint copies pages
 * from the WAL into the database file and fsyncs both; when SQLite does that
 * automatically, it happens inside whichever commit crosses the threshold — on
 * the event loop, stalling every request for the length of an fsync. This thread
 * checkpoints every `intervalMs` instead, and the server's connection keeps only a
 * rare automatic checkpoint as a backstop: it finds the WAL already copied back,
 * so it costs little, and it lets the WAL restart from the beginning (a PASSIVE
 * checkpoint racing steady writes never leaves it fully copied). Durability is
 * unchanged: every commit is in the WAL.
 * @example const stop = startSqliteCheckpointer({ path, intervalMs: 100, onError: (e) => log.warn(e) })
 */
export function startSqliteCheckpointer(config: SqliteCheckpointerConfig): () => Promise<void> {
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path: config.path,
      intervalMs: config.intervalMs,
      sqliteModule,
    },
  });
  worker.unref();
  let stopped = false;
  worker.on('error', (error) => {
    if (!stopped) config.onError(error);
  });
  return async () => {
    if (stopped) return;
    stopped = true;
    worker.ref(); // keep the process alive until the worker has closed its connection
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
    await worker.terminate();
  };
}
