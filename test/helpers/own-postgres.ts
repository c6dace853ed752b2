import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A PostgreSQL cluster of a test's own (initdb into a temp folder, its own port),
 * to restart under load without touching the shared server on 5432.
 */
export interface OwnPostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  /**
   * `pg_ctl restart -m fast`: every connection is terminated (57P01), then the server
   * comes back. Asynchronous, so the test's own load keeps running meanwhile.
   */
  restart(): Promise<void>;
  /** Stops the cluster and removes its folder. */
  destroy(): void;
}

/** Where the PostgreSQL 15 server binaries are (`TWOFOLD_TEST_PG_BIN` overrides). */
export const PG_BIN = process.env.TWOFOLD_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why no private cluster can be started here (one line), or null. */
export function ownPostgresProblem(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(PG_BIN, tool))) return `${join(PG_BIN, tool)} not found`;
  }
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root and there is no postgres user to run initdb as';
  return null;
}

/** The command line of a PostgreSQL tool; as root (which initdb and postgres refuse) it runs as the `postgres` user. */
function toolCommand(tool: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, tool);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

function runTool(tool: string, args: string[]): void {
  execFileSync(...toolCommand(tool, args), { stdio: 'pipe', timeout: 60_000 });
}

async function runToolAsync(tool: string, args: string[]): Promise<void> {
  await promisify(execFile)(...toolCommand(tool, args), { timeout: 60_000 });
}

/** Creates and starts a cluster on `port` (fsync off: it is thrown away). */
export function startOwnPostgres(port: number): OwnPostgres {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const ctl = (args: string[]) => runTool('pg_ctl', ['-D', data, '-w', '-t', '60', ...args]);
  try {
    runTool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '-N']);
    ctl([
      '-l',
      join(dir, 'server.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // restart keeps the options of the start (postmaster.opts); the log must be named again,
    // or the new server would hold this process's pipes open.
    restart: () =>
      runToolAsync('pg_ctl', [
        '-D',
        data,
        '-w',
        '-t',
        '60',
        '-l',
        join(dir, 'server.log'),
        '-m',
        'fast',
        'restart',
      ]),
    destroy() {
      try {
        ctl(['-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
