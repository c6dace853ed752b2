import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase } from '../../src/storage/sql/database.js';

const dir = mkdtempSync(join(tmpdir(), 'twofold-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite durability settings', () => {
  it('SQLITE_SYNCHRONOUS defaults to normal (full measured too costly); full is available', async () => {
    expect(loadConfig({}).sqliteSynchronous).toBe('normal');
    for (const [setting, pragma] of [
      ['full', 2],
      ['normal', 1],
    ] as const) {
      const database = openDatabase(`sqlite:${join(dir, `${setting}.db`)}`, { sqliteSynchronous: setting });
      const rows = await database.db.executeQuery<{ synchronous: number }>({
        sql: 'PRAGMA synchronous',
        parameters: [],
        query: { kind: 'RawNode' } as never,
        queryId: { queryId: 'q' },
      });
      expect(rows.rows[0]?.synchronous).toBe(pragma);
      await database.close();
    }
  });

  it('switches an existing database to incremental auto-vacuum at open, keeping its data', async () => {
    const path = join(dir, 'old.db');
    const old = new SQLite(path);
    old.exec('CREATE TABLE t (x TEXT); INSERT INTO t VALUES (1), (2);');
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();
    const database = openDatabase(`sqlite:${path}`);
    await database.close();
    const reopened = new SQLite(path);
    expect(reopened.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    reopened.close();
  });
});
