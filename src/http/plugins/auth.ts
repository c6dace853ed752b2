import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../../crypto/random.js';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import type { Principal } from '../../services/principal.js';
import { authenticateSession } from '../../services/sessions.js';

export const SESSION_COOKIE = 'twofold_session';

/**
 * Who may call a route. Every route needs a session unless its definition says
 * otherwise (deny by default; a URL-prefix exemption is how leaks happen).
 * - `public`: anyone;
 * - `session`: a signed-in session (an mfaToken gets 401);
 * - `enrollment`: a session, or the mfaToken of a login that answered `mfa_enrollment_required`.
 */
export type RouteAuth = 'public' | 'session' | 'enrollment';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** The origin a browser on our own pages sends: PUBLIC_URL's, or this request's host. */
function expectedOrigin(ctx: ServiceContext, request: FastifyRequest): string {
  if (ctx.config.publicUrl) return new URL(ctx.config.publicUrl).origin;
  return `${request.protocol}://${request.host}`;
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
  if (!origin || origin !== expectedOrigin(ctx, request)) {
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
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    route.config = {
      ...(route.config as object),
      auth: (route.config as { auth?: RouteAuth } | undefined)?.auth ?? 'session',
    };
  });
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = request.routeOptions.config.auth ?? 'session';
    if (auth === 'public') return;

    const bearer = bearerToken(request);
    const cookie = request.cookies?.[SESSION_COOKIE];
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
      const pending = await ctx.stores.mfaTokens.findActiveWithUser(hashToken(bearer), ctx.now());
      if (pending?.mfaToken.purpose === 'enroll') {
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
