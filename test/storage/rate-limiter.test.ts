import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { KeyedRateLimiter } from '../../src/storage/keyed-rate-limiter.js';
import { createRedisClient, waitForRedis } from '../../src/storage/kv/redis-client.js';
import { RedisRateLimiter } from '../../src/storage/kv/redis-rate-limiter.js';
import { SqlRateLimiter } from '../../src/storage/sql/sql-rate-limiter.js';
import type { RateLimiter } from '../../src/storage/types.js';
import { backendsUnderTest, deleteRedisKeys, REDIS_TEST_URL, testRedisPrefix } from '../helpers/services.js';
import { at, inParallel, openTestDatabase, T0 } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('rate limiter', ['sqlite', 'postgres', 'redis']);

/** Opens the limiter of one backend: the SQL table, or Redis under a prefix of this run. */
async function openLimiter(
  store: (typeof STORES)[number],
): Promise<{ limiter: RateLimiter; dispose(): Promise<void> }> {
  if (store === 'redis') {
    const keyPrefix = testRedisPrefix();
    const redis = createRedisClient({ url: REDIS_TEST_URL, keyPrefix }, createLogger('silent'));
    if (!(await waitForRedis(redis, 5_000))) throw new Error('redis did not become ready');
    return {
      limiter: new RedisRateLimiter(redis),
      async dispose() {
        redis.disconnect();
        await deleteRedisKeys(keyPrefix);
      },
    };
  }
  const opened = await openTestDatabase(store);
  return { limiter: new SqlRateLimiter(opened.database.db), dispose: opened.dispose };
}

for (const store of STORES) {
  describe(store, () => {
    let limiter: RateLimiter;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ limiter, dispose } = await openLimiter(store));
    });
    afterAll(async () => dispose());
    const key = () => `test:${randomUUID()}`;

    it('through KeyedRateLimiter it stores a keyed hash of the key, never the email or IP in it', async () => {
      const keyed = new KeyedRateLimiter(limiter, (v) =>
        createHmac('sha256', 'k').update(v).digest('base64url'),
      );
      const raw = `login:pair:${randomUUID()}@example.com|0|203.0.113.1`;
      await keyed.consume(raw, 5, 60, T0);
      const stored = keyed.storedKey(raw);
      expect(stored).toMatch(/^login:[\w-]{43}$/);
      // The count lives under the hashed key only.
      expect((await limiter.consume(stored, 5, 60, at(1))).consumed).toBe(2);
      await keyed.reset(raw);
      expect((await limiter.consume(stored, 5, 60, at(2))).consumed).toBe(1);
    });

    it('counts hits in a fixed window opened by the first one, and refuses beyond the limit', async () => {
      const k = key();
      expect(await limiter.consume(k, 2, 60, T0)).toEqual({
        allowed: true,
        consumed: 1,
        retryAfterSeconds: 60,
      });
      expect(await limiter.consume(k, 2, 60, at(15))).toEqual({
        allowed: true,
        consumed: 2,
        retryAfterSeconds: 45,
      });
      expect(await limiter.consume(k, 2, 60, at(30))).toEqual({
        allowed: false,
        consumed: 3,
        retryAfterSeconds: 30,
      });
    });

    it('opens a new window when the old one is over', async () => {
      const k = key();
      for (let i = 0; i < 3; i++) await limiter.consume(k, 2, 60, T0);
      expect(await limiter.consume(k, 2, 60, at(59.5))).toMatchObject({
        allowed: false,
        retryAfterSeconds: 1,
      });
      expect(await limiter.consume(k, 2, 60, at(60))).toEqual({
        allowed: true,
        consumed: 1,
        retryAfterSeconds: 60,
      });
    });

    it('reset clears a key only', async () => {
      const [a, b] = [key(), key()];
      await limiter.consume(a, 1, 60, T0);
      await limiter.consume(b, 1, 60, T0);
      await limiter.reset(a);
      expect((await limiter.consume(a, 1, 60, T0)).consumed).toBe(1);
      expect((await limiter.consume(b, 1, 60, T0)).consumed).toBe(2);
      await limiter.reset('never-used');
    });

    it('50 parallel hits with limit 10: exactly 10 allowed, every count distinct', async () => {
      const k = key();
      const results = await inParallel(50, () => limiter.consume(k, 10, 60, T0));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(new Set(results.map((r) => r.consumed)).size).toBe(50);
    });
  });
}
