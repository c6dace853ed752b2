import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import { getPublicConfig } from '../../services/public-config.js';
import { checkReadiness } from '../../services/readiness.js';
import { metricsAuthorized } from '../metrics-endpoint.js';
import { acceptLanguageOf } from '../request-meta.js';
import { publicConfigSchema } from '../schemas/responses.js';

/** Health, readiness, metrics, the OpenAPI document and what the UI needs before sign-in. */
export function registerOpsRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const open = { config: { auth: 'public' as const }, schema: { hide: true } };

  app.get('/healthz', open, async () => ({ status: 'ok' }));

  // Ready when every store this instance needs answers (see checkReadiness).
  app.get('/readyz', open, async (_request, reply) => {
    const readiness = await checkReadiness(ctx);
    if (readiness.ready) return { status: 'ready' };
    const message =
      readiness.store === 'database' ? 'The database does not answer.' : 'Redis does not answer.';
    return reply.status(503).send({ error: { code: 'unavailable', message } });
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

  app.get(
    '/api/public-config',
    { config: { auth: 'public' }, schema: { tags: ['meta'], response: { 200: publicConfigSchema } } },
    async (request) => getPublicConfig(ctx, acceptLanguageOf(request)),
  );
}
