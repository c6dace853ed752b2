import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { isMethodDeliverable } from '../../services/effective-policy.js';
import { metricsAuthorized } from '../metrics-endpoint.js';

/** Health, readiness, metrics, the OpenAPI document and what the UI needs before sign-in. */
export function registerOpsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const open = { config: { auth: 'public' as const }, schema: { hide: true } };

  app.get('/healthz', open, async () => ({ status: 'ok' }));

  // Ready when every store this instance needs answers: a load balancer stops sending
  // sign-ins to an instance that could only refuse them with 503.
  app.get('/readyz', open, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.stores.database.db);
    } catch (error) {
      ctx.log.warn({ err: error }, 'readiness check failed: database');
      return reply
        .status(503)
        .send({ error: { code: 'unavailable', message: 'The database does not answer.' } });
    }
    if (ctx.stores.redis) {
      try {
        await ctx.stores.redis.ping();
      } catch (error) {
        ctx.log.warn({ err: error }, 'readiness check failed: redis');
        return reply.status(503).send({ error: { code: 'unavailable', message: 'Redis does not answer.' } });
      }
    }
    return { status: 'ready' };
  });

  // With METRICS_PORT, metrics live on their own listener (serve.ts), not here.
  if (ctx.config.metricsPort === undefined) {
    app.get('/metrics', open, async (request, reply) => {
      if (!metricsAuthorized(ctx, request.headers)) {
        reply.header('www-authenticate', 'Bearer');
        throw new AppError('unauthenticated');
      }
      reply.type(ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    });
  }

  app.get('/api/openapi.json', open, async () => app.swagger());

  app.get('/api/public-config', { config: { auth: 'public' }, schema: { tags: ['meta'] } }, async () => {
    const policy = await ctx.stores.settings.getPolicy();
    return {
      productName: 'Twofold',
      signupEnabled: ctx.config.signupEnabled,
      methods: {
        totp: policy.methods.totp.enabled,
        email: policy.methods.email.enabled && isMethodDeliverable(ctx, 'email'),
        sms: policy.methods.sms.enabled && isMethodDeliverable(ctx, 'sms'),
        backupCodes: policy.methods.backupCodes.enabled,
      },
      devOutbox: !ctx.config.production,
    };
  });
}
