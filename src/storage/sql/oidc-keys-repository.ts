import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A signing or cookie key of the OpenID Connect provider, sealed with TWOFOLD_SECRET_KEY. */
export interface OidcKeyRecord {
  id: string;
  kind: 'signing' | 'cookie';
  alg: string;
  sealed: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** The provider's keys: every instance reads the same ones, so all serve one JWKS. */
export class OidcKeysRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts a key unless one with this id exists (instances starting together create it once). */
  async insertIfAbsent(key: OidcKeyRecord): Promise<void> {
    await this.db
      .insertInto('oidc_keys')
      .values({
        id: key.id,
        kind: key.kind,
        alg: key.alg,
        sealed: key.sealed,
        created_at: key.createdAt.getTime(),
        retired_at: key.retiredAt ? key.retiredAt.getTime() : null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** Every key, newest first. */
  async list(): Promise<OidcKeyRecord[]> {
    const rows = await this.db
      .selectFrom('oidc_keys')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind as OidcKeyRecord['kind'],
      alg: row.alg,
      sealed: row.sealed,
      createdAt: new Date(row.created_at),
      retiredAt: row.retired_at === null ? null : new Date(row.retired_at),
    }));
  }

  /** Marks the current signing keys of `alg` retired (still published until removed). */
  async retireSigningKeys(alg: string, now: Date, exceptId: string): Promise<void> {
    await this.db
      .updateTable('oidc_keys')
      .set({ retired_at: now.getTime() })
      .where('kind', '=', 'signing')
      .where('alg', '=', alg)
      .where('retired_at', 'is', null)
      .where('id', '!=', exceptId)
      .execute();
  }

  /** Removes keys retired before `before` (nothing they signed is still valid). */
  async deleteRetiredBefore(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('oidc_keys')
      .where('retired_at', 'is not', null)
      .where('retired_at', '<', before.getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
