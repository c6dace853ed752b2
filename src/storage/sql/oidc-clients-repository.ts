import type { Kysely } from 'kysely';
import type { Database, OidcClientsTable } from './schema.js';

export type OidcClientType = 'confidential' | 'public';

/** An application registered with Twofold's OpenID Connect provider. */
export interface OidcClient {
  clientId: string;
  name: string;
  /** Keyed hash of the client secret (confidential clients); the secret itself is never stored. */
  secretHash: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  type: OidcClientType;
  firstParty: boolean;
  requireMfa: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function toClient(row: OidcClientsTable): OidcClient {
  return {
    clientId: row.client_id,
    name: row.name,
    secretHash: row.secret_hash,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris) as string[],
    type: row.type as OidcClientType,
    firstParty: row.first_party === 1,
    requireMfa: row.require_mfa === 1,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Registered applications (OpenID Connect clients). */
export class OidcClientsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(client: OidcClient): Promise<void> {
    await this.db
      .insertInto('oidc_clients')
      .values({
        client_id: client.clientId,
        name: client.name,
        secret_hash: client.secretHash,
        redirect_uris: JSON.stringify(client.redirectUris),
        post_logout_redirect_uris: JSON.stringify(client.postLogoutRedirectUris),
        type: client.type,
        first_party: client.firstParty ? 1 : 0,
        require_mfa: client.requireMfa ? 1 : 0,
        created_at: client.createdAt.getTime(),
        updated_at: client.updatedAt.getTime(),
      })
      .execute();
  }

  async findById(clientId: string): Promise<OidcClient | null> {
    const row = await this.db
      .selectFrom('oidc_clients')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row ? toClient(row) : null;
  }

  async list(): Promise<OidcClient[]> {
    const rows = await this.db.selectFrom('oidc_clients').selectAll().orderBy('created_at').execute();
    return rows.map(toClient);
  }

  async update(
    clientId: string,
    changes: Partial<
      Pick<
        OidcClient,
        | 'name'
        | 'redirectUris'
        | 'postLogoutRedirectUris'
        | 'type'
        | 'firstParty'
        | 'requireMfa'
        | 'secretHash'
      >
    >,
    now: Date,
  ): Promise<OidcClient | null> {
    const set: Partial<OidcClientsTable> = { updated_at: now.getTime() };
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.redirectUris !== undefined) set.redirect_uris = JSON.stringify(changes.redirectUris);
    if (changes.postLogoutRedirectUris !== undefined)
      set.post_logout_redirect_uris = JSON.stringify(changes.postLogoutRedirectUris);
    if (changes.type !== undefined) set.type = changes.type;
    if (changes.firstParty !== undefined) set.first_party = changes.firstParty ? 1 : 0;
    if (changes.requireMfa !== undefined) set.require_mfa = changes.requireMfa ? 1 : 0;
    if (changes.secretHash !== undefined) set.secret_hash = changes.secretHash;
    await this.db.updateTable('oidc_clients').set(set).where('client_id', '=', clientId).execute();
    return this.findById(clientId);
  }

  /** OIDC sign-ins per application since `since`, from the audit log. */
  async countSignInsSince(since: Date): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('audit_events')
      .select('details')
      .where('type', '=', 'oidc_sign_in')
      .where('at', '>=', since.getTime())
      .execute();
    const counts = new Map<string, number>();
    for (const row of rows) {
      const clientId = (JSON.parse(row.details) as { clientId?: unknown }).clientId;
      if (typeof clientId === 'string') counts.set(clientId, (counts.get(clientId) ?? 0) + 1);
    }
    return counts;
  }

  async delete(clientId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('oidc_clients')
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
