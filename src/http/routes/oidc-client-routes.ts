import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireSystemAdmin } from '../../services/admin/admin-scope.js';
import {
  createClient,
  deleteClient,
  getClient,
  listClients,
  rotateClientSecret,
  toClientView,
  updateClient,
} from '../../services/admin/oidc-clients.js';
import type { ServiceContext } from '../../services/context.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { clientParams, createClientBody, updateClientBody } from '../schemas/oidc.js';
import {
  createdOidcClientSchema,
  noContent,
  oidcClientSchema,
  oidcClientSecretSchema,
  oidcClientsSchema,
} from '../schemas/responses.js';

/** `/api/admin/clients`: applications that sign their users in through Twofold (system admins). */
export function registerOidcClientRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin', 'oidc'];
  const admin = (request: Parameters<typeof principalOf>[0]) => {
    const principal = principalOf(request);
    requireSystemAdmin(principal);
    return { userId: principal.user.id, orgId: principal.user.orgId };
  };

  r.get('/api/admin/clients', { schema: { tags, response: { 200: oidcClientsSchema } } }, async (request) => {
    admin(request);
    return { clients: await listClients(ctx) };
  });

  r.post(
    '/api/admin/clients',
    { schema: { tags, body: createClientBody, response: { 201: createdOidcClientSchema } } },
    async (request, reply) => {
      const actor = admin(request);
      return reply.status(201).send(await createClient(ctx, request.body, actor, requestMeta(request)));
    },
  );

  r.get(
    '/api/admin/clients/:clientId',
    { schema: { tags, params: clientParams, response: { 200: oidcClientSchema } } },
    async (request) => {
      admin(request);
      return toClientView(await getClient(ctx, request.params.clientId));
    },
  );

  r.put(
    '/api/admin/clients/:clientId',
    { schema: { tags, params: clientParams, body: updateClientBody, response: { 200: oidcClientSchema } } },
    async (request) => {
      const actor = admin(request);
      return updateClient(ctx, request.params.clientId, request.body, actor, requestMeta(request));
    },
  );

  r.delete(
    '/api/admin/clients/:clientId',
    { schema: { tags, params: clientParams, response: { 204: noContent } } },
    async (request, reply) => {
      const actor = admin(request);
      await deleteClient(ctx, request.params.clientId, actor, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/admin/clients/:clientId/secret',
    { schema: { tags, params: clientParams, response: { 200: oidcClientSecretSchema } } },
    async (request) => {
      const actor = admin(request);
      return rotateClientSecret(ctx, request.params.clientId, actor, requestMeta(request));
    },
  );
}
