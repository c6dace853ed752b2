// `npm run bench [-- --quick | --smoke] [-- --only sqlite|postgres] [-- --markdown <file>]`
// Starts the server in production mode on a fresh database (a child process), seeds it
// through the repositories, drives load over HTTP from this process with autocannon, and
// prints one table per backend beside the machine's ceilings. See docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Keyring } from '../src/crypto/keyring.js';
import { hashPassword } from '../src/crypto/passwords.js';
import { generateTOTP } from '../src/domain/totp.js';
import { DEVICE_COOKIE } from '../src/http/session-cookie.js';
import { migrateToLatest, openDatabase } from '../src/storage/sql/database.js';
import { createStores } from '../src/storage/stores.js';
import { freePort, PROJECT_ROOT, type ServerProcess, startServerProcess } from '../test/helpers/instances.js';
import { completeAndFollow, HttpBrowser, interactionOf } from '../test/helpers/oidc.js';
import {
  createPostgresDatabase,
  deleteRedisKeys,
  REDIS_TEST_URL,
  serviceProblem,
  type TestPostgresDatabase,
  testRedisPrefix,
} from '../test/helpers/services.js';
import { SoftAuthenticator } from '../test/helpers/webauthn-authenticator.js';
import {
  measureArgon2Ceiling,
  measureBareWriteCeiling,
  measureP256VerifyCeiling,
  measureSignatureCeiling,
} from './ceilings.js';
import { type LoadRequest, type LoadResult, runFlows, runLoad } from './load.js';
import { cpuSeconds, peakRssBytes } from './process-stats.js';
import {
  BENCH_PASSWORD,
  BENCH_RP_CALLBACK,
  type BenchPools,
  type SeedPlan,
  seedBench,
} from './seed-bench.js';

