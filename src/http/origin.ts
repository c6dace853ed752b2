import type { AppConfig } from '../config/config.js';

/** Hosts that only this machine can reach (`URL.hostname` spelling: IPv6 in brackets). */
const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * True when `origin` is exactly an http(s) origin on a loopback host, any port.
 * @example isLoopbackOrigin('http://localhost:5173') // true
 * @example isLoopbackOrigin('http://127.0.0.1.evil.example') // false
 */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    // Only a bare origin: no path, credentials or trailing junk.
    if (url.origin !== origin) return false;
    return isLoopbackHostname(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Whether a browser page at `origin` is one of ours: PUBLIC_URL's origin exactly, or,
 * with PUBLIC_URL unset, a loopback origin (the development default binds 127.0.0.1).
 * Never "whatever Host the request names": under DNS rebinding an attacker's name
 * resolves to 127.0.0.1 and the browser sends that name as both Host and Origin.
 */
export function isOwnOrigin(config: Pick<AppConfig, 'publicUrl'>, origin: string): boolean {
  if (config.publicUrl) return origin === new URL(config.publicUrl).origin;
  return isLoopbackOrigin(origin);
}

/**
 * Whether a request's `Host` header names this server: a loopback host (any port), or
 * PUBLIC_URL's host. Guards what a DNS-rebinding page could otherwise read with a plain
 * GET (the dev outbox).
 */
export function isOwnHost(config: Pick<AppConfig, 'publicUrl'>, host: string | undefined): boolean {
  if (!host) return false;
  let hostname: string;
  try {
    const url = new URL(`http://${host}`);
    if (url.host !== host.toLowerCase()) return false;
    hostname = url.hostname;
  } catch {
    return false;
  }
  if (config.publicUrl && new URL(config.publicUrl).host === host.toLowerCase()) return true;
  return isLoopbackHostname(hostname);
}
