import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { OrgPolicy } from '../../domain/policy.js';
import type { Organization } from '../types.js';
import { DEFAULT_PROFILE_ID } from './migrations/011-org-profiles.js';
import type { Database, OrganizationsTable } from './schema.js';

function toOrganization(
  row: Omit<Selectable<OrganizationsTable>, 'profile_id'> & { profile_id: string },
): Organization {
  return {
    id: row.id,
    name: row.name,
    policy: row.policy ? (JSON.parse(row.policy) as OrgPolicy) : null,
    profileId: row.profile_id,
    productName: row.product_name,
    createdAt: new Date(row.created_at),
  };
}

/** Organizations (tenants) and their own 2FA policy. */
export class OrganizationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(
    name: string,
    now: Date,
    profileId: string = DEFAULT_PROFILE_ID,
    productName: string | null = null,
  ): Promise<Organization> {
    const row = {
      id: randomUUID(),
      name,
      policy: null,
      created_at: now.getTime(),
      profile_id: profileId,
      product_name: productName,
    };
    await this.db.insertInto('organizations').values(row).execute();
    return toOrganization(row);
  }

  async findById(id: string): Promise<Organization | null> {
    const row = await this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toOrganization(row) : null;
  }

  async list(): Promise<Organization[]> {
    const rows = await this.db
      .selectFrom('organizations')
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toOrganization);
  }

  async savePolicy(id: string, policy: OrgPolicy): Promise<void> {
    await this.db
      .updateTable('organizations')
      .set({ policy: JSON.stringify(policy) })
      .where('id', '=', id)
      .execute();
  }

  async setProfile(id: string, profileId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('organizations')
      .set({ profile_id: profileId })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Sets (or, with null, clears) the product name in the members' messages; false when there is no such organization. */
  async setProductName(id: string, productName: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('organizations')
      .set({ product_name: productName })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** The product name of organization `id` (null: none set, or no such organization). */
  async findProductName(id: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('organizations')
      .select('product_name')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.product_name ?? null;
  }

  /** How many organizations are in each profile. */
  async countByProfile(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('organizations')
      .select(['profile_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('profile_id')
      .execute();
    return new Map(rows.map((r) => [r.profile_id, Number(r.n)]));
  }
}
