import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** One record of the OpenID Connect provider (a code, token, grant, session, interaction …). */
export interface OidcPayloadRecord {
  model: string;
  id: string;
  payload: Record<string, unknown>;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

/** What an application was granted by a user (the provider's Grant records). */
export interface OidcGrantRecord {
  grantId: string;
  clientId: string;
  accountId: string;
  payload: Record<string, unknown>;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/**
 * The provider's storage: one table keyed by (model, id), with the columns its
 * lookups need (uid, grant id, user code) and those Twofold's own pages need
 * (account and client). A record past its expiry is never returned.
 */
export class OidcPayloadsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(
    model: string,
    id: string,
    payload: Record<string, unknown>,
    expiresAt: Date | null,
  ): Promise<void> {
    const row = {
      payload: JSON.stringify(payload),
      expires_at: expiresAt ? expiresAt.getTime() : null,
      grant_id: str(payload.grantId),
      uid: str(payload.uid),
      user_code: str(payload.userCode),
      account_id: str(payload.accountId),
      client_id: str(payload.clientId),
    };
    await this.db
      .insertInto('oidc_payloads')
      .values({ model, id, consumed_at: null, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  async find(model: string, id: string, now: Date): Promise<OidcPayloadRecord | null> {
    const row = await this.live(now).where('model', '=', model).where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async findByUid(model: string, uid: string, now: Date): Promise<OidcPayloadRecord | null> {
    const row = await this.live(now).where('model', '=', model).where('uid', '=', uid).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async findByUserCode(model: string, userCode: string, now: Date): Promise<OidcPayloadRecord | null> {
    const row = await this.live(now)
      .where('model', '=', model)
      .where('user_code', '=', userCode)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Marks a record used (codes, rotated refresh tokens); only the first call counts. */
  async consume(model: string, id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('oidc_payloads')
      .set({ consumed_at: now.getTime() })
      .where('model', '=', model)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .execute();
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
  }

  /** Removes every record issued under a grant (its codes and tokens). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
  }

  /** The live grants a user gave, newest first. */
  async listGrantsOfAccount(accountId: string, now: Date): Promise<OidcGrantRecord[]> {
    const rows = await this.live(now)
      .where('model', '=', 'Grant')
      .where('account_id', '=', accountId)
      .execute();
    return rows.map((row) => ({
      grantId: row.id,
      clientId: row.client_id ?? '',
      accountId,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
    }));
  }

  /** Ends what a user granted one application: the grants and every code and token under them. */
  async revokeGrantsOf(accountId: string, clientId: string): Promise<number> {
    const grants = await this.db
      .selectFrom('oidc_payloads')
      .select('id')
      .where('model', '=', 'Grant')
      .where('account_id', '=', accountId)
      .where('client_id', '=', clientId)
      .execute();
    for (const grant of grants) {
      await this.db
        .deleteFrom('oidc_payloads')
        .where((eb) =>
          eb.or([
            eb('grant_id', '=', grant.id),
            eb.and([eb('model', '=', 'Grant'), eb('id', '=', grant.id)]),
          ]),
        )
        .execute();
    }
    return grants.length;
  }

  /** Removes everything an application holds (it was deleted). */
  async revokeClient(clientId: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('client_id', '=', clientId).execute();
  }

  /** Deletes records past their expiry; returns how many. */
  async sweepExpired(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('oidc_payloads')
      .where('expires_at', '<=', now.getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private live(now: Date) {
    return this.db
      .selectFrom('oidc_payloads')
      .selectAll()
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.getTime())]));
  }
}

function toRecord(row: {
  model: string;
  id: string;
  payload: string;
  expires_at: number | null;
  consumed_at: number | null;
}): OidcPayloadRecord {
  return {
    model: row.model,
    id: row.id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    consumedAt: row.consumed_at === null ? null : new Date(row.consumed_at),
  };
}
