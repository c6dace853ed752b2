import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/config.js';
import type { ServiceContext } from '../services/context.js';
import {
  KNOWN_BROWSER_COOKIE,
  KNOWN_BROWSER_MAX_AGE_SECONDS,
  markKnownBrowser,
} from '../services/sign-in/known-browser.js';
import type { DeviceCookie } from '../services/sign-in/remembered-browsers.js';
import type { IssuedSession } from '../services/sign-in/sessions.js';
import { isHttps } from './plugins/security-headers.js';

/** The session cookie over plain http (development, loopback). */
export const SESSION_COOKIE = 'twofold_session';

/**
 * The session cookie over https. The `__Host-` prefix makes the browser refuse it unless
 * it is `Secure`, has `Path=/` and no `Domain`, so a sibling subdomain cannot plant or
 * shadow it (RFC 6265bis §4.1.3.2).
 */
export const HOST_SESSION_COOKIE = '__Host-twofold_session';

/** The session cookie's name for this deployment: `__Host-` prefixed when PUBLIC_URL is https. */
export function sessionCookieName(config: Pick<AppConfig, 'publicUrl'>): string {
  return isHttps(config) ? HOST_SESSION_COOKIE : SESSION_COOKIE;
}

/** Browsers get the session as an HttpOnly, SameSite=Lax cookie (`Secure` and `__Host-` on https). */
export function setSessionCookie(ctx: ServiceContext, reply: FastifyReply, session: IssuedSession): void {
  reply.setCookie(sessionCookieName(ctx.config), session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(ctx.config),
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(ctx: ServiceContext, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(ctx.config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(ctx.config),
  });
}

/** Sets the cookie when a service result carries a session. */
export function withSessionCookie<T extends object>(ctx: ServiceContext, reply: FastifyReply, result: T): T {
  if ('session' in result && result.session) setSessionCookie(ctx, reply, result.session as IssuedSession);
  return result;
}

/**
 * After a completed second step: marks this browser as known-good for `userId`
 * (a signed, HttpOnly cookie), so a correct password from it passes the
 * account-wide password backoff later (SECURITY.md rule 26).
 */
export function markBrowserKnown(ctx: ServiceContext, reply: FastifyReply, userId: string): void {
  const value = markKnownBrowser(ctx, reply.request.cookies?.[KNOWN_BROWSER_COOKIE], userId);
  reply.setCookie(KNOWN_BROWSER_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl?.startsWith('https:') ?? false,
    path: '/api/auth',
    maxAge: KNOWN_BROWSER_MAX_AGE_SECONDS,
  });
}

/** The remembered-browser cookie: `<series id>.<token>`, rotated on every use (SECURITY.md rule 30). */
export const DEVICE_COOKIE = 'twofold_device';

/**
 * Sets the remembered-browser cookie when a service result carries one, and takes
 * it out of the result (it never goes out in a body).
 */
export function withDeviceCookie<T extends object>(ctx: ServiceContext, reply: FastifyReply, result: T): T {
  if (!('deviceCookie' in result)) return result;
  const { deviceCookie, ...rest } = result as T & { deviceCookie?: DeviceCookie };
  if (deviceCookie) {
    reply.setCookie(DEVICE_COOKIE, deviceCookie.value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.publicUrl?.startsWith('https:') ?? false,
      path: '/',
      expires: deviceCookie.expiresAt,
    });
  }
  return rest as T;
}
