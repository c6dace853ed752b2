import { timingSafeEqual } from 'node:crypto';
import { randomToken } from '../../crypto/random.js';
import type { ServiceContext } from '../context.js';

/** The cookie that marks a browser as known-good for the users who completed a second step in it. */
export const KNOWN_BROWSER_COOKIE = 'twofold_known_browser';
/** How long a browser stays known after its last completed second step, in seconds. */
export const KNOWN_BROWSER_MAX_AGE_SECONDS = 180 * 86_400;
/** Users remembered per browser (a shared computer keeps the most recent ones). */
const MAX_ENTRIES = 5;

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function entries(cookie: string | undefined): string[] {
  if (!cookie || cookie.length > 1000) return [];
  return cookie.split('~').filter((e) => /^[\w-]{1,64}\.\d{1,12}\.[\w-]{43}$/.test(e));
}

/**
 * True when `cookie` holds a mark for `userId` that the server signed (HMAC under a
 * key derived from `TWOFOLD_SECRET_KEY`) within {@link KNOWN_BROWSER_MAX_AGE_SECONDS}.
 * Such a browser completed this user's second step before, so a correct password
 * from it passes the account-wide password backoff (SECURITY.md rule 26). It never
 * skips the second factor.
 */
export function isKnownBrowser(ctx: ServiceContext, cookie: string | undefined, userId: string): boolean {
  const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
  let known = false;
  for (const entry of entries(cookie)) {
    const [nonce, issued, mac] = entry.split('.') as [string, string, string];
    const fresh = nowSeconds - Number(issued) <= KNOWN_BROWSER_MAX_AGE_SECONDS;
    if (sameText(mac, ctx.keyring.macBrowser(`${userId}.${nonce}.${issued}`)) && fresh) known = true;
  }
  return known;
}

/** The cookie's next value after `userId` completed a second step in this browser. */
export function markKnownBrowser(ctx: ServiceContext, cookie: string | undefined, userId: string): string {
  const issued = String(Math.floor(ctx.now().getTime() / 1000));
  const nonce = randomToken(12);
  const mine = `${nonce}.${issued}.${ctx.keyring.macBrowser(`${userId}.${nonce}.${issued}`)}`;
  // Drop this user's older marks; keep the other users' most recent ones.
  const others = entries(cookie).filter((entry) => {
    const [n, i, mac] = entry.split('.') as [string, string, string];
    return !sameText(mac, ctx.keyring.macBrowser(`${userId}.${n}.${i}`));
  });
  return [mine, ...others].slice(0, MAX_ENTRIES).join('~');
}
