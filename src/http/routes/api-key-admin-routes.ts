import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireSystemAdmin } from '../../services/admin/admin-scope.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/admin/api-keys.js';
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  toWebhookView,
} from '../../services/admin/webhooks.js';
import type { ServiceContext } from '../../services/context.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import {
  apiKeysSchema,
  createdApiKeySchema,
  createdWebhookSchema,
  noContent,
  webhookDeliveriesSchema,
  webhooksSchema,
} from '../schemas/responses.js';
import { createApiKeyBody, createWebhookBody, deliveriesQuery, idParams } from '../schemas/verify-api.js';

/**
 * `/api/admin/api-keys` and `/api/admin/webhooks`: the verify API's keys and the
 * webhook endpoints, for system admins only. Keys and webhook secrets are
 * answered once, at creation.
 */
export function registerApiKeyAdminRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  r.post(
    '/api/admin/api-keys',
    { schema: { tags, body: createApiKeyBody, response: { 201: createdApiKeySchema } } },
    async (request, reply) => {
      const admin = requireSystemAdmin(principalOf(request));
      const { apiKey, key } = await createApiKey(
        ctx,
        request.body,
        { kind: 'user', user: admin },
        requestMeta(request),
      );
      // The contract's `{id, name, key}`, plus the organization it is limited to.
      return reply.status(201).send({ id: apiKey.id, name: apiKey.name, orgId: apiKey.orgId, key });
    },
  );

  r.get('/api/admin/api-keys', { schema: { tags, response: { 200: apiKeysSchema } } }, async (request) => {
    requireSystemAdmin(principalOf(request));
    return { apiKeys: await listApiKeys(ctx) };
  });

  r.delete(
    '/api/admin/api-keys/:id',
    { schema: { tags, params: idParams, response: { 204: noContent } } },
    async (request, reply) => {
      const admin = requireSystemAdmin(principalOf(request));
      await revokeApiKey(ctx, request.params.id, { kind: 'user', user: admin }, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/admin/webhooks',
    { schema: { tags, body: createWebhookBody, response: { 201: createdWebhookSchema } } },
    async (request, reply) => {
      const admin = requireSystemAdmin(principalOf(request));
      const { webhook, secret } = await createWebhook(
        ctx,
        request.body,
        { kind: 'user', user: admin },
        requestMeta(request),
      );
      return reply.status(201).send({ ...toWebhookView(webhook), secret });
    },
  );

  r.get('/api/admin/webhooks', { schema: { tags, response: { 200: webhooksSchema } } }, async (request) => {
    requireSystemAdmin(principalOf(request));
    return { webhooks: await listWebhooks(ctx) };
  });

  r.delete(
    '/api/admin/webhooks/:id',
    { schema: { tags, params: idParams, response: { 204: noContent } } },
    async (request, reply) => {
      const admin = requireSystemAdmin(principalOf(request));
      await deleteWebhook(ctx, request.params.id, { kind: 'user', user: admin }, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/admin/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        params: idParams,
        querystring: deliveriesQuery,
        response: { 200: webhookDeliveriesSchema },
      },
    },
    async (request) => {
      requireSystemAdmin(principalOf(request));
      return { deliveries: await listWebhookDeliveries(ctx, request.params.id, request.query.limit) };
    },
  );
}
