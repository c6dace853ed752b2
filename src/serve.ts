import { createApp } from './app.js';
import { openStores } from './bootstrap.js';
import { type AppConfig, loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { ensureFirstAdmin } from './services/admin-users.js';

/** Starts the HTTP server: config, stores, first admin, listen; closes cleanly on SIGINT/SIGTERM. */
export async function serve(config: Readonly<AppConfig> = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const { stores, keyring } = await openStores(config, logger);
  const { app, ctx } = await createApp({ config, stores, keyring, logger, now: () => new Date() });
  await ensureFirstAdmin(ctx);
  await app.listen({ port: config.port, host: config.host });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
