import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { OrgPolicy } from '../../domain/policy.js';
import type { Organization } from '../types.js';
import type { Database, OrganizationsTable } from './schema.js';

function toOrganization(row: Selectable<OrganizationsTable>): Organization {
  return {
    id: row.id,
    name: row.name,
    policy: row.policy ? (JSON.parse(row.policy) as OrgPolicy) : null,
    createdAt: new Date(row.created_at),
  };
}

/** Organizations (tenants) and their own 2FA policy. */
export class OrganizationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(name: string, now: Date): Promise<Organization> {
    const row = { id: randomUUID(), name, policy: null, created_at: now.getTime() };
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
}
