import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listGrants, revokeGrant } from '../../services/account/oidc-grants.js';
import type { ServiceContext } from '../../services/context.js';
import { sessionOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { clientParams } from '../schemas/oidc.js';
import { noContent, oidcGrantsSchema } from '../schemas/responses.js';

/** A user's own grants: the applications they let sign them in. */
export function registerOidcGrantRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/oidc/grants',
    { schema: { tags: ['oidc'], response: { 200: oidcGrantsSchema } } },
    async (request) => ({
      grants: await listGrants(ctx, sessionOf(request).user),
    }),
  );
  r.delete(
    '/api/oidc/grants/:clientId',
    { schema: { tags: ['oidc'], params: clientParams, response: { 204: noContent } } },
    async (request, reply) => {
      await revokeGrant(ctx, sessionOf(request).user, request.params.clientId, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
}
