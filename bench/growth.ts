// `npx tsx bench/growth.ts [--sign-ins 200] [--only sqlite|postgres]`
// Measures what a sign-in leaves in the database: signs users in through the real HTTP API
// (password step + TOTP), measures every table's size before and after, then sweeps as the
// server would 13 hours later and measures what stays. docs/operations.md quotes the output.
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createLogger } from '../src/logger.js';
import { sweepExpired } from '../src/services/sweep.js';
import type { Stores } from '../src/storage/stores.js';
import { signUpWithTOTP, startTestServer, totpCode } from '../test/helpers/server.js';
import { serviceProblem } from '../test/helpers/services.js';

const { values: args } = parseArgs({
  options: { 'sign-ins': { type: 'string', default: '200' }, only: { type: 'string' } },
});
const SIGN_INS = Number(args['sign-ins']);
const USERS = 20;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Bytes per table (tables and their indexes), from SQLite's dbstat or PostgreSQL's relation sizes. */
async function tableBytes(stores: Stores): Promise<Record<string, number>> {
  const { database } = stores;
  if (database.sqlitePath) {
    const sqlite = new SQLite(database.sqlitePath);
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const rows = sqlite
        .prepare(
          `SELECT coalesce(m.tbl_name, s.name) AS name, SUM(s.pgsize) AS bytes
             FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name GROUP BY 1`,
        )
        .all() as Array<{ name: string; bytes: number }>;
      return Object.fromEntries(rows.map((r) => [r.name, r.bytes]));
    } finally {
      sqlite.close();
    }
  }
  await sql`VACUUM`.execute(database.db);
  const { rows } = await sql<{ name: string; bytes: string }>`
    SELECT relname AS name, pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables`.execute(
    database.db,
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.bytes)]));
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, bytes] of Object.entries(after)) {
    const delta = bytes - (before[name] ?? 0);
    if (delta !== 0) out[name] = delta;
  }
  return out;
}

const total = (sizes: Record<string, number>) => Object.values(sizes).reduce((a, b) => a + b, 0);

async function measure(backend: 'sqlite' | 'postgres'): Promise<string[]> {
  const server = await startTestServer({
    database: backend,
    env: { LOG_LEVEL: 'warn', TRUST_PROXY: 'true' },
  });
  try {
    const users = [];
    for (let i = 0; i < USERS; i++) users.push(await signUpWithTOTP(server));
    server.clock.advanceSeconds(31);
    // The enrolment's own sessions and rows are not part of a sign-in: sweep them a day later.
    const before = await tableBytes(server.stores);
    let done = 0;
    while (done < SIGN_INS) {
      for (const user of users) {
        if (done >= SIGN_INS) break;
        // Each sign-in from its own address, as users are: the per-IP limit would stop one client.
        const login = await server.request('POST', '/api/auth/login', {
          body: { email: user.email, password: user.password },
          headers: { 'x-forwarded-for': `10.${(done >> 16) & 255}.${(done >> 8) & 255}.${done & 255}` },
        });
        if (login.body?.status !== 'mfa_required') throw new Error(`login: ${JSON.stringify(login.body)}`);
        const mfaToken = login.body.mfaToken as string;
        const verified = await server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
        });
        if (verified.status !== 200) throw new Error(`verify: ${JSON.stringify(verified.body)}`);
        done += 1;
      }
      server.clock.advanceSeconds(31);
      if (done % 100 === 0) log(`  ${backend}: ${done} sign-ins`);
    }
    const after = await tableBytes(server.stores);
    const grown = diff(after, before);
    // 13 hours later the sessions (12 h) and everything shorter-lived are gone; audit rows stay for the retention.
    server.clock.advanceSeconds(13 * 3600);
    await sweepExpired(
      {
        stores: server.stores,
        now: server.clock.now,
        metrics: server.ctx.metrics,
        log: createLogger('silent'),
      },
      { auditRetentionDays: 365 },
    );
    const swept = await tableBytes(server.stores);
    const kept = diff(swept, before);
    const perSignIn = total(grown) / SIGN_INS;
    const keptPerSignIn = total(kept) / SIGN_INS;
    // What stays is the audit row; on PostgreSQL the space of swept rows stays in the table for
    // new rows (plain VACUUM does not give it back), so it is reused, not grown.
    const auditPerSignIn = (kept.audit_events ?? 0) / SIGN_INS;
    const perYear10k = (auditPerSignIn * 10_000 * 365) / 2 ** 30;
    const live12h10k = (perSignIn * 10_000 * 0.5) / 2 ** 20; // at most half a day of sign-ins alive (12 h sessions)
    const fmt = (sizes: Record<string, number>) =>
      Object.entries(sizes)
        .sort((a, b) => b[1] - a[1])
        .map(([name, bytes]) => `${name} ${(bytes / SIGN_INS).toFixed(0)}`)
        .join(', ');
    return [
      `${backend}: ${SIGN_INS} sign-ins (password + TOTP) of ${USERS} users.`,
      `  written per sign-in: ${perSignIn.toFixed(0)} bytes (${fmt(grown)})`,
      `  kept per sign-in after the sweep (13 h later): ${keptPerSignIn.toFixed(0)} bytes (${fmt(kept)})`,
      `  10,000 users signing in once a day: ~${perYear10k.toFixed(2)} GiB of audit rows after a year (then flat, retention 365 days), plus ~${live12h10k.toFixed(1)} MiB of live sessions and pending rows.`,
    ];
  } finally {
    await server.close();
  }
}

const backends = (args.only ? [args.only] : ['sqlite', 'postgres']) as Array<'sqlite' | 'postgres'>;
const lines: string[] = [];
for (const backend of backends) {
  if (backend === 'postgres' && (await serviceProblem('postgres'))) {
    lines.push('postgres: skipped (not reachable)');
    continue;
  }
  log(`${backend}: signing in ${SIGN_INS} times`);
  lines.push(...(await measure(backend)));
}
console.log(lines.join('\n'));
