import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The `Accept-Language` of the request being served, for messages sent while
 * serving it (a code, a security notice) to a user with no saved language. Set
 * once per request by the HTTP layer; outside a request (CLI, workers) it is null.
 */
const storage = new AsyncLocalStorage<{ acceptLanguage: string | null }>();

/** Runs `fn` (the rest of the request) with this request's Accept-Language. */
export function runWithAcceptLanguage<T>(acceptLanguage: string | null, fn: () => T): T {
  return storage.run({ acceptLanguage }, fn);
}

/** The Accept-Language of the request being served, or null outside one. */
export function currentAcceptLanguage(): string | null {
  return storage.getStore()?.acceptLanguage ?? null;
}
