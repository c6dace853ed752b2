import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { testDeliveryProvider } from '../../services/test-delivery-provider.js';
import { isOwnHost } from '../origin.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { providerTestBody } from '../schemas/otp.js';
import { outboxSchema, providerTestSchema } from '../schemas/responses.js';

/**
 * The administrator's provider check and, outside production only, the dev
 * outbox: what the log provider "sent", for the web UI and tests.
 */
export function registerDeliveryRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/admin/providers/test',
    { schema: { tags: ['admin'], body: providerTestBody, response: { 200: providerTestSchema } } },
    async (request) => testDeliveryProvider(ctx, principalOf(request), request.body, requestMeta(request)),
  );

  const outbox = ctx.delivery.outbox;
  // Never registered in production: there the route does not exist at all.
  if (outbox && !ctx.config.production) {
    r.get(
      '/api/dev/outbox',
      { config: { auth: 'public' }, schema: { tags: ['dev'], response: { 200: outboxSchema } } },
      async (request) => {
        // A page on another name rebound to 127.0.0.1 (DNS rebinding) must not read the codes.
        if (!isOwnHost(ctx.config, request.headers.host)) throw new AppError('forbidden');
        return { messages: outbox.list() };
      },
    );
  }
}
