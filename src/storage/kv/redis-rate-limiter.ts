import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../store-unavailable-error.js';
import type { RateLimiter, RateLimitResult } from '../types.js';

/**
 * The same fixed window as the SQL limiter, in one Lua script so that counting and
 * reading back are one atomic step on the Redis server: the window opens at the
 * first hit, and a hit at or after `reset_at` opens a new one. Time comes from the
 * caller's clock (ARGV[1]), like every other rule of the server; the key's TTL
 * only collects the garbage once the window is over.
 */
const CONSUME_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'points', 'reset_at')
local points = tonumber(state[1])
local resetAt = tonumber(state[2])
if points == nil or resetAt == nil or resetAt <= now then
  points = 1
  resetAt = now + window
else
  points = points + 1
end
redis.call('HSET', KEYS[1], 'points', points, 'reset_at', string.format('%d', resetAt))
redis.call('PEXPIRE', KEYS[1], math.max(1, resetAt - now))
return {points, resetAt}
`;

type ConsumeCommand = (key: string, nowMs: number, windowMs: number) => Promise<[number, number]>;

/**
 * Rate limits in Redis, shared by every instance. Fails closed: when Redis does
 * not answer, `consume` throws {@link StoreUnavailableError} (the request gets
 * `503 unavailable`); it never lets a request through unchecked.
 * @example const limiter = new RedisRateLimiter(createRedisClient(config, log))
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #consume: ConsumeCommand;

  constructor(private readonly redis: Redis) {
    // defineCommand runs EVALSHA and falls back to EVAL after a Redis restart (NOSCRIPT).
    redis.defineCommand('twofoldRateLimitConsume', { numberOfKeys: 1, lua: CONSUME_SCRIPT });
    const command = (redis as unknown as Record<string, ConsumeCommand>).twofoldRateLimitConsume!;
    this.#consume = command.bind(redis);
  }

  async consume(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateLimitResult> {
    const t = now.getTime();
    let reply: [number, number];
    try {
      reply = await this.#consume(`rl:${key}`, t, windowSeconds * 1000);
    } catch (error) {
      throw new StoreUnavailableError('redis', { cause: error });
    }
    const [points, resetAt] = reply.map(Number) as [number, number];
    return {
      allowed: points <= limit,
      consumed: points,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - t) / 1000)),
    };
  }

  async reset(key: string): Promise<void> {
    try {
      await this.redis.del(`rl:${key}`);
    } catch (error) {
      throw new StoreUnavailableError('redis', { cause: error });
    }
  }
}
