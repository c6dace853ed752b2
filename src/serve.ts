import { createApp } from './app.js';
import { openStores } from './bootstrap.js';
import { type AppConfig, loadConfig } from './config/config.js';
import { startMetricsServer } from './http/metrics-endpoint.js';
import { createLogger } from './logger.js';
import { ensureFirstAdmin } from './services/admin-users.js';

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
  }
  if (devOutboxExposed(config)) {
    warnings.push(
      'NODE_ENV is not production and HOST is not loopback: the dev outbox at /api/dev/outbox shows every code to anyone who can reach this port. Set NODE_ENV=production.',
    );
  }
  return warnings;
}

/** Starts the HTTP server: config, stores, first admin, listen; closes cleanly on SIGINT/SIGTERM. */
export async function serve(config: Readonly<AppConfig> = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const { stores, keyring } = await openStores(config, logger);
  const { app, ctx } = await createApp({ config, stores, keyring, logger, now: () => new Date() });
  try {
    await ensureFirstAdmin(ctx);
  } catch (error) {
    // e.g. a weak TWOFOLD_ADMIN_PASSWORD: stop cleanly with the reason.
    await app.close();
    await stores.close();
    throw error;
  }
  await app.listen({ port: config.port, host: config.host });
  const metricsServer =
    config.metricsPort === undefined
      ? null
      : await startMetricsServer(ctx, { port: config.metricsPort, host: config.metricsHost });
  if (metricsServer) logger.info({ url: `${metricsServer.url}/metrics` }, 'metrics listening');
  for (const warning of startupWarnings(config)) logger.warn({ host: config.host }, warning);
  if (config.production && !config.publicUrl) {
    logger.warn(
      'PUBLIC_URL is not set: password-reset links cannot be built, so none are sent. Set PUBLIC_URL.',
    );
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    await new Promise((resolve) => (metricsServer ? metricsServer.server.close(resolve) : resolve(null)));
    await stores.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
