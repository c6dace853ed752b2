/**
 * A backing store (database or Redis) could not answer. The HTTP layer answers
 * `503 unavailable`: a check that cannot be made is refused, never skipped.
 * @example throw new StoreUnavailableError('redis', { cause: error })
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
  readonly store: 'database' | 'redis';

  constructor(store: 'database' | 'redis', options: { cause?: unknown } = {}) {
    super(`${store} is unavailable`, { cause: options.cause });
    this.store = store;
  }
}
