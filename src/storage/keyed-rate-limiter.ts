import type { RateLimiter, RateLimitResult } from './types.js';

/**
 * Wraps a {@link RateLimiter} so that no key is stored in clear: `login:pair:ann@example.com|…`
 * becomes `login:<keyed hash>` (the first segment stays readable for operators). Emails and
 * IPs that were tried never sit in the `rate_limits` table or in Redis (issue 10, hygiene).
 * @example new KeyedRateLimiter(stores.rateLimiter, (v) => keyring.hashIdentifier(v))
 */
export class KeyedRateLimiter implements RateLimiter {
  constructor(
    private readonly inner: RateLimiter,
    private readonly hash: (value: string) => string,
  ) {}

  /** The key as stored. */
  storedKey(key: string): string {
    const colon = key.indexOf(':');
    const namespace = colon > 0 ? key.slice(0, colon) : 'key';
    return `${namespace}:${this.hash(key)}`;
  }

  consume(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateLimitResult> {
    return this.inner.consume(this.storedKey(key), limit, windowSeconds, now);
  }

  reset(key: string): Promise<void> {
    return this.inner.reset(this.storedKey(key));
  }
}
