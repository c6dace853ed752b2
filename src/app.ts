import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import type { Keyring } from './crypto/keyring.js';
import { createDelivery } from './delivery/create-delivery.js';
import { registerAuth } from './http/plugins/auth.js';
import { registerErrorHandling } from './http/plugins/errors.js';
import { registerAdminRoutes } from './http/routes/admin-routes.js';
import { registerAuthRoutes } from './http/routes/auth-routes.js';
import { registerDeliveryRoutes } from './http/routes/delivery-routes.js';
import { registerMfaRoutes } from './http/routes/mfa-routes.js';
import { registerOidcClientRoutes } from './http/routes/oidc-client-routes.js';
import { registerOidcGrantRoutes } from './http/routes/oidc-grant-routes.js';
import { registerOpsRoutes } from './http/routes/ops-routes.js';
import { registerOtpRoutes } from './http/routes/otp-routes.js';
import { findWebRoot, registerUiRoutes } from './http/routes/ui-routes.js';
import { createMetrics } from './metrics.js';
import type { ServiceContext } from './services/context.js';
import { MailNotifier, type SecurityNotifier } from './services/notifications.js';
import { verifyEmailChallenge, verifySMSChallenge } from './services/otp-codes.js';
import { verifyBackupCode, verifyTOTPFactor } from './services/second-factor-verifiers.js';
import type { Stores } from './storage/stores.js';

export interface AppDeps {
  config: Readonly<AppConfig>;
  stores: Stores;
  keyring: Keyring;
  logger: Logger;
  /** The clock; tests pass one they can move. */
  now?: () => Date;
  notifier?: SecurityNotifier;
  /** Folder of the built web UI; found automatically when omitted, `null` to serve none. */
  webRoot?: string | null;
}

/**
 * Wires the HTTP server. Nothing runs at import time; every dependency comes in
 * through `deps`, and every route is registered here, explicitly.
 */
export async function createApp(deps: AppDeps): Promise<{ app: FastifyInstance; ctx: ServiceContext }> {
  const now = deps.now ?? (() => new Date());
  const metrics = createMetrics();
  const delivery = createDelivery(deps.config, { log: deps.logger, metrics, now });
  const ctx: ServiceContext = {
    config: deps.config,
    stores: deps.stores,
    keyring: deps.keyring,
    now,
    metrics,
    log: deps.logger,
    delivery,
    notifier: deps.notifier ?? new MailNotifier({ delivery, log: deps.logger, now }),
    verifiers: {
      totp: verifyTOTPFactor,
      backup_code: verifyBackupCode,
      email: verifyEmailChallenge,
      sms: verifySMSChallenge,
    },
  };

  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    trustProxy: deps.config.trustProxy,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Twofold',
        version: '0.1.0',
        description: 'Self-hosted two-factor authentication server.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'twofold_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyCookie);
  // The OpenID Connect provider answers /oidc/* itself, ahead of the session gate. Loaded only
  // when enabled (oidc-provider warns about Node 20 as it loads).
  const oidc = deps.config.oidcEnabled
    ? await Promise.all([import('./oidc/mount.js'), import('./http/routes/oidc-routes.js')])
    : null;
  const oidcProvider = oidc ? await oidc[0].mountOidcProvider(app, ctx) : null;
  registerAuth(app, ctx);

  app.addHook('onResponse', async (request, reply) => {
    ctx.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  registerOpsRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerMfaRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerOtpRoutes(app, ctx);
  registerDeliveryRoutes(app, ctx);
  registerOidcClientRoutes(app, ctx);
  registerOidcGrantRoutes(app, ctx);
  if (oidc && oidcProvider) oidc[1].registerOidcInteractionRoutes(app, ctx, oidcProvider);
  await registerUiRoutes(app, deps.webRoot === undefined ? findWebRoot() : deps.webRoot);

  await app.ready();
  return { app, ctx };
}
