import type { User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';

export interface GrantView {
  clientId: string;
  name: string;
  scopes: string[];
  createdAt: string;
}

/** `GET /api/oidc/grants`: the applications a user let sign them in, one entry per application. */
export async function listGrants(ctx: ServiceContext, user: User): Promise<GrantView[]> {
  const grants = await ctx.stores.oidcPayloads.listGrantsOfAccount(user.id, ctx.now());
  const byClient = new Map<string, GrantView>();
  for (const grant of grants) {
    const client = await ctx.stores.oidcClients.findById(grant.clientId);
    if (!client) continue;
    const openid = grant.payload.openid as { scope?: string } | undefined;
    const scopes = (openid?.scope ?? '').split(' ').filter(Boolean);
    const iat = typeof grant.payload.iat === 'number' ? grant.payload.iat : 0;
    const createdAt = new Date(iat * 1000).toISOString();
    const seen = byClient.get(client.clientId);
    if (seen) {
      seen.scopes = [...new Set([...seen.scopes, ...scopes])];
      if (createdAt < seen.createdAt) seen.createdAt = createdAt;
    } else byClient.set(client.clientId, { clientId: client.clientId, name: client.name, scopes, createdAt });
  }
  return [...byClient.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** `DELETE /api/oidc/grants/:clientId`: the application's grants, codes and tokens of this user end. */
export async function revokeGrant(
  ctx: ServiceContext,
  user: User,
  clientId: string,
  meta: RequestMeta,
): Promise<void> {
  const revoked = await ctx.stores.oidcPayloads.revokeGrantsOf(user.id, clientId);
  if (revoked > 0) {
    await recordEvent(ctx, 'oidc_grant_revoked', {
      userId: user.id,
      actorId: user.id,
      orgId: user.orgId,
      meta,
      details: { clientId },
    });
  }
}
