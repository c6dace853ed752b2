import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { type AppConfig, ConfigError } from './config/config.js';
import { Keyring } from './crypto/keyring.js';
import { checkSecretKey, holdsKeyedData } from './services/admin/secret-keys.js';
import { createRedisClient, waitForRedis } from './storage/kv/redis-client.js';
import { migrateToLatest, openDatabase } from './storage/sql/database.js';
import { createStores, type Stores } from './storage/stores.js';

/**
 * The keys that seal factor secrets: `TWOFOLD_SECRET_KEYS` / `TWOFOLD_SECRET_KEY`,
 * or for SQLite a key file generated beside the database on first start (mode
 * 0600). PostgreSQL deployments run several instances, which must share the key,
 * so there it is required. A key is never generated for a database that already
 * holds factors: they were sealed under another key, which a new one cannot open.
 */
export async function resolveKeyring(
  config: Readonly<AppConfig>,
  stores: Stores,
  log: Logger,
): Promise<Keyring> {
  if (config.secretKeys.length) {
    const raw = config.secretKeys.map((key) => Buffer.from(key, 'base64'));
    if (raw.some((key) => key.length !== 32))
      throw new ConfigError(
        'TWOFOLD_SECRET_KEY: must be 32 bytes, base64-encoded (openssl rand -base64 32); in TWOFOLD_SECRET_KEYS, each of them',
      );
    return new Keyring(raw);
  }
  if (config.databaseUrl.startsWith('postgres')) {
    throw new ConfigError('TWOFOLD_SECRET_KEY: required with PostgreSQL (every instance needs the same key)');
  }
  const sqlitePath = stores.database.sqlitePath;
  if (!sqlitePath) return new Keyring(randomBytes(32)); // in-memory database: an in-memory key
  const keyFile = join(dirname(sqlitePath), 'secret.key');
  if (existsSync(keyFile)) return Keyring.fromBase64(readFileSync(keyFile, 'utf8'));
  if (await holdsKeyedData(stores)) {
    throw new ConfigError(
      `TWOFOLD_SECRET_KEY is not set and ${keyFile} is missing, but the database holds second factors sealed under a key. Refusing to generate a new one (it could not open them): restore secret.key beside the database from the same backup, or set TWOFOLD_SECRET_KEY.`,
    );
  }
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  log.warn(
    { keyFile },
    'generated a new TWOFOLD_SECRET_KEY into the data folder; back it up with the database',
  );
  return Keyring.fromBase64(readFileSync(keyFile, 'utf8'));
}

/** How long an instance reuses the 2FA policy document it read, in milliseconds. */
export const POLICY_CACHE_MS = 1_000;

/**
 * Opens and migrates the database, connects Redis when `REDIS_URL` is set, and
 * resolves and checks the key: what both the server and the CLI need. Several instances may
 * run this at once against one PostgreSQL: the migrator's advisory lock lets one
 * migrate while the others wait, then find nothing left to do.
 */
export async function openStores(
  config: Readonly<AppConfig>,
  log: Logger,
): Promise<{ stores: Stores; keyring: Keyring }> {
  const database = openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    sqliteSynchronous: config.sqliteSynchronous,
    onConnectionError: (error) =>
      log.warn({ err: error }, 'a database connection failed; it will be replaced'),
    onCheckpointError: (error) =>
      log.warn({ err: error }, 'the SQLite checkpointer stopped; automatic checkpoints take over'),
  });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) log.info({ migrations: applied }, 'applied database migrations');
    const sqlStores = createStores(database);
    const keyring = await resolveKeyring(config, sqlStores, log);
    await checkSecretKey({ stores: sqlStores, keyring, now: () => new Date(), log });
    const redis = config.redisUrl
      ? createRedisClient({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix }, log)
      : null;
    // A Redis that is down does not stop the start: requests that need it answer 503 until it is back.
    if (redis && !(await waitForRedis(redis, 2_000)))
      log.warn('redis did not answer at start; rate-limited requests answer 503 until it does');
    // Every second step reads the policy: each instance reuses it for a second, so a
    // change made on another instance applies within that second.
    const policyCache = { ttlMs: POLICY_CACHE_MS, monotonicNowMs: () => performance.now() };
    // Rate-limit keys hold a keyed hash of the email or IP, never the identifier itself.
    const hashKey = (value: string) => keyring.hashIdentifier(value);
    return { stores: createStores(database, { redis, policyCache, hashKey }), keyring };
  } catch (error) {
    await database.close();
    throw error;
  }
}
