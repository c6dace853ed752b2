// The "bare write" ceiling: node:http and one database write per request, nothing else.
// Usage: node --import tsx bench/bare-write-server.ts <port> sqlite:<path> | postgres://…
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import SQLite from 'better-sqlite3';
import pg from 'pg';

const [portText, target] = process.argv.slice(2);
if (!portText || !target) throw new Error('usage: bare-write-server.ts <port> <sqlite:path | postgres://…>');

let write: (id: string, at: number) => Promise<void> | void;
if (target.startsWith('sqlite:')) {
  // The same pragmas as Twofold's SQLite (WAL, synchronous=NORMAL).
  const db = new SQLite(target.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS hits (id TEXT PRIMARY KEY, at INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO hits (id, at) VALUES (?, ?)');
  write = (id, at) => {
    insert.run(id, at);
  };
} else {
  const pool = new pg.Pool({ connectionString: target, max: 10 });
  await pool.query('CREATE TABLE IF NOT EXISTS hits (id TEXT PRIMARY KEY, at BIGINT NOT NULL)');
  write = async (id, at) => {
    await pool.query('INSERT INTO hits (id, at) VALUES ($1, $2)', [id, at]);
  };
}

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  request.resume();
  request.on('end', async () => {
    try {
      await write(randomBytes(16).toString('hex'), Date.now());
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } catch {
      response.writeHead(500).end();
    }
  });
});
server.listen(Number(portText), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
