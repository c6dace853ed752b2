import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Start-up settings of the Redis connection. */
export interface RedisConfig {
  url: string;
  /** Prepended to every key, so several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
}

/**
 * Opens the shared Redis connection, configured to fail fast: while Redis is down
 * a command is refused at once (no offline queue, one retry, a timeout) instead of
 * waiting, so a request answers `503 unavailable` rather than hang — and never
 * skips the limit it could not check. The client keeps reconnecting in the
 * background and serves again as soon as Redis is back.
 * @example const redis = createRedisClient({ url: 'redis://127.0.0.1:6379', keyPrefix: 'twofold:' }, log)
 */
export function createRedisClient(config: RedisConfig, log: Logger): Redis {
  const redis = new Redis(config.url, {
    keyPrefix: config.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    connectTimeout: 2_000,
    // Reconnect forever, backing off to one attempt per second.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Without a listener an 'error' event would crash the process; report each outage once.
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: error }, 'redis is unavailable; rate-limited requests answer 503 until it is back');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('redis is available again');
  });
  return redis;
}

/**
 * Waits until `redis` is connected, at most `timeoutMs`. With the offline queue
 * off, commands sent before the first connection would be refused, so start-up
 * waits briefly; false means Redis did not answer in time (the server starts
 * anyway and answers 503 where it needs Redis until it is back).
 */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
