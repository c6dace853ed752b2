import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { API_KEY_PREFIX, authenticateApiKey } from '../../services/admin/api-keys.js';
import type { ServiceContext } from '../../services/context.js';
import type { Principal } from '../../services/principal.js';
import { authenticateSession } from '../../services/sign-in/sessions.js';
import { findMfaToken } from '../../services/sign-in/verify-second-factor.js';
import type { ApiKey } from '../../storage/types.js';
import { isOwnOrigin } from '../origin.js';
import { sessionCookieName } from '../session-cookie.js';

/**
 * Who may call a route. Every route needs a session unless its definition says
 * otherwise (deny by default; a URL-prefix exemption is how leaks happen).
 * - `public`: anyone;
 * - `session`: a signed-in session (an mfaToken gets 401);
 * - `enrollment`: a session, or the mfaToken of a login that answered `mfa_enrollment_required`;
 * - `api_key`: a verify API key in `Authorization: Bearer`, and nothing else. Only
 *   `/api/v1/*` routes are `api_key`, and they all are (checked as routes register):
 *   a key never opens a user or admin route, a session never opens the verify API
 *   (SECURITY.md rule 31).
 */
export type RouteAuth = 'public' | 'session' | 'enrollment' | 'api_key';

/** The prefix of the verify API's routes, the only ones an API key opens. */
export const VERIFY_API_PREFIX = '/api/v1/';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The verify API key of an `api_key` route. */
    apiKey: ApiKey | null;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * CSRF protection for cookie sessions: a state-changing request must come from our
 * own origin (Origin header, else Referer). Bearer-token requests carry no ambient
 * authority and need no check.
 */
export function assertSameOrigin(ctx: ServiceContext, request: FastifyRequest): void {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
  const origin =
    request.headers.origin ?? (request.headers.referer ? safeOrigin(request.headers.referer) : null);
  if (!origin || !isOwnOrigin(ctx.config, origin)) {
    throw new AppError('forbidden', { message: 'Cross-site request refused (CSRF protection).' });
  }
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function registerAuth(app: FastifyInstance, ctx: ServiceContext): void {
  const cookieName = sessionCookieName(ctx.config);
  app.decorateRequest('principal', null);
  app.decorateRequest('apiKey', null);
  app.addHook('onRoute', (route) => {
    const auth = (route.config as { auth?: RouteAuth } | undefined)?.auth ?? 'session';
    // The verify API and the key gate coincide exactly, so no route can slip between them.
    if ((auth === 'api_key') !== route.url.startsWith(VERIFY_API_PREFIX)) {
      throw new Error(`${route.url}: /api/v1 routes, and only they, must declare auth 'api_key'`);
    }
    route.config = { ...(route.config as object), auth };
  });
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = request.routeOptions.config.auth ?? 'session';
    // Public routes, and routes that do not exist (the not-found handler answers 404).
    if (auth === 'public' || request.is404) return;

    const bearer = bearerToken(request);
    if (auth === 'api_key') {
      // The header only: a browser's cookie session carries no key, and a session token is no key.
      const key = bearer ? await authenticateApiKey(ctx, bearer) : null;
      if (!key) throw new AppError('unauthenticated', { message: 'A valid API key is required.' });
      request.apiKey = key;
      return;
    }
    // An API key never opens a user or admin route, whatever it would match.
    if (bearer?.startsWith(API_KEY_PREFIX)) throw new AppError('unauthenticated');
    const cookie = request.cookies?.[cookieName];
    const token = bearer ?? cookie ?? null;
    if (!token) throw new AppError('unauthenticated');

    const found = await authenticateSession(ctx, token);
    if (found) {
      if (!bearer) assertSameOrigin(ctx, request);
      request.principal = { kind: 'session', user: found.user, session: found.session };
      return;
    }
    // An mfaToken opens only enrollment routes, and only for a login that must enroll.
    if (auth === 'enrollment' && bearer) {
      const pending = await findMfaToken(ctx, bearer, 'enroll');
      if (pending) {
        request.principal = { kind: 'enrollment', user: pending.user, mfaToken: pending.mfaToken };
        return;
      }
    }
    throw new AppError('unauthenticated');
  });
}

/** The principal of a route that required one (the gate guarantees it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated');
  return request.principal;
}

/** The session principal of a `session` route. */
export function sessionOf(request: FastifyRequest) {
  const principal = principalOf(request);
  if (principal.kind !== 'session') throw new AppError('unauthenticated');
  return principal;
}
