import { pingDatabase } from '../storage/sql/database.js';
import type { ServiceContext } from './context.js';

/** What `/readyz` found: ready, or the first store that did not answer. */
export type Readiness = { ready: true } | { ready: false; store: 'database' | 'redis' };

/**
 * Ready when every store this instance needs answers: a load balancer stops sending
 * sign-ins to an instance that could only refuse them with 503.
 */
export async function checkReadiness(ctx: ServiceContext): Promise<Readiness> {
  try {
    await pingDatabase(ctx.stores.database.db);
  } catch (error) {
    ctx.log.warn({ err: error }, 'readiness check failed: database');
    return { ready: false, store: 'database' };
  }
  if (ctx.stores.redis) {
    try {
      await ctx.stores.redis.ping();
    } catch (error) {
      ctx.log.warn({ err: error }, 'readiness check failed: redis');
      return { ready: false, store: 'redis' };
    }
  }
  return { ready: true };
}
