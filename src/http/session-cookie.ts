import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../services/context.js';
import type { IssuedSession } from '../services/sessions.js';
import { SESSION_COOKIE } from './plugins/auth.js';

/** Browsers get the session as an HttpOnly, SameSite=Lax cookie (Secure on https). */
export function setSessionCookie(ctx: ServiceContext, reply: FastifyReply, session: IssuedSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl?.startsWith('https:') ?? false,
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Sets the cookie when a service result carries a session. */
export function withSessionCookie<T extends object>(ctx: ServiceContext, reply: FastifyReply, result: T): T {
  if ('session' in result && result.session) setSessionCookie(ctx, reply, result.session as IssuedSession);
  return result;
}
