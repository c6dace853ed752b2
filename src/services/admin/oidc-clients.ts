import { randomToken } from '../../crypto/random.js';
import { AppError } from '../../errors.js';
import type { OidcClient, OidcClientType } from '../../storage/sql/oidc-clients-repository.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';

export interface ClientInput {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[] | undefined;
  type: OidcClientType;
  firstParty?: boolean | undefined;
  requireMfa?: boolean | undefined;
}

/** The API's view of an application; never a secret. */
export interface ClientView {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  type: OidcClientType;
  firstParty: boolean;
  requireMfa: boolean;
  createdAt: string;
}

export function toClientView(client: OidcClient): ClientView {
  return {
    clientId: client.clientId,
    name: client.name,
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    type: client.type,
    firstParty: client.firstParty,
    requireMfa: client.requireMfa,
    createdAt: client.createdAt.toISOString(),
  };
}

/** Who did it: a signed-in admin, or the CLI on the server. */
export type ClientActor = { userId: string; orgId: string | null } | { kind: 'cli' };

/** A new client secret (256 bits) and its keyed hash: only the hash is stored. */
function newSecret(ctx: ServiceContext): { secret: string; hash: string } {
  const secret = randomToken(32);
  return { secret, hash: ctx.keyring.hashCode(secret) };
}

async function audit(
  ctx: ServiceContext,
  type: Parameters<typeof recordEvent>[1],
  actor: ClientActor,
  meta: RequestMeta,
  details: Record<string, unknown>,
): Promise<void> {
  await recordEvent(ctx, type, {
    actorId: 'userId' in actor ? actor.userId : null,
    orgId: 'userId' in actor ? actor.orgId : null,
    meta,
    details: { ...details, ...('kind' in actor ? { via: 'cli' } : {}) },
  });
}

/** `POST /api/admin/clients`: registers an application; a confidential one gets its secret once. */
export async function createClient(
  ctx: ServiceContext,
  input: ClientInput,
  actor: ClientActor,
  meta: RequestMeta,
): Promise<ClientView & { clientSecret?: string }> {
  const now = ctx.now();
  const secret = input.type === 'confidential' ? newSecret(ctx) : null;
  const client: OidcClient = {
    clientId: randomToken(16),
    name: input.name,
    secretHash: secret?.hash ?? null,
    redirectUris: input.redirectUris,
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    type: input.type,
    firstParty: input.firstParty ?? false,
    requireMfa: input.requireMfa ?? false,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.stores.oidcClients.create(client);
  await audit(ctx, 'oidc_client_created', actor, meta, { clientId: client.clientId, name: client.name });
  const view = toClientView(client);
  return secret ? { ...view, clientSecret: secret.secret } : view;
}

/** `GET /api/admin/clients`: every application, with its sign-ins of the last 30 days. */
export async function listClients(ctx: ServiceContext): Promise<(ClientView & { signIns30d: number })[]> {
  const since = new Date(ctx.now().getTime() - 30 * 86400 * 1000);
  const [clients, counts] = await Promise.all([
    ctx.stores.oidcClients.list(),
    ctx.stores.oidcClients.countSignInsSince(since),
  ]);
  return clients.map((client) => ({ ...toClientView(client), signIns30d: counts.get(client.clientId) ?? 0 }));
}

export async function getClient(ctx: ServiceContext, clientId: string): Promise<OidcClient> {
  const client = await ctx.stores.oidcClients.findById(clientId);
  if (!client) throw new AppError('not_found', { message: 'No such application.' });
  return client;
}

/** `PUT /api/admin/clients/:id`: partial update. Turning a public client confidential issues a secret. */
export async function updateClient(
  ctx: ServiceContext,
  clientId: string,
  changes: Partial<ClientInput>,
  actor: ClientActor,
  meta: RequestMeta,
): Promise<ClientView & { clientSecret?: string }> {
  const client = await getClient(ctx, clientId);
  let secret: { secret: string; hash: string } | null = null;
  let secretHash: string | null | undefined;
  if (changes.type === 'confidential' && client.type === 'public') {
    secret = newSecret(ctx);
    secretHash = secret.hash;
  } else if (changes.type === 'public') secretHash = null;
  const updated = await ctx.stores.oidcClients.update(
    clientId,
    {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.redirectUris !== undefined ? { redirectUris: changes.redirectUris } : {}),
      ...(changes.postLogoutRedirectUris !== undefined
        ? { postLogoutRedirectUris: changes.postLogoutRedirectUris }
        : {}),
      ...(changes.type !== undefined ? { type: changes.type } : {}),
      ...(changes.firstParty !== undefined ? { firstParty: changes.firstParty } : {}),
      ...(changes.requireMfa !== undefined ? { requireMfa: changes.requireMfa } : {}),
      ...(secretHash !== undefined ? { secretHash } : {}),
    },
    ctx.now(),
  );
  if (!updated) throw new AppError('not_found', { message: 'No such application.' });
  await audit(ctx, 'oidc_client_updated', actor, meta, { clientId, fields: Object.keys(changes) });
  const view = toClientView(updated);
  return secret ? { ...view, clientSecret: secret.secret } : view;
}

/** `DELETE /api/admin/clients/:id`: the application and every grant, code and token it holds. */
export async function deleteClient(
  ctx: ServiceContext,
  clientId: string,
  actor: ClientActor,
  meta: RequestMeta,
): Promise<void> {
  const client = await getClient(ctx, clientId);
  await ctx.stores.oidcClients.delete(clientId);
  await ctx.stores.oidcPayloads.revokeClient(clientId);
  await audit(ctx, 'oidc_client_deleted', actor, meta, { clientId, name: client.name });
}

/** `POST /api/admin/clients/:id/secret`: a new secret; the old one stops working at once. */
export async function rotateClientSecret(
  ctx: ServiceContext,
  clientId: string,
  actor: ClientActor,
  meta: RequestMeta,
): Promise<{ clientSecret: string }> {
  const client = await getClient(ctx, clientId);
  if (client.type !== 'confidential')
    throw new AppError('conflict', { message: 'A public application has no secret.' });
  const secret = newSecret(ctx);
  await ctx.stores.oidcClients.update(clientId, { secretHash: secret.hash }, ctx.now());
  await audit(ctx, 'oidc_client_secret_rotated', actor, meta, { clientId });
  return { clientSecret: secret.secret };
}
