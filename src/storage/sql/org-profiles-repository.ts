import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ProfilePolicy } from '../../domain/policy.js';
import type { OrgProfile } from '../types.js';
import type { Database, OrgProfilesTable } from './schema.js';

function toProfile(row: Selectable<OrgProfilesTable>): OrgProfile {
  let policy: ProfilePolicy | null = null;
  let policyUnreadable = false;
  if (row.policy !== null) {
    try {
      const parsed: unknown = JSON.parse(row.policy);
      if (parsed && typeof parsed === 'object') policy = parsed as ProfilePolicy;
      else if (parsed !== null) policyUnreadable = true;
    } catch {
      // A document we cannot read says nothing about what it required: fail closed.
      policyUnreadable = true;
    }
  }
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    policy,
    policyUnreadable,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Organization profiles: classes of organizations with an optional default policy (011). */
export class OrgProfilesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: { name: string; description: string | null }, now: Date): Promise<OrgProfile> {
    const row = {
      id: randomUUID(),
      name: input.name,
      description: input.description,
      policy: null,
      created_at: now.getTime(),
      updated_at: now.getTime(),
    };
    await this.db.insertInto('org_profiles').values(row).execute();
    return toProfile(row);
  }

  async findById(id: string): Promise<OrgProfile | null> {
    const row = await this.db.selectFrom('org_profiles').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toProfile(row) : null;
  }

  async findByName(name: string): Promise<OrgProfile | null> {
    const row = await this.db
      .selectFrom('org_profiles')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toProfile(row) : null;
  }

  async list(): Promise<OrgProfile[]> {
    const rows = await this.db.selectFrom('org_profiles').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(toProfile);
  }

  async update(
    id: string,
    patch: { name?: string; description?: string | null; policy?: ProfilePolicy | null },
    now: Date,
  ): Promise<void> {
    await this.db
      .updateTable('org_profiles')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.policy !== undefined
          ? { policy: patch.policy === null ? null : JSON.stringify(patch.policy) }
          : {}),
        updated_at: now.getTime(),
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Deletes the profile only while no organization is in it, in one statement
   * (a profile cannot be emptied and filled between a check and the delete).
   * Returns false when it was in use or gone.
   */
  async deleteIfUnused(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('org_profiles')
      .where('id', '=', id)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('organizations').select('id').where('organizations.profile_id', '=', id)),
        ),
      )
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }
}
