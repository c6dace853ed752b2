import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ServiceContext } from '../services/context.js';
import type { OidcClient } from '../storage/sql/oidc-clients-repository.js';

/** The provider's view of a registered application (client metadata, RFC 7591 names). */
export function toClientMetadata(client: OidcClient): AdapterPayload {
  const confidential = client.type === 'confidential' && client.secretHash !== null;
  return {
    client_id: client.clientId,
    client_name: client.name,
    // The keyed hash, never the secret: the provider's secret comparison is replaced (see provider.ts).
    ...(confidential ? { client_secret: client.secretHash! } : {}),
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    id_token_signed_response_alg: 'RS256',
  };
}

/**
 * An oidc-provider adapter over the Kysely stores: every model in one table keyed
 * by (model, id); applications come from the clients table. Nothing is kept in
 * process memory, so any instance can continue what another one started.
 */
export function createOidcAdapter(ctx: ServiceContext): new (model: string) => Adapter {
  const { oidcPayloads, oidcClients } = ctx.stores;
  return class KyselyOidcAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client') return;
      const expiresAt = expiresIn ? new Date(ctx.now().getTime() + expiresIn * 1000) : null;
      await oidcPayloads.upsert(this.model, id, payload as Record<string, unknown>, expiresAt);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await oidcClients.findById(id);
        return client ? toClientMetadata(client) : undefined;
      }
      const record = await oidcPayloads.find(this.model, id, ctx.now());
      if (!record) return undefined;
      return {
        ...(record.payload as AdapterPayload),
        ...(record.consumedAt ? { consumed: Math.floor(record.consumedAt.getTime() / 1000) } : {}),
      };
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const record = await oidcPayloads.findByUserCode(this.model, userCode, ctx.now());
      return record ? (record.payload as AdapterPayload) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const record = await oidcPayloads.findByUid(this.model, uid, ctx.now());
      return record ? (record.payload as AdapterPayload) : undefined;
    }

    async consume(id: string): Promise<void> {
      await oidcPayloads.consume(this.model, id, ctx.now());
    }

    async destroy(id: string): Promise<void> {
      await oidcPayloads.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await oidcPayloads.revokeByGrantId(grantId);
    }
  };
}
