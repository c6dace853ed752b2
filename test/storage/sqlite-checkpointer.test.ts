import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startSqliteCheckpointer } from '../../src/storage/sql/sqlite-checkpointer.js';

const dir = mkdtempSync(join(tmpdir(), 'twofold-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walBytes = (path: string) => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

describe('SQLite background checkpointer', () => {
  it('copies the WAL back while the writer has automatic checkpoints off, without blocking it', async () => {
    const path = join(dir, 'ckpt.db');
    const writer = new SQLite(path);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    expect(walBytes(path)).toBeGreaterThan(100_000); // nothing checkpointed it:
    expect(statSync(path).size).toBeLessThan(50_000); // the rows are only in the WAL

    const errors: Error[] = [];
    const stop = startSqliteCheckpointer({ path, intervalMs: 20, onError: (e) => errors.push(e) });
    try {
      // Writes go on while it checkpoints; none is refused.
      for (let i = 0; i < 50; i++) {
        insert.run('y');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // The worker copied the rows into the database file…
      for (let i = 0; i < 100 && statSync(path).size < 400_000; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(statSync(path).size).toBeGreaterThan(400_000);
      // …and everything is copied back: a checkpoint now finds nothing left, and the next write restarts the WAL.
      const [status] = writer.pragma('wal_checkpoint(PASSIVE)') as Array<{
        log: number;
        checkpointed: number;
      }>;
      expect(status!.checkpointed).toBe(status!.log);
      const sizeBefore = walBytes(path);
      insert.run('z');
      expect(walBytes(path)).toBe(sizeBefore); // restarted: the write reused the start of the file
      expect(errors).toEqual([]);
      expect(writer.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2051 });
    } finally {
      await stop();
      writer.close();
    }
  });
});
