import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.js';
import { openStores } from './bootstrap.js';
import { type AppConfig, loadConfig } from './config/config.js';
import { relyingPartyUnavailableReason } from './factors/webauthn/relying-party.js';
import { startMetricsServer } from './http/metrics-endpoint.js';
import { createLogger } from './logger.js';
import { applyMemoryDefaults, collectOnceAtStart } from './runtime/memory.js';
import { ensureFirstAdmin } from './services/admin/admin-users.js';
import type { ServiceContext } from './services/context.js';
import { startSweeper } from './services/sweep.js';

/**
 * True when the dev outbox (every code and notice, readable without signing in)
 * would be reachable from other machines: not production, bound beyond loopback.
 */
export function devOutboxExposed(config: Pick<AppConfig, 'production' | 'host'>): boolean {
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.host) || config.host.startsWith('127.');
  return !config.production && !loopback;
}

/** What an operator should hear at start about this configuration, one line each. */
export function startupWarnings(config: Pick<AppConfig, 'production' | 'host' | 'publicUrl'>): string[] {
  const warnings: string[] = [];
  if (!config.publicUrl) {
    warnings.push(
      'PUBLIC_URL is not set: browser sessions are accepted only from loopback origins (localhost, 127.0.0.1, [::1]), whatever Host a request names. Set PUBLIC_URL to the address browsers use.',
    );
    if (config.production)
      warnings.push(
        'PUBLIC_URL is not set: password-reset links cannot be built, so none are sent. Set PUBLIC_URL.',
      );
  }
  if (devOutboxExposed(config)) {
    warnings.push(
      'NODE_ENV is not production and HOST is not loopback: the dev outbox at /api/dev/outbox shows every code to anyone who can reach this port. Set NODE_ENV=production.',
    );
  }
  return warnings;
}

/** The longest a drain before closing may take: clients active on kept-alive connections see Connection: close. */
const MAX_DRAIN_MS = 1_000;
/** After the deadline: how long cancelled work may take to answer before connections are cut. */
const CUTOFF_GRACE_MS = 1_000;

/**
 * Starts the HTTP server: config, stores, first admin, listen, sweeper; shuts
 * down gracefully on SIGINT/SIGTERM (see {@link shutdownGracefully}).
 */
export async function serve(config: Readonly<AppConfig> = loadConfig()): Promise<void> {
  applyMemoryDefaults();
  const logger = createLogger(config.logLevel);
  const { stores, keyring } = await openStores(config, logger);
  const { app, ctx, startDraining } = await createApp({
    config,
    stores,
    keyring,
    logger,
    now: () => new Date(),
  });
  try {
    await ensureFirstAdmin(ctx);
  } catch (error) {
    // e.g. a weak TWOFOLD_ADMIN_PASSWORD: stop cleanly with the reason.
    await app.close();
    await stores.close();
    throw error;
  }
  collectOnceAtStart(); // before the first request: see runtime/memory.ts
  await app.listen({ port: config.port, host: config.host });
  const webauthnOff = relyingPartyUnavailableReason(config);
  if (webauthnOff) logger.warn(webauthnOff);
  const metricsServer =
    config.metricsPort === undefined
      ? null
      : await startMetricsServer(ctx, { port: config.metricsPort, host: config.metricsHost });
  if (metricsServer) {
    logger.info({ url: `${metricsServer.url}/metrics` }, 'metrics listening');
  }
  for (const warning of startupWarnings(config)) logger.warn({ host: config.host }, warning);
  const stopSweeper = startSweeper(ctx, {
    intervalSeconds: config.sweepIntervalSeconds,
    auditRetentionDays: config.auditRetentionDays,
  });
  let shuttingDown = false;
  const onSignal = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    metricsServer?.server.close();
    // A backstop: should anything hang past the deadline and its grace, do not outlive the orchestrator's patience silently.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000).unref();
    void shutdownGracefully({ app, ctx, startDraining, stopSweeper, signal }).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

/**
 * Graceful shutdown (issue 11: SIGTERM reset requests on kept-alive connections,
 * and a hung mail server held the exit for the whole delivery timeout):
 *  1. stop accepting connections, but keep the open ones: every response now
 *     carries `Connection: close`, so a client active on a kept-alive connection
 *     gets its answer and then goes elsewhere, instead of a reset;
 *  2. after a short drain, close the connections still idle, and let in-flight
 *     requests finish (fastify answers anything arriving after that 503 with
 *     Connection: close);
 *  3. at `SHUTDOWN_TIMEOUT_MS` after the signal, cancel pending email/SMS
 *     hand-offs (their requests answer 502) and, a moment later, cut what is left;
 *  4. wait for background notices, stop the sweeper, close the stores.
 * The caller exits 0.
 */
export async function shutdownGracefully(input: {
  app: FastifyInstance;
  ctx: ServiceContext;
  startDraining: () => void;
  stopSweeper: () => Promise<void>;
  signal: string;
}): Promise<void> {
  const { app, ctx } = input;
  const server = app.server;
  const timeoutMs = ctx.config.shutdownTimeoutMs;
  ctx.log.info({ signal: input.signal, timeoutMs }, 'shutting down');
  const deadline = setTimeout(() => {
    ctx.log.warn('shutdown deadline reached: cancelling pending deliveries');
    ctx.delivery.cancelAll();
    setTimeout(() => server.closeAllConnections(), CUTOFF_GRACE_MS).unref();
  }, timeoutMs);
  deadline.unref();
  input.startDraining();
  // net.Server's close stops accepting and resolves once every connection has ended;
  // http.Server's own close would also drop idle kept-alive connections at once, racing
  // requests already on their way over them.
  const connectionsEnded = new Promise<void>((resolve) => {
    net.Server.prototype.close.call(server, () => resolve());
  });
  await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_DRAIN_MS, timeoutMs / 4)));
  server.closeIdleConnections();
  await connectionsEnded;
  await app.close(); // onClose hooks; the server is already closed
  await ctx.notifier.settled?.();
  await input.stopSweeper();
  clearTimeout(deadline);
  await ctx.stores.close();
  ctx.log.info('shut down');
}
