import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type Provider from 'oidc-provider';
import { AppError } from '../../errors.js';
import { passkeyVerifyBody } from '../../factors/webauthn/schemas.js';
import { errorPage } from '../../oidc/pages.js';
import type { ServiceContext } from '../../services/context.js';
import {
  answerConsent,
  completeInteraction,
  describeInteraction,
  interactionPasskeyStep,
  interactionPasswordStep,
  type RawExchange,
  routeInteraction,
} from '../../services/sign-in/oidc-interactions.js';
import { assertSameOrigin } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { consentBody, interactionLoginBody, interactionParams } from '../schemas/oidc.js';
import { loginResultSchema } from '../schemas/responses.js';
import { markBrowserKnown, withSessionCookie } from '../session-cookie.js';

function exchangeOf(request: FastifyRequest, reply: FastifyReply): RawExchange {
  return { req: request.raw, res: reply.raw };
}

/**
 * Twofold's side of a pending authorization request (`/interaction/:uid/…`, the
 * path the provider's interaction cookie is scoped to): where the browser lands,
 * the password step, completion after the second step, and consent. Public
 * routes: the interaction cookie names the request; POSTs must be same-origin.
 */
export function registerOidcInteractionRoutes(
  app: FastifyInstance,
  ctx: ServiceContext,
  provider: Provider,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { auth: 'public' as const };
  const schema = { tags: ['oidc'], params: interactionParams };

  r.get('/interaction/:uid', { config, schema: { ...schema, hide: true } }, async (request, reply) => {
    try {
      const location = await routeInteraction(
        ctx,
        provider,
        exchangeOf(request, reply),
        request.params.uid,
        requestMeta(request),
      );
      return reply.redirect(location, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return reply
        .status(error.status)
        .type('text/html; charset=utf-8')
        .send(errorPage({ error: 'invalid_request', error_description: error.message }));
    }
  });

  r.get('/interaction/:uid/details', { config, schema }, async (request, reply) =>
    describeInteraction(ctx, provider, exchangeOf(request, reply), request.params.uid),
  );

  r.post(
    '/interaction/:uid/login',
    { config, schema: { ...schema, body: interactionLoginBody } },
    async (request, reply) => {
      assertSameOrigin(ctx, request);
      const result = await interactionPasswordStep(
        ctx,
        provider,
        exchangeOf(request, reply),
        request.params.uid,
        request.body,
        requestMeta(request),
      );
      return withSessionCookie(ctx, reply, result);
    },
  );

  r.post(
    '/interaction/:uid/passkey',
    { config, schema: { ...schema, body: passkeyVerifyBody, response: { 200: loginResultSchema } } },
    async (request, reply) => {
      assertSameOrigin(ctx, request);
      const result = await interactionPasskeyStep(
        ctx,
        provider,
        exchangeOf(request, reply),
        request.params.uid,
        request.body,
        requestMeta(request),
      );
      markBrowserKnown(ctx, reply, result.user.id);
      return withSessionCookie(ctx, reply, result);
    },
  );

  r.post('/interaction/:uid/complete', { config, schema }, async (request, reply) => {
    assertSameOrigin(ctx, request);
    return completeInteraction(
      ctx,
      provider,
      exchangeOf(request, reply),
      request.params.uid,
      requestMeta(request),
    );
  });

  r.post(
    '/interaction/:uid/consent',
    { config, schema: { ...schema, body: consentBody } },
    async (request, reply) => {
      assertSameOrigin(ctx, request);
      return answerConsent(
        ctx,
        provider,
        exchangeOf(request, reply),
        request.params.uid,
        request.body.approve,
        requestMeta(request),
      );
    },
  );
}
