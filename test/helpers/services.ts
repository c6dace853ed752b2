import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * External services the tests may use, and what to do when they are absent.
 *
 * - `TWOFOLD_TEST_STORES` (comma-separated `sqlite,postgres,redis`) narrows the
 *   backends of the storage contract suite; default: all, each when reachable.
 * - An unreachable PostgreSQL or Redis makes its tests skip with a one-line
 *   `console.warn` — unless `TWOFOLD_REQUIRE_SERVICES=1` (CI), where they fail.
 */

/** Maintenance database used to create and drop the per-run test databases. */
export const POSTGRES_ADMIN_URL =
  process.env.TWOFOLD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_TEST_URL = process.env.TWOFOLD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const REQUIRE_SERVICES = process.env.TWOFOLD_REQUIRE_SERVICES === '1';

export const BACKENDS = ['sqlite', 'postgres', 'redis'] as const;
export type Backend = (typeof BACKENDS)[number];
export type Service = Exclude<Backend, 'sqlite'>;

const probes = new Map<Service, Promise<string | null>>();

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL not reachable at ${redact(POSTGRES_ADMIN_URL)} (${(error as Error).message || (error as { code?: string }).code})`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function probeRedis(): Promise<string | null> {
  const redis = new Redis(REDIS_TEST_URL, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `Redis not reachable at ${REDIS_TEST_URL} (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Why `service` cannot be used (a one-line reason), or null when it answers. Probed once per test file. */
export function serviceProblem(service: Service): Promise<string | null> {
  let probe = probes.get(service);
  if (!probe) {
    probe = service === 'postgres' ? probePostgres() : probeRedis();
    probes.set(service, probe);
  }
  return probe;
}

/**
 * Decides what a missing service means for `suite`: with `TWOFOLD_REQUIRE_SERVICES=1`
 * this throws (the file fails); otherwise it warns once with the one-line reason
 * and returns false (the suite skips). Returns true when `problem` is null.
 */
export function runnableDespite(suite: string, problem: string | null): boolean {
  if (!problem) return true;
  if (REQUIRE_SERVICES) throw new Error(`${suite}: ${problem}, and TWOFOLD_REQUIRE_SERVICES=1`);
  console.warn(`[skip] ${suite}: ${problem} (set TWOFOLD_REQUIRE_SERVICES=1 to fail instead)`);
  return false;
}

/** Whether a suite needing `services` can run (see {@link runnableDespite}). */
export async function servicesAvailable(suite: string, services: readonly Service[]): Promise<boolean> {
  for (const service of services) {
    if (!runnableDespite(suite, await serviceProblem(service))) return false;
  }
  return true;
}

/**
 * The backends among `candidates` to run a contract suite on: narrowed by
 * `TWOFOLD_TEST_STORES`, and without the services that do not answer (see
 * {@link servicesAvailable}).
 * @example const STORES = await backendsUnderTest('users repository', ['sqlite', 'postgres']);
 */
export async function backendsUnderTest<T extends Backend>(
  suite: string,
  candidates: readonly T[],
): Promise<T[]> {
  const wanted = (process.env.TWOFOLD_TEST_STORES ?? BACKENDS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of wanted) {
    if (!(BACKENDS as readonly string[]).includes(name))
      throw new Error(`TWOFOLD_TEST_STORES: unknown backend "${name}"`);
  }
  const chosen: T[] = [];
  for (const backend of candidates) {
    if (!wanted.includes(backend)) continue;
    if (backend === 'sqlite' || (await servicesAvailable(`${suite} on ${backend}`, [backend])))
      chosen.push(backend);
  }
  return chosen;
}

/** A fresh PostgreSQL database for one test file or run; `drop` removes it. */
export interface TestPostgresDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `twofold_test_<random>` on the test PostgreSQL. Names are random, so
 * parallel test files and other people's runs on the same server never meet.
 */
export async function createPostgresDatabase(prefix = 'twofold_test'): Promise<TestPostgresDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => {},
      ),
  };
}

/** A Redis key prefix of its own for one test file, so runs sharing a Redis never collide. */
export function testRedisPrefix(): string {
  return `twofold_test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (cleanup after a test file). */
export async function deleteRedisKeys(prefix: string, url = REDIS_TEST_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A `redis-server` of a test's own, to stop and start again (outage tests). */
export interface OwnRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Why no private `redis-server` can be started here, or null when the binary runs. */
export function redisServerProblem(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error ? `redis-server not found (${probe.error.message})` : null;
}

/**
 * Starts `redis-server` in the foreground on `port` (no persistence) and waits
 * until it answers PING. `stop` ends that process only.
 */
export async function startOwnRedis(port: number): Promise<OwnRedis> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    const up = await redis.connect().then(
      () => redis.ping().then(() => true),
      () => false,
    );
    redis.disconnect();
    if (up) {
      return {
        port,
        url,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not start`);
}
