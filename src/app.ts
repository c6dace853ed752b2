import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AppConfig } from './config/config.js';
import type { Keyring } from './crypto/keyring.js';
import { createDelivery, warnIfUndeliverable } from './delivery/create-delivery.js';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.js';
import { FACTOR_MODULES, factorVerifiers } from './factors/index.js';
import { registerAuth } from './http/plugins/auth.js';
import { frameworkErrorOptions, registerErrorHandling } from './http/plugins/errors.js';
import { createResponseSerializerCompiler } from './http/plugins/response-serializer.js';
import { registerSecurityHeaders } from './http/plugins/security-headers.js';
import { registerAccountRoutes } from './http/routes/account-routes.js';
import { registerAdminRoutes } from './http/routes/admin-routes.js';
import { registerApiKeyAdminRoutes } from './http/routes/api-key-admin-routes.js';
import { registerAuthRoutes } from './http/routes/auth-routes.js';
import { registerDeliveryRoutes } from './http/routes/delivery-routes.js';
import { registerMfaRoutes } from './http/routes/mfa-routes.js';
import { registerOidcClientRoutes } from './http/routes/oidc-client-routes.js';
import { registerOidcGrantRoutes } from './http/routes/oidc-grant-routes.js';
import { registerOpsRoutes } from './http/routes/ops-routes.js';
import { registerOrgProfileRoutes } from './http/routes/org-profile-routes.js';
import { registerOtpRoutes } from './http/routes/otp-routes.js';
import { registerTemplateAdminRoutes } from './http/routes/template-admin-routes.js';
import { findWebRoot, registerUiRoutes } from './http/routes/ui-routes.js';
import { registerVerifyApiRoutes } from './http/routes/verify-api-routes.js';
import { errorSchema } from './http/schemas/responses.js';
import { sessionCookieName } from './http/session-cookie.js';
import { createMetrics } from './metrics.js';
import { createProviderLoader } from './services/admin/provider-settings.js';
import type { ServiceContext } from './services/context.js';
import { MailNotifier, type SecurityNotifier } from './services/notifications.js';
import type { Stores } from './storage/stores.js';

/**
 * `TRUST_PROXY` as fastify takes it. A hop count becomes a function trusting the
 * `hops` nearest peers (fastify 5 treats a bare number as "trust nobody"): the
 * address `hops` steps from the socket is the client. Addresses/CIDRs are better:
 * they also check who the nearest peer is (SECURITY.md rule 26).
 */
export function fastifyTrustProxy(
  value: AppConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return value > 0 ? (_address, hop) => hop < value : false;
  return value;
}

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
  /** Run the webhook delivery worker (default true; tests that drive it by hand pass false). */
  webhookWorker?: boolean;
}

/**
 * Wires the HTTP server. Nothing runs at import time; every dependency comes in
 * through `deps`, and every route is registered here, explicitly.
 */
export async function createApp(deps: AppDeps): Promise<{
  app: FastifyInstance;
  ctx: ServiceContext;
  webhooks: WebhookDispatcher;
  /** Shutdown has begun: every response from now on closes its connection (see serve.ts). */
  startDraining: () => void;
}> {
  const now = deps.now ?? (() => new Date());
  const metrics = createMetrics();
  const delivery = createDelivery(deps.config, {
    log: deps.logger,
    metrics,
    now,
    // The console's mail and SMS settings, where the environment is silent (issue 16 item 9).
    loadConsoleSettings: createProviderLoader(deps),
  });
  await delivery.reload();
  warnIfUndeliverable(delivery, deps.config, deps.logger);
  const ctx: ServiceContext = {
    config: deps.config,
    stores: deps.stores,
    keyring: deps.keyring,
    now,
    metrics,
    log: deps.logger,
    delivery,
    notifier:
      deps.notifier ??
      new MailNotifier({ delivery, log: deps.logger, now, stores: deps.stores, config: deps.config }),
    verifiers: factorVerifiers(),
  };

  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    trustProxy: fastifyTrustProxy(deps.config.trustProxy),
    requestIdHeader: false,
    // Long path parameters (an application's externalId) reach validation and get a 400 naming the field, not a 404.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    ...frameworkErrorOptions,
    // Closing: a request arriving on a kept-alive connection gets 503 with
    // Connection: close, idle kept-alive connections are closed, in-flight ones finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  let draining = false;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializerCompiler(app.log));
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
          cookie: { type: 'apiKey', in: 'cookie', name: sessionCookieName(deps.config) },
          apiKey: { type: 'http', scheme: 'bearer', description: 'A verify API key (tfk_…), /api/v1 only.' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas with a `.meta({ id })` (the error shape) become `components.schemas` entries.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifyCookie);
  // Before the gate, so that its refusals carry the headers too.
  await registerSecurityHeaders(app, deps.config);
  // The OpenID Connect provider answers /oidc/* itself, ahead of the session gate. Loaded only
  // when enabled (oidc-provider warns about Node 20 as it loads).
  const oidc = deps.config.oidcEnabled
    ? await Promise.all([import('./oidc/mount.js'), import('./http/routes/oidc-routes.js')])
    : null;
  const oidcProvider = oidc ? await oidc[0].mountOidcProvider(app, ctx) : null;
  registerAuth(app, ctx);
  // Every documented route also documents its errors: the one error shape, for 4xx and 5xx.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { response?: Record<string, unknown>; hide?: boolean } | undefined;
    if (!schema?.response || schema.hide) return;
    schema.response = { ...schema.response, '4xx': errorSchema, '5xx': errorSchema };
  });

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
    // Draining before shutdown: the client opens a new connection (to another instance) next time.
    if (draining) reply.header('Connection', 'close');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  registerOpsRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerMfaRoutes(app, ctx);
  // Each factor type's own routes (setup, confirm, passkey sign-in…), from its module.
  for (const factor of FACTOR_MODULES) factor.registerRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerOrgProfileRoutes(app, ctx);
  registerAccountRoutes(app, ctx);
  registerOtpRoutes(app, ctx);
  registerDeliveryRoutes(app, ctx);
  registerApiKeyAdminRoutes(app, ctx);
  registerTemplateAdminRoutes(app, ctx);
  registerVerifyApiRoutes(app, ctx);
  registerOidcClientRoutes(app, ctx);
  registerOidcGrantRoutes(app, ctx);
  if (oidc && oidcProvider) oidc[1].registerOidcInteractionRoutes(app, ctx, oidcProvider);
  await registerUiRoutes(app, deps.webRoot === undefined ? findWebRoot() : deps.webRoot);

  // The webhook outbox is sent by every instance; leases keep them from sending one attempt twice.
  const webhooks = new WebhookDispatcher(ctx);
  app.addHook('onClose', async () => {
    await webhooks.stop();
  });
  await app.ready();
  if (deps.webhookWorker !== false) webhooks.start();
  return {
    app,
    ctx,
    webhooks,
    startDraining: () => {
      draining = true;
    },
  };
}
