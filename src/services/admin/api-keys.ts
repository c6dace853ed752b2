import { hashToken, randomToken } from '../../crypto/random.js';
import { AppError } from '../../errors.js';
import type { ApiKey } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import type { Actor } from './admin-users.js';

/** Every key starts so, which tells it apart from a session token at a glance (and in secret scanners). */
export const API_KEY_PREFIX = 'tfk_';

const actorId = (actor: Actor) => (actor.kind === 'cli' ? 'cli' : actor.user.id);

/** The key as the console lists it: never the key, never its hash. */
export function toApiKeyView(key: ApiKey) {
  return {
    id: key.id,
    name: key.name,
    keyPrefix: key.keyPrefix,
    orgId: key.orgId,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/**
 * Creates a verify API key: 256 random bits, returned this once and stored only
 * as its SHA-256 (SECURITY.md rule 31), optionally limited to one organization.
 * @example const { key } = await createApiKey(ctx, { name: 'shop' }, { kind: 'cli' })
 */
export async function createApiKey(
  ctx: ServiceContext,
  input: { name: string; orgId?: string | null | undefined },
  actor: Actor,
  meta: RequestMeta = { ip: null, userAgent: null },
): Promise<{ apiKey: ApiKey; key: string }> {
  const orgId = input.orgId ?? null;
  if (orgId && !(await ctx.stores.organizations.findById(orgId))) {
    throw new AppError('not_found', { message: 'No such organization.' });
  }
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const apiKey = await ctx.stores.apiKeys.create({
    name: input.name,
    keyHash: hashToken(key),
    keyPrefix: key.slice(0, API_KEY_PREFIX.length + 6),
    orgId,
    createdBy: actorId(actor),
    now: ctx.now(),
  });
  await recordEvent(ctx, 'api_key_created', {
    actorId: actorId(actor),
    orgId,
    meta,
    details: { apiKeyId: apiKey.id, name: apiKey.name },
  });
  return { apiKey, key };
}

/** Revokes a key; from the next request on it opens nothing. */
export async function revokeApiKey(
  ctx: ServiceContext,
  id: string,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  const key = await ctx.stores.apiKeys.findById(id);
  if (!key) throw new AppError('not_found', { message: 'No such API key.' });
  if (await ctx.stores.apiKeys.revoke(id, ctx.now())) {
    await recordEvent(ctx, 'api_key_revoked', {
      actorId: actorId(actor),
      orgId: key.orgId,
      meta,
      details: { apiKeyId: key.id, name: key.name },
    });
  }
}

/**
 * The live key a bearer token is, or null. Looked up on every request (no cache),
 * so a revoked key stops working at once.
 */
export async function authenticateApiKey(ctx: ServiceContext, token: string): Promise<ApiKey | null> {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 200) return null;
  const key = await ctx.stores.apiKeys.findActiveByHash(hashToken(token));
  if (!key) return null;
  await ctx.stores.apiKeys.touch(key.id, ctx.now());
  return key;
}

/** `GET /api/admin/api-keys`: every key with its last use, never a key itself. */
export async function listApiKeys(ctx: ServiceContext) {
  return (await ctx.stores.apiKeys.list()).map(toApiKeyView);
}
