import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ApiKey } from '../types.js';
import type { ApiKeysTable, Database } from './schema.js';

const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.key_prefix,
    orgId: row.org_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    lastUsedAt: toDate(row.last_used_at),
    revokedAt: toDate(row.revoked_at),
  };
}

/** Keys of the verify API; only the SHA-256 of a key is stored (SECURITY.md rule 31). */
export class ApiKeysRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    name: string;
    keyHash: string;
    keyPrefix: string;
    orgId: string | null;
    createdBy: string | null;
    now: Date;
  }): Promise<ApiKey> {
    const row = {
      id: randomUUID(),
      name: input.name,
      key_hash: input.keyHash,
      key_prefix: input.keyPrefix,
      org_id: input.orgId,
      created_by: input.createdBy,
      created_at: input.now.getTime(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('api_keys').values(row).execute();
    return toApiKey(row);
  }

  /** The live (not revoked) key with this hash; read on every request, so revocation is immediate. */
  async findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  /** Every key, revoked ones too (they stay listed for the record), newest first. */
  async list(): Promise<ApiKey[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toApiKey);
  }

  /** Records a use; at most one write per key per minute, so a busy key does not write on every call. */
  async touch(id: string, now: Date): Promise<void> {
    const ms = now.getTime();
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: ms })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', ms - 60_000)]))
      .execute();
  }

  /** True only for the call that revoked it. */
  async revoke(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now.getTime() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
