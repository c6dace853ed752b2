import middie from '@fastify/middie';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { ServiceContext } from '../services/context.js';
import { loadOidcKeys } from './keys.js';
import { createOidcProvider, OIDC_MOUNT_PATH } from './provider.js';

/** How often expired provider records are deleted, in milliseconds. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** The issuer of `PUBLIC_URL`: `${PUBLIC_URL}/oidc`. */
export function issuerOf(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${OIDC_MOUNT_PATH}`;
}

/**
 * Mounts the OpenID Connect provider under `/oidc` of the fastify app (through
 * middie, ahead of every fastify hook: the provider answers those paths itself,
 * and the UI's SPA fallback never sees them). Must be called before the
 * session gate is registered.
 */
export async function mountOidcProvider(app: FastifyInstance, ctx: ServiceContext): Promise<Provider> {
  if (!ctx.config.publicUrl) throw new Error('PUBLIC_URL is required for the OpenID Connect provider');
  const keys = await loadOidcKeys(ctx);
  const provider = createOidcProvider(ctx, { issuer: issuerOf(ctx.config.publicUrl), keys });
  await app.register(middie);
  app.use(OIDC_MOUNT_PATH, provider.callback());

  const sweep = () =>
    ctx.stores.oidcPayloads
      .sweepExpired(ctx.now())
      .catch((error: unknown) => ctx.log.warn({ err: error }, 'could not sweep expired OIDC records'));
  const timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  return provider;
}
