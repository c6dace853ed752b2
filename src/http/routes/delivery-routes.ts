import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import {
  getProviderSettings,
  resetProviderSettings,
  updateEmailSettings,
  updateSmsSettings,
} from '../../services/admin/provider-settings.js';
import { testDeliveryProvider } from '../../services/admin/test-delivery-provider.js';
import type { ServiceContext } from '../../services/context.js';
import { isOwnHost } from '../origin.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import {
  emailProviderBody,
  providerChannelParams,
  providerTestBody,
  smsProviderBody,
} from '../schemas/otp.js';
import { outboxSchema, providerSettingsSchema, providerTestSchema } from '../schemas/responses.js';

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

  // The console's "Mail & SMS" page: read, change, revert (system admin; changes need a recent check).
  r.get(
    '/api/admin/providers',
    { schema: { tags: ['admin'], response: { 200: providerSettingsSchema } } },
    async (request) => getProviderSettings(ctx, principalOf(request)),
  );
  r.put(
    '/api/admin/providers/email',
    { schema: { tags: ['admin'], body: emailProviderBody, response: { 200: providerSettingsSchema } } },
    async (request) => updateEmailSettings(ctx, principalOf(request), request.body, requestMeta(request)),
  );
  r.put(
    '/api/admin/providers/sms',
    { schema: { tags: ['admin'], body: smsProviderBody, response: { 200: providerSettingsSchema } } },
    async (request) => updateSmsSettings(ctx, principalOf(request), request.body, requestMeta(request)),
  );
  r.delete(
    '/api/admin/providers/:channel',
    {
      schema: { tags: ['admin'], params: providerChannelParams, response: { 200: providerSettingsSchema } },
    },
    async (request) =>
      resetProviderSettings(ctx, principalOf(request), request.params.channel, requestMeta(request)),
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