const { values: args } = parseArgs({
  allowNegative: true,
  options: {
    quick: { type: 'boolean', default: false },
    // --smoke: a few hundred requests per scenario from the TypeScript sources (no build), no
    // targets; exits non-zero when any scenario answers anything but its expected status (CI).
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    connections: { type: 'string', default: '50' },
    markdown: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    // --no-build reuses dist/ as it is.
    build: { type: 'boolean', default: true },
    // --levers N: only the bare-write ceiling and the second step, alternated N times per
    // backend (how each lever in docs/benchmarks.md was measured: a ratio within one run).
    levers: { type: 'string' },
    // --durability runs only the SQLITE_SYNCHRONOUS comparison (short).
    durability: { type: 'boolean', default: false },
    // --cpu-prof <dir>: the server writes a V8 CPU profile there when it stops (with --levers: where the time goes).
    'cpu-prof': { type: 'string' },
    // --memory-trace <file>: the server samples its memory every 100 ms into <file> (bench/memory-probe.mjs)
    // and the report adds, per row, the peak of each part (V8 heap, external, ArrayBuffers, RSS).
    'memory-trace': { type: 'string' },
    // --rows <regex>: run only the scenarios whose name matches (the ceilings they need still run).
    rows: { type: 'string' },
    // --server-env NAME=VALUE (repeatable): extra environment of the server (e.g. MALLOC_ARENA_MAX=2).
    'server-env': { type: 'string', multiple: true },
    // --node-arg <flag> (repeatable): extra node flag of the server (e.g. --max-semi-space-size=4).
    'node-arg': { type: 'string', multiple: true },
  },
});
const ROWS = args.rows ? new RegExp(args.rows, 'i') : null;
/** Whether any of these scenarios is to run (`--rows`). */
const wanted = (...scenarios: string[]) => !ROWS || scenarios.some((scenario) => ROWS.test(scenario));
const SERVER_ENV: Record<string, string> = Object.fromEntries(
  (args['server-env'] ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--server-env ${pair}: expected NAME=VALUE`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const MEMORY_TRACE = args['memory-trace'] ? resolve(args['memory-trace']) : null;
if (MEMORY_TRACE) writeFileSync(MEMORY_TRACE, '');
const SMOKE = args.smoke ?? false;
const QUICK = (args.quick ?? false) || SMOKE;
const CONNECTIONS = SMOKE ? 10 : Number(args.connections);
const SECONDS = SMOKE ? 1 : QUICK ? 4 : 10;
/** Smoke runs send this many requests per fixed-size scenario (and a tenth of it to argon2). */
const SMOKE_REQUESTS = 300;
const BACKENDS = (args.only ? [args.only] : ['sqlite', 'postgres']) as Array<'sqlite' | 'postgres'>;

/** The populations of the rows beyond the second step (remembered browsers, verify API, WebAuthn, OIDC). */
const SMOKE_EXTRAS = { remembered: 30, verifyApi: 300, webauthn: 100, oidc: true } as const;
const EXTRAS = { remembered: 400, verifyApi: 3_000, webauthn: 2_000, oidc: true } as const;
/** OpenID Connect codes per run (a code lives 60 s: they are made right before the exchange). */
const OIDC_CODES = SMOKE ? 50 : 600;

/** Users per backend: SQLite carries the 100,000-user flatness check; PostgreSQL a smaller population. */
const PLANS: Record<'sqlite' | 'postgres', SeedPlan> = SMOKE
  ? {
      sqlite: { ...SMOKE_EXTRAS, users: 500, verify: 330, flat: 0, login: 50, sessions: 100 },
      postgres: { ...SMOKE_EXTRAS, users: 800, verify: 660, flat: 0, login: 50, sessions: 100 },
    }
  : QUICK
    ? {
        sqlite: { ...EXTRAS, users: 12_000, verify: 8_000, flat: 1_000, login: 500, sessions: 1_000 },
        postgres: { ...EXTRAS, users: 6_000, verify: 3_000, flat: 0, login: 500, sessions: 1_000 },
      }
    : {
        sqlite: { ...EXTRAS, users: 100_000, verify: 30_000, flat: 1_000, login: 1_000, sessions: 1_000 },
        postgres: { ...EXTRAS, users: 12_000, verify: 8_000, flat: 0, login: 1_000, sessions: 1_000 },
      };
/** A smoke run sends a fixed number of requests; the others run for SECONDS. */
const span = (smokeRequests: number) =>
  SMOKE ? { amount: Math.round(smokeRequests) } : { durationSeconds: SECONDS };
const SMALL_PLAN: SeedPlan = { users: 1_000, verify: 0, flat: 999, login: 0, sessions: 0 };

interface Row {
  backend: string;
  scenario: string;
  result: LoadResult;
  peakRssMb: number;
  cpuSecondsPer1k: number;
  ceiling: { name: string; perSecond: number } | null;
  /** The server measured and when (for --memory-trace). */
  pid?: number;
  startedAt?: number;
  endedAt?: number;
}

const rows: Row[] = [];
const ceilingRows: string[] = [];
const notes: string[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);

function totpNow(secret: Buffer, offsetSteps = 0): string {
  return generateTOTP({ secret, timeSeconds: Date.now() / 1000 + offsetSteps * 30 });
}

const verifyRequest = (mfaToken: string, code: string): LoadRequest => ({
  method: 'POST',
  path: '/api/auth/mfa/verify',
  body: JSON.stringify({ mfaToken, method: 'totp', code }),
});

/** Opens a fresh database of `backend`, migrates it, and seeds it with `plan`. */
async function prepareDatabase(
  backend: 'sqlite' | 'postgres',
  plan: SeedPlan,
  keyring: Keyring,
  passwordHash: string,
) {
  let url: string;
  let pgDatabase: TestPostgresDatabase | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'twofold-bench-'));
  if (backend === 'sqlite') url = `sqlite:${join(dir, 'bench.db')}`;
  else {
    pgDatabase = await createPostgresDatabase('twofold_bench');
    url = pgDatabase.url;
  }
  const database = openDatabase(url, { poolSize: 16 });
  await migrateToLatest(database.db);
  const stores = createStores(database);
  const started = performance.now();
  const pools = await seedBench(stores, keyring, {
    plan,
    passwordHash,
    now: new Date(),
    concurrency: backend === 'sqlite' ? 1 : 12,
    onProgress: (done) =>
      log(`  seeded ${done.toLocaleString('en')} / ${plan.users.toLocaleString('en')} users`),
  });
  log(
    `  seeded ${plan.users.toLocaleString('en')} users in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await stores.close();
  return {
    url,
    pools,
    async dispose() {
      await pgDatabase?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The production build of the server, run with plain node. It is compiled into
 * node_modules/.cache, not dist/: bin/twofold.js prefers a dist/ when there is one,
 * and a stale one would shadow src/ for the tests that run the CLI. TWOFOLD_BENCH_BUILD_DIR names
 * another place (two builds side by side, to alternate them).
 */
const BUILD_DIR =
  process.env.TWOFOLD_BENCH_BUILD_DIR ?? join(PROJECT_ROOT, 'node_modules', '.cache', 'twofold-bench');
const SERVER_ENTRY = join(BUILD_DIR, 'src', 'main.js');

type BenchServer = ServerProcess & {
  /** PUBLIC_URL: the origin security keys sign for and the OpenID Connect issuer's (the server listens on 127.0.0.1). */
  publicUrl: string;
};

async function startBenchServer(
  url: string,
  secretKey: string,
  extraEnv: Record<string, string>,
): Promise<BenchServer> {
  const port = await freePort();
  // localhost, not 127.0.0.1: WebAuthn refuses an IP address as relying party id.
  const publicUrl = `http://localhost:${port}`;
  const server = await startServerProcess(
    port,
    {
      DATABASE_URL: url,
      PUBLIC_URL: publicUrl,
      TWOFOLD_SECRET_KEY: secretKey,
      NODE_ENV: 'production',
      LOG_LEVEL: args['log-level'] ?? 'warn',
      // The load comes from one address: the password step's per-IP limit is keyed on
      // X-Forwarded-For instead, as behind a load balancer.
      TRUST_PROXY: 'true',
      ...SERVER_ENV,
      ...(MEMORY_TRACE ? { TWOFOLD_BENCH_MEMORY_TRACE: MEMORY_TRACE } : {}),
      ...extraEnv,
    },
    // A smoke run checks the harness, not the build: it runs the sources through tsx.
    {
      ...(SMOKE ? {} : { entry: SERVER_ENTRY }),
      nodeArgs: [
        ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : []),
        ...(MEMORY_TRACE ? ['--import', join(PROJECT_ROOT, 'bench', 'memory-probe.mjs')] : []),
        ...(args['node-arg'] ?? []),
      ],
    },
  );
  return Object.assign(server, { publicUrl });
}

/** What `measure` answers for a scenario that `--rows` leaves out. */
const SKIPPED: LoadResult = {
  requests: 0,
  seconds: 0,
  requestsPerSecond: 0,
  p50: Number.NaN,
  p95: Number.NaN,
  p99: Number.NaN,
  errors: 0,
  statuses: {},
};

/** Runs one scenario and records req/s, latency, errors, the server's peak RSS and CPU per 1,000. */
async function measure(
  backend: string,
  scenario: string,
  server: ServerProcess,
  load: Omit<Parameters<typeof runLoad>[0], 'url'> | { expectStatus: number; run: () => Promise<LoadResult> },
  ceiling: Row['ceiling'],
): Promise<LoadResult> {
  if (!wanted(scenario)) return SKIPPED;
  const pid = server.child.pid!;
  const cpuBefore = cpuSeconds(pid);
  const startedAt = Date.now();
  const result = 'run' in load ? await load.run() : await runLoad({ url: server.url, ...load });
  const cpu = cpuSeconds(pid) - cpuBefore;
  rows.push({
    pid,
    startedAt,
    endedAt: Date.now(),
    backend,
    scenario,
    result,
    peakRssMb: peakRssBytes(pid) / 2 ** 20,
    cpuSecondsPer1k: (cpu / result.requests) * 1000,
    ceiling,
  });
  const bad = Object.entries(result.statuses).filter(([status]) => Number(status) !== load.expectStatus);
  log(
    `  ${scenario}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms, peak RSS ${rows.at(-1)!.peakRssMb.toFixed(0)} MB` +
      (bad.length ? `, unexpected statuses ${JSON.stringify(Object.fromEntries(bad))}` : ''),
  );
  return result;
}

/**
 * Verify latency at two database sizes: the same 999 users' second steps, a
 * warm-up round with the previous step's code and a measured round with the
 * current one (each user can pass once per step), at 10 connections.
 */
async function flatnessRound(server: ServerProcess, pools: BenchPools, label: string): Promise<LoadResult> {
  // Keep both rounds inside one TOTP step pair: wait if the current step is about to end.
  const intoStep = (Date.now() / 1000) % 30;
  if (intoStep > 22) await new Promise((resolve) => setTimeout(resolve, (30 - intoStep + 0.5) * 1000));
  const warm = await runLoad({
    url: server.url,
    connections: 10,
    amount: pools.flat.length,
    expectStatus: 200,
    next: (i) => verifyRequest(pools.flat[i]!.warmToken, totpNow(pools.flat[i]!.secret, -1)),
  });
  if (warm.errors)
    log(`  flatness warm-up (${label}): ${warm.errors} errors ${JSON.stringify(warm.statuses)}`);
  const result = await runLoad({
    url: server.url,
    connections: 10,
    amount: pools.flat.length,
    expectStatus: 200,
    next: (i) => verifyRequest(pools.flat[i]!.measureToken, totpNow(pools.flat[i]!.secret)),
  });
  rows.push({
    backend: 'sqlite',
    scenario: `verify, ${label} (10 conn.)`,
    result,
    peakRssMb: Number.NaN,
    cpuSecondsPer1k: Number.NaN,
    ceiling: null,
  });
  log(
    `  flatness ${label}: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.errors} errors`,
  );
  return result;
}

async function benchBackend(
  backend: 'sqlite' | 'postgres',
  ceilings: { bareWrite: Record<string, number>; p256: Row['ceiling']; rs256: Row['ceiling'] },
  secretKey: string,
  keyring: Keyring,
  passwordHash: string,
): Promise<void> {
  const plan = PLANS[backend];
  const bare = { name: `bare ${backend} write`, perSecond: ceilings.bareWrite[backend]! };
  const { p256, rs256 } = ceilings;
  let smallP50: number | null = null;

  if (backend === 'sqlite' && plan.flat > 0 && !ROWS) {
    log(`sqlite, ${SMALL_PLAN.users.toLocaleString('en')} enrolled users (flatness baseline)`);
    const small = await prepareDatabase('sqlite', SMALL_PLAN, keyring, passwordHash);
    const server = await startBenchServer(small.url, secretKey, {});
    try {
      smallP50 = (await flatnessRound(server, small.pools, `${SMALL_PLAN.users.toLocaleString('en')} users`))
        .p50;
    } finally {
      await server.stop();
      await small.dispose();
    }
  }

  log(`${backend}, ${plan.users.toLocaleString('en')} enrolled users`);
  const prepared = await prepareDatabase(backend, plan, keyring, passwordHash);
  const redisPrefix = testRedisPrefix();
  const extraEnv: Record<string, string> =
    backend === 'postgres'
      ? { REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: redisPrefix, DATABASE_POOL_SIZE: '10' }
      : {};
  const server = await startBenchServer(prepared.url, secretKey, extraEnv);
  const { pools } = prepared;
  try {
    if (smallP50 !== null && !ROWS) {
      const big = await flatnessRound(server, pools, `${plan.users.toLocaleString('en')} users`);
      const change = (big.p50 - smallP50) / smallP50;
      notes.push(
        `Verify p50 at 1,000 → ${plan.users.toLocaleString('en')} enrolled users: ${smallP50.toFixed(2)} → ${big.p50.toFixed(2)} ms ` +
          `(${change >= 0 ? '+' : ''}${(change * 100).toFixed(0)} %; target within ±20 %).`,
      );
    }

    // PostgreSQL keeps half of the pending sign-ins for the two-instance run.
    const multiShare = backend === 'postgres' ? Math.floor(pools.verify.length / 2) : 0;
    // Warm-up: a little of every route, so the measured runs see optimised code.
    const warmVerify = Math.min(1000, Math.floor(pools.verify.length / 10));
    let v = 0;
    await runLoad({
      url: server.url,
      connections: CONNECTIONS,
      amount: warmVerify,
      expectStatus: 200,
      next: () => {
        const p = pools.verify[v++]!;
        return verifyRequest(p.mfaToken, totpNow(p.secret));
      },
    });
    await runLoad({
      url: server.url,
      connections: CONNECTIONS,
      ...(SMOKE ? { amount: 100 } : { durationSeconds: 1 }),
      expectStatus: 200,
      next: (i) => ({
        method: 'GET',
        path: '/api/mfa',
        headers: { authorization: `Bearer ${pools.sessionTokens[i % pools.sessionTokens.length]}` },
      }),
    });

    // 1. The second step: every request a different pending sign-in of a different user, a real code.
    await measure(
      backend,
      'second-step verify (TOTP)',
      server,
      {
        connections: CONNECTIONS,
        amount: pools.verify.length - multiShare - v,
        expectStatus: 200,
        next: () => {
          const p = pools.verify[v++]!;
          return verifyRequest(p.mfaToken, totpNow(p.secret));
        },
      },
      bare,
    );

    // 2. The password step of users with 2FA (argon2id bound); a distinct client address per request.
    // Its ceiling is measured right before, so both see the same background load on a shared machine.
    const argon2 = wanted('password step (argon2id)', 'remembered-browser sign-in')
      ? await measureArgon2Ceiling(SMOKE ? 1 : QUICK ? 3 : 5)
      : { perSecond: Number.NaN, threads: 0 };
    if (argon2.threads)
      ceilingRows.push(
        `| argon2id verify (m=19 MiB, t=2, p=1), ${argon2.threads} threads, just before the ${backend} password step | ${argon2.perSecond.toFixed(1)} /s |`,
      );
    let ip = 0;
    await measure(
      backend,
      'password step (argon2id)',
      server,
      {
        connections: 16,
        ...span(SMOKE_REQUESTS / 10),
        expectStatus: 200,
        next: (i) => {
          ip += 1;
          return {
            method: 'POST',
            path: '/api/auth/login',
            headers: { 'x-forwarded-for': `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}` },
            body: JSON.stringify({
              email: pools.loginEmails[i % pools.loginEmails.length],
              password: BENCH_PASSWORD,
            }),
          };
        },
      },
      { name: 'argon2id verify', perSecond: argon2.perSecond },
    );

    // 3. An authenticated read.
    await measure(
      backend,
      'authenticated read (GET /api/mfa)',
      server,
      {
        connections: CONNECTIONS,
        ...span(SMOKE_REQUESTS),
        expectStatus: 200,
        next: (i) => ({
          method: 'GET',
          path: '/api/mfa',
          headers: { authorization: `Bearer ${pools.sessionTokens[i % pools.sessionTokens.length]}` },
        }),
      },
      bare,
    );

    // 4. A wrong code on a locked account: refused before any code work or write.
    await measure(
      backend,
      'refusal (locked account, 423)',
      server,
      {
        connections: CONNECTIONS,
        ...span(SMOKE_REQUESTS),
        expectStatus: 423,
        next: () => verifyRequest(pools.lockedMfaToken, '000000'),
      },
      bare,
    );

    // 5. The verify API: an application checks its user's code (each request a different user).
    const api = pools.verifyApi;
    let a = 0;
    await measure(
      backend,
      'verify API (POST /api/v1/verify, TOTP)',
      server,
      {
        connections: CONNECTIONS,
        amount: api.users.length,
        expectStatus: 200,
        next: () => {
          const u = api.users[a++]!;
          return {
            method: 'POST',
            path: '/api/v1/verify',
            headers: { authorization: `Bearer ${api.key}` },
            body: JSON.stringify({ externalId: u.externalId, method: 'totp', code: totpNow(u.secret) }),
          };
        },
      },
      bare,
    );

    // 6. A remembered browser: the password sign-in that skips the second step (argon2 bound).
    // Both answers are 200, so one is checked first: the cookie must stand in for the code.
    const [probe, ...browsers] = pools.remembered;
    if (probe && wanted('remembered-browser sign-in (argon2id, no second step)')) {
      const signIn = (entry: { email: string; cookie: string }, ip: string): LoadRequest => ({
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'x-forwarded-for': ip, cookie: `${DEVICE_COOKIE}=${entry.cookie}` },
        body: JSON.stringify({ email: entry.email, password: BENCH_PASSWORD }),
      });
      const first = signIn(probe, '10.255.0.1');
      const answer = await fetch(`${server.url}${first.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...first.headers },
        body: first.body!,
      });
      const status = ((await answer.json()) as { status?: string }).status;
      if (status !== 'authenticated')
        throw new Error(`remembered-browser sign-in answered ${answer.status} ${status ?? ''}`);
      let r = 0;
      await measure(
        backend,
        'remembered-browser sign-in (argon2id, no second step)',
        server,
        {
          connections: 16,
          amount: browsers.length,
          expectStatus: 200,
          next: () => {
            r += 1;
            return signIn(browsers[r - 1]!, `10.254.${(r >> 8) & 255}.${r & 255}`);
          },
        },
        { name: 'argon2id verify', perSecond: argon2.perSecond },
      );
    }

    // 7. A WebAuthn assertion: the hook for the row (its ceiling, P-256 verifications, is measured).
    if (wanted('WebAuthn second step', 'passkey sign-in')) await benchWebAuthn(backend, server, pools, p256);

    // 8. OpenID Connect: the authorization-code exchange and userinfo (one ID token signed each).
    if (wanted('OIDC code exchange')) await benchOidc(backend, server, pools, rs256);

    // 9. Scale-out: the second step on two instances sharing this PostgreSQL, against one.
    if (multiShare > 0 && wanted('second-step verify, two instances'))
      await benchTwoInstances(server, prepared.url, secretKey, extraEnv, pools.verify.slice(v));
  } finally {
    await server.stop();
    await prepared.dispose();
    if (backend === 'postgres') await deleteRedisKeys(redisPrefix);
  }
}

/** POSTs JSON to `base` + `path`; the status and the parsed answer. */
async function postJson(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads arbitrary JSON answers
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * WebAuthn, against the P-256 verify ceiling: the second step with a security key
 * (`POST /api/auth/mfa/challenge`, the assertion signed here by the software
 * authenticator of test/helpers, `POST /api/auth/mfa/verify`; each flow a different
 * user's pending sign-in), then the passkey sign-in without a password
 * (`/api/auth/passkey/options` + `/verify`, the same keys once more, a distinct client
 * address each: the per-IP limits). Each row counts flows of two requests.
 */
async function benchWebAuthn(
  backend: string,
  server: BenchServer,
  pools: BenchPools,
  ceiling: Row['ceiling'],
): Promise<void> {
  const keys = pools.webauthn;
  if (keys.length === 0) return;
  const authenticator = new SoftAuthenticator({ origin: server.publicUrl });
  const secondStep = async (i: number): Promise<number> => {
    const { mfaToken, credential } = keys[i]!;
    const challenge = await postJson(server.url, '/api/auth/mfa/challenge', { mfaToken, method: 'webauthn' });
    if (challenge.status !== 200) return challenge.status;
    const response = authenticator.authenticate(challenge.body.options, { credential });
    return (await postJson(server.url, '/api/auth/mfa/verify', { mfaToken, method: 'webauthn', response }))
      .status;
  };
  const warm = Math.min(100, Math.floor(keys.length / 10));
  const warmUp = await runFlows({
    connections: CONNECTIONS,
    amount: warm,
    flow: secondStep,
    expectStatus: 200,
  });
  if (warmUp.errors) log(`  WebAuthn warm-up: ${warmUp.errors} errors ${JSON.stringify(warmUp.statuses)}`);
  await measure(
    backend,
    'WebAuthn second step (challenge + assertion: 2 requests)',
    server,
    {
      expectStatus: 200,
      run: () =>
        runFlows({
          connections: CONNECTIONS,
          amount: keys.length - warm,
          flow: (i) => secondStep(i + warm),
          expectStatus: 200,
        }),
    },
    ceiling,
  );
  const passkey = async (i: number): Promise<number> => {
    const headers = { 'x-forwarded-for': `10.253.${(i >> 8) & 255}.${i & 255}` };
    const options = await postJson(server.url, '/api/auth/passkey/options', {}, headers);
    if (options.status !== 200) return options.status;
    const response = authenticator.authenticate(options.body.options, { credential: keys[i]!.credential });
    const answer = await postJson(
      server.url,
      '/api/auth/passkey/verify',
      { challengeId: options.body.challengeId, response },
      headers,
    );
    return answer.status === 200 && answer.body?.status !== 'authenticated' ? 0 : answer.status;
  };
  await measure(
    backend,
    'passkey sign-in (options + assertion: 2 requests, no password)',
    server,
    {
      expectStatus: 200,
      run: () =>
        runFlows({ connections: CONNECTIONS, amount: keys.length, flow: passkey, expectStatus: 200 }),
    },
    ceiling,
  );
}

/**
 * OpenID Connect, against the RS256 signature ceiling (the ID token is signed RS256):
 * the authorization-code exchange (`POST /oidc/token`, client_secret_basic, PKCE) and
 * userinfo (`GET /oidc/me`) per flow. The codes come first, unmeasured: one full
 * sign-in of a TOTP user (password, code, completion) opens the provider's session,
 * then each silent authorization (`prompt=none`) gives a code (they live 60 s).
 */
async function benchOidc(
  backend: string,
  server: BenchServer,
  pools: BenchPools,
  ceiling: Row['ceiling'],
): Promise<void> {
  const client = pools.oidc;
  if (!client) return;
  const publicOrigin = new URL(server.publicUrl).origin;
  const publicHost = new URL(server.publicUrl).host;
  const browser = new HttpBrowser(publicOrigin, { [publicOrigin]: server.url });
  const authorize = async (prompt?: 'none') => {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${server.publicUrl}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: client.clientId,
      response_type: 'code',
      redirect_uri: BENCH_RP_CALLBACK,
      scope: 'openid email profile',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: randomBytes(8).toString('hex'),
      ...(prompt ? { prompt } : {}),
    }).toString();
    const { url: landed } = await browser.follow(url);
    return { landed, verifier };
  };
  const first = await authorize();
  const uid = interactionOf(first.landed);
  const login = await browser.json(`/interaction/${uid}/login`, {
    email: client.email,
    password: BENCH_PASSWORD,
  });
  if (login.body?.status !== 'mfa_required') throw new Error(`OIDC sign-in: ${JSON.stringify(login.body)}`);
  const verify = await browser.json('/api/auth/mfa/verify', {
    mfaToken: login.body.mfaToken,
    method: 'totp',
    code: totpNow(client.secret),
  });
  if (verify.status !== 200) throw new Error(`OIDC sign-in, second step: ${JSON.stringify(verify.body)}`);
  const landed = await completeAndFollow(browser, uid);
  if (!landed.searchParams.get('code')) throw new Error(`OIDC sign-in ended at ${landed.href}`);

  const made = performance.now();
  const codes: Array<{ code: string; verifier: string }> = [];
  for (let i = 0; i < OIDC_CODES; i++) {
    const silent = await authorize('none');
    const code = silent.landed.searchParams.get('code');
    if (!code) throw new Error(`silent authorization ended at ${silent.landed.href}`);
    codes.push({ code, verifier: silent.verifier });
  }
  log(`  ${codes.length} authorization codes in ${((performance.now() - made) / 1000).toFixed(1)} s`);
  const forwarded = { 'x-forwarded-host': publicHost, 'x-forwarded-proto': 'http' };
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
  const exchange = async (i: number): Promise<number> => {
    const { code, verifier } = codes[i]!;
    const token = await fetch(`${server.url}/oidc/token`, {
      method: 'POST',
      headers: { ...forwarded, authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: BENCH_RP_CALLBACK,
        code_verifier: verifier,
      }).toString(),
    });
    const body = (await token.json()) as { access_token?: string; id_token?: string };
    if (token.status !== 200) return token.status;
    if (!body.id_token || !body.access_token) return 0;
    const me = await fetch(`${server.url}/oidc/me`, {
      headers: { ...forwarded, authorization: `Bearer ${body.access_token}` },
    });
    await me.arrayBuffer();
    return me.status;
  };
  const warm = Math.min(30, Math.floor(codes.length / 10));
  const warmUp = await runFlows({
    connections: CONNECTIONS,
    amount: warm,
    flow: exchange,
    expectStatus: 200,
  });
  if (warmUp.errors) log(`  OIDC warm-up: ${warmUp.errors} errors ${JSON.stringify(warmUp.statuses)}`);
  await measure(
    backend,
    'OIDC code exchange + userinfo (2 requests, one RS256 ID token)',
    server,
    {
      expectStatus: 200,
      run: () =>
        runFlows({
          connections: CONNECTIONS,
          amount: codes.length - warm,
          flow: (i) => exchange(i + warm),
          expectStatus: 200,
        }),
    },
    ceiling,
  );
}

/**
 * The second step on two server processes sharing one PostgreSQL (and Redis), each
 * driven with half the connections, against the one-instance row of the same run.
 */
async function benchTwoInstances(
  first: ServerProcess,
  url: string,
  secretKey: string,
  extraEnv: Record<string, string>,
  pending: BenchPools['verify'],
): Promise<void> {
  const second = await startBenchServer(url, secretKey, extraEnv);
  try {
    const warm = Math.min(200, Math.floor(pending.length / 10));
    let w = 0;
    await runLoad({
      url: second.url,
      connections: Math.max(1, Math.floor(CONNECTIONS / 2)),
      amount: warm,
      expectStatus: 200,
      next: () => verifyRequest(pending[w]!.mfaToken, totpNow(pending[w++]!.secret)),
    });
    const rest = pending.slice(warm);
    const parts = [rest.slice(0, Math.floor(rest.length / 2)), rest.slice(Math.floor(rest.length / 2))];
    const servers = [first, second];
    const cpuBefore = servers.map((s) => cpuSeconds(s.child.pid!));
    const started = performance.now();
    const results = await Promise.all(
      servers.map((s, k) => {
        const part = parts[k]!;
        let j = 0;
        return runLoad({
          url: s.url,
          connections: Math.max(1, Math.floor(CONNECTIONS / 2)),
          amount: part.length,
          expectStatus: 200,
          next: () => {
            const p = part[j++]!;
            return verifyRequest(p.mfaToken, totpNow(p.secret));
          },
        });
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = servers.reduce((sum, s, k) => sum + cpuSeconds(s.child.pid!) - cpuBefore[k]!, 0);
    const requests = results.reduce((sum, r) => sum + r.requests, 0);
    const combined: LoadResult = {
      requests,
      seconds,
      requestsPerSecond: requests / seconds,
      p50: Math.max(...results.map((r) => r.p50)),
      p95: Math.max(...results.map((r) => r.p95)),
      p99: Math.max(...results.map((r) => r.p99)),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      statuses: Object.assign({}, ...results.map((r) => r.statuses)),
    };
    const one = rows.find(
      (row) => row.backend === 'postgres' && row.scenario === 'second-step verify (TOTP)',
    );
    rows.push({
      backend: 'postgres',
      scenario: 'second-step verify, two instances (percentiles: the worse one)',
      result: combined,
      peakRssMb: Math.max(...servers.map((s) => peakRssBytes(s.child.pid!))) / 2 ** 20,
      cpuSecondsPer1k: (cpu / requests) * 1000,
      ceiling: one ? { name: 'one instance', perSecond: one.result.requestsPerSecond } : null,
    });
    log(`  two instances: ${combined.requestsPerSecond.toFixed(0)} req/s, p99 ${combined.p99.toFixed(1)} ms`);
  } finally {
    await second.stop();
  }
}

function formatTable(): string {
  const header = [
    'backend',
    'scenario',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'peak RSS MB',
    'CPU s / 1k ops',
    'vs ceiling',
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  const n = (x: number, digits = 0) =>
    Number.isFinite(x)
      ? x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
      : '—';
  for (const row of rows) {
    const r = row.result;
    const ratio = row.ceiling
      ? `${((r.requestsPerSecond / row.ceiling.perSecond) * 100).toFixed(0)} % of ${row.ceiling.name}`
      : '—';
    lines.push(
      `| ${row.backend} | ${row.scenario} | ${n(r.requestsPerSecond)} | ${n(r.p50, 1)} | ${n(r.p95, 1)} | ${n(r.p99, 1)} | ${r.errors} | ${n(row.peakRssMb)} | ${n(row.cpuSecondsPer1k, 2)} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Per row, the peak of each part of the server's memory while the row ran, from the
 * samples bench/memory-probe.mjs wrote (every 100 ms): RSS, the V8 heap (total and used),
 * external memory and ArrayBuffers as V8 sees them, and the kernel's anonymous / file-backed
 * resident pages. What RSS holds beyond heapTotal + external is native memory V8 does not
 * account for (malloc arenas of the thread pool, argon2's blocks once freed, SQLite's cache).
 */
function formatMemoryTable(file: string): string {
  type Sample = Record<
    | 'pid'
    | 't'
    | 'rss'
    | 'heapTotal'
    | 'heapUsed'
    | 'newSpace'
    | 'oldSpace'
    | 'external'
    | 'arrayBuffers'
    | 'rssAnon'
    | 'rssFile'
    | 'threads',
    number
  >;
  const samples = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line && !line.includes('liveAfterGc'))
    .map((line) => JSON.parse(line) as Sample);
  const parts = [
    'rss',
    'heapTotal',
    'heapUsed',
    'newSpace',
    'oldSpace',
    'external',
    'arrayBuffers',
    'rssAnon',
    'rssFile',
  ] as const;
  const lines = [
    '| backend | scenario | samples | RSS MB | heap total MB | heap used MB | young gen. MB | old gen. MB | external MB | ArrayBuffers MB | anon. RSS MB | file RSS MB | RSS − heap total − external MB | threads |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  for (const row of rows) {
    if (row.startedAt === undefined) continue;
    const own = samples.filter((s) => s.pid === row.pid && s.t >= row.startedAt! && s.t <= row.endedAt!);
    if (own.length === 0) continue;
    const peak = Object.fromEntries(parts.map((part) => [part, Math.max(...own.map((s) => s[part]))]));
    const native = Math.max(...own.map((s) => s.rss - s.heapTotal - s.external));
    lines.push(
      `| ${row.backend} | ${row.scenario} | ${own.length} | ${parts.map((part) => mb(peak[part]!)).join(' | ')} | ${mb(native)} | ${Math.max(...own.map((s) => s.threads))} |`,
    );
  }
  const live = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('liveAfterGc'))
    .map((line) => `${mb((JSON.parse(line) as { liveAfterGc: number }).liveAfterGc)} MB`);
  return [
    'Memory of the server per row (peaks over the row, sampled every 100 ms in the server):',
    '',
    ...lines,
    '',
    `V8 heap alive after a full collection when each server stopped: ${live.join(', ') || '—'}.`,
  ].join('\n');
}

/**
 * What `SQLITE_SYNCHRONOUS=full` costs the second step against `normal`: the same
 * verify run (each request a different user's pending sign-in and a real code) on
 * two fresh databases, one per setting, at 10 and at CONNECTIONS connections.
 */
async function durabilityBench(secretKey: string, keyring: Keyring, passwordHash: string): Promise<string[]> {
  const users = QUICK ? 2_500 : 6_000;
  const lines = [
    `| SQLITE_SYNCHRONOUS | verify, 10 conn. | verify, ${CONNECTIONS} conn. |`,
    '| --- | --- | --- |',
  ];
  const results: Record<string, LoadResult[]> = {};
  for (const synchronous of ['normal', 'full'] as const) {
    log(`sqlite, synchronous=${synchronous}, ${users.toLocaleString('en')} users`);
    const prepared = await prepareDatabase(
      'sqlite',
      { users: users + 1, verify: users, flat: 0, login: 0, sessions: 0 },
      keyring,
      passwordHash,
    );
    const server = await startBenchServer(prepared.url, secretKey, { SQLITE_SYNCHRONOUS: synchronous });
    try {
      let v = 0;
      const nextVerify = () => {
        const p = prepared.pools.verify[v++]!;
        return verifyRequest(p.mfaToken, totpNow(p.secret));
      };
      const third = Math.floor(users / 3);
      await runLoad({
        url: server.url,
        connections: 10,
        amount: Math.min(300, third),
        expectStatus: 200,
        next: nextVerify,
      });
      const few = await runLoad({
        url: server.url,
        connections: 10,
        amount: third,
        expectStatus: 200,
        next: nextVerify,
      });
      const many = await runLoad({
        url: server.url,
        connections: CONNECTIONS,
        amount: users - v,
        expectStatus: 200,
        next: nextVerify,
      });
      results[synchronous] = [few, many];
      const cell = (r: LoadResult) =>
        `${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.errors ? `, ${r.errors} errors` : ''}`;
      lines.push(`| ${synchronous} | ${cell(few)} | ${cell(many)} |`);
      log(`  ${synchronous}: ${cell(few)} / ${cell(many)}`);
    } finally {
      await server.stop();
      await prepared.dispose();
    }
  }
  const [normalFew, normalMany] = results.normal!;
  const [fullFew, fullMany] = results.full!;
  const change = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(0)} %`;
  lines.push(
    '',
    `full vs normal: p50 at 10 conn. ${change(normalFew!.p50, fullFew!.p50)}, throughput at ${CONNECTIONS} conn. ${change(normalMany!.requestsPerSecond, fullMany!.requestsPerSecond)}.`,
  );
  return lines;
}

/**
 * The second step against the bare-write ceiling, alternated `repeat` times on one
 * server and one database per backend: each round measures the ceiling, then 1,500
 * second steps (each a different user's pending sign-in) at CONNECTIONS.
 */
async function leverBench(repeat: number, secretKey: string, keyring: Keyring, passwordHash: string) {
  const perRound = 1_500;
  const lines = [
    '| backend | round | bare write req/s | second step req/s | CPU ms / second step | p99 ms | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const backend of BACKENDS) {
    const plan = {
      users: perRound * repeat + 600,
      verify: perRound * repeat + 300,
      flat: 0,
      login: 0,
      sessions: 0,
    };
    const prepared = await prepareDatabase(backend, plan, keyring, passwordHash);
    const redisPrefix = testRedisPrefix();
    const extraEnv: Record<string, string> =
      backend === 'postgres'
        ? { REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: redisPrefix, DATABASE_POOL_SIZE: '10' }
        : {};
    const server = await startBenchServer(prepared.url, secretKey, extraEnv);
    const pending = prepared.pools.verify;
    let v = 0;
    const next = () => {
      const p = pending[v++]!;
      return verifyRequest(p.mfaToken, totpNow(p.secret));
    };
    try {
      await runLoad({ url: server.url, connections: CONNECTIONS, amount: 300, expectStatus: 200, next });
      for (let round = 1; round <= repeat; round++) {
        const dir = mkdtempSync(join(tmpdir(), 'twofold-bare-'));
        const pgDatabase = backend === 'postgres' ? await createPostgresDatabase('twofold_bench') : null;
        let bare: LoadResult;
        try {
          bare = await measureBareWriteCeiling({
            target: pgDatabase ? pgDatabase.url : `sqlite:${join(dir, 'bare.db')}`,
            port: await freePort(),
            connections: CONNECTIONS,
            seconds: 4,
          });
        } finally {
          await pgDatabase?.drop();
          rmSync(dir, { recursive: true, force: true });
        }
        const pid = server.child.pid!;
        const cpuBefore = cpuSeconds(pid);
        const step = await runLoad({
          url: server.url,
          connections: CONNECTIONS,
          amount: perRound,
          expectStatus: 200,
          next,
        });
        const cpuMs = ((cpuSeconds(pid) - cpuBefore) * 1000) / step.requests;
        const line = `| ${backend} | ${round} | ${bare.requestsPerSecond.toFixed(0)} | ${step.requestsPerSecond.toFixed(0)}${step.errors ? ` (${step.errors} errors: ${JSON.stringify(step.statuses)})` : ''} | ${cpuMs.toFixed(2)} | ${step.p99.toFixed(1)} | ${((step.requestsPerSecond / bare.requestsPerSecond) * 100).toFixed(0)} % |`;
        lines.push(line);
        log(line);
      }
    } finally {
      await server.stop();
      await prepared.dispose();
      if (backend === 'postgres') await deleteRedisKeys(redisPrefix);
    }
  }
  return lines;
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
  log(
    `machine: ${machine}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (BACKENDS.includes('postgres')) {
    for (const service of ['postgres', 'redis'] as const) {
      const problem = await serviceProblem(service);
      if (problem) throw new Error(`${problem}; run with --only sqlite to skip PostgreSQL`);
    }
  }

  if (args.build && !SMOKE) {
    log(`building the server (tsc -p tsconfig.build.json --outDir ${BUILD_DIR})`);
    rmSync(BUILD_DIR, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        BUILD_DIR,
      ],
      { cwd: PROJECT_ROOT, stdio: 'inherit' },
    );
    // Under node_modules/ the project's package.json no longer applies: say the output is ESM.
    writeFileSync(join(BUILD_DIR, 'package.json'), '{"type":"module"}\n');
  }

  if (args.levers) {
    const secretKey = randomBytes(32).toString('base64');
    const lines = await leverBench(
      Number(args.levers),
      secretKey,
      Keyring.fromBase64(secretKey),
      await hashPassword(BENCH_PASSWORD),
    );
    const output = [
      `Twofold lever benchmark, ${new Date().toISOString()}`,
      `Machine: ${machine}.`,
      '',
      ...lines,
    ].join('\n');
    console.log(output);
    if (args.markdown) writeFileSync(args.markdown, `${output}\n`);
    return;
  }

  if (args.durability) {
    const secretKey = randomBytes(32).toString('base64');
    const lines = await durabilityBench(
      secretKey,
      Keyring.fromBase64(secretKey),
      await hashPassword(BENCH_PASSWORD),
    );
    const output = [
      `Twofold durability benchmark${QUICK ? ' (--quick)' : ''}, ${new Date().toISOString()}`,
      `Machine: ${machine}.`,
      '',
      ...lines,
    ].join('\n');
    console.log(output);
    if (args.markdown) writeFileSync(args.markdown, `${output}\n`);
    return;
  }

  log('ceilings');
  const bareWrite: Record<string, number> = {};
  for (const backend of BACKENDS) {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-bare-'));
    const pgDatabase = backend === 'postgres' ? await createPostgresDatabase('twofold_bench') : null;
    try {
      const result = await measureBareWriteCeiling({
        target: pgDatabase ? pgDatabase.url : `sqlite:${join(dir, 'bare.db')}`,
        port: await freePort(),
        connections: CONNECTIONS,
        seconds: SECONDS,
        ...(SMOKE ? { amount: SMOKE_REQUESTS } : {}),
      });
      bareWrite[backend] = result.requestsPerSecond;
      ceilingRows.push(
        `| bare node:http + one ${backend} INSERT, ${CONNECTIONS} conn. | ${result.requestsPerSecond.toFixed(0)} req/s (p99 ${result.p99.toFixed(1)} ms, ${result.cpuMsPerRequest.toFixed(3)} CPU ms/req) |`,
      );
      log(`  bare ${backend} write: ${result.requestsPerSecond.toFixed(0)} req/s`);
    } finally {
      await pgDatabase?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // The ceilings of the OpenID Connect code exchange (one ID token signed per request) and of
  // a WebAuthn assertion (one P-256 signature verified).
  const cryptoSeconds = SMOKE ? 0.5 : 3;
  const signatures: Record<string, number> = {};
  for (const alg of ['RS256', 'ES256'] as const) {
    const signing = await measureSignatureCeiling(alg, cryptoSeconds);
    signatures[alg] = signing.perSecond;
    ceilingRows.push(
      `| ${alg} signatures (node:crypto), ${signing.threads} threads | ${signing.perSecond.toFixed(0)} /s |`,
    );
  }
  const p256 = await measureP256VerifyCeiling(cryptoSeconds);
  ceilingRows.push(
    `| P-256 signature verifications, ${p256.threads} threads | ${p256.perSecond.toFixed(0)} /s |`,
  );

  const secretKey = randomBytes(32).toString('base64');
  const keyring = Keyring.fromBase64(secretKey);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  for (const backend of BACKENDS) {
    await benchBackend(
      backend,
      {
        bareWrite,
        p256: { name: 'P-256 verify', perSecond: p256.perSecond },
        rs256: { name: 'RS256 signing', perSecond: signatures.RS256! },
      },
      secretKey,
      keyring,
      passwordHash,
    );
  }
  const durability =
    BACKENDS.includes('sqlite') && !SMOKE && !ROWS
      ? await durabilityBench(secretKey, keyring, passwordHash)
      : [];

  const output = [
    `Twofold benchmark${SMOKE ? ' (--smoke)' : QUICK ? ' (--quick)' : ''}, ${new Date().toISOString()}`,
    `Machine: ${machine}. Load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
    `Server: ${SMOKE ? 'the sources through tsx (smoke run)' : 'the production build'}, NODE_ENV=production LOG_LEVEL=${args['log-level']}, one process; load generator: autocannon in a second process on the same machine; ${CONNECTIONS} connections (16 for the password step).`,
    '',
    '| ceiling | measured |',
    '| --- | --- |',
    ...ceilingRows,
    '',
    formatTable(),
    '',
    ...(MEMORY_TRACE ? [formatMemoryTable(MEMORY_TRACE), ''] : []),
    ...notes,
    ...(durability.length
      ? ['', 'SQLite durability (SQLITE_SYNCHRONOUS), second step:', '', ...durability, '']
      : []),
    `Total bench time: ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  ].join('\n');
  process.stdout.write(`${output}\n`);
  if (args.markdown) writeFileSync(args.markdown, `${output}\n`);
  const broken = rows.filter((row) => row.result.errors > 0 || row.result.requests === 0);
  if (SMOKE && broken.length) {
    log(
      `smoke: ${broken.map((row) => `${row.backend} ${row.scenario}`).join(', ')} did not answer as expected`,
    );
    process.exitCode = 1;
  }
}

await main();
