import { type Kysely, sql } from 'kysely';

/** The id of the profile every organization starts in; created here, never deletable. */
export const DEFAULT_PROFILE_ID = 'default';

/**
 * Organization profiles (issue 17): classes of organizations ("Enterprise",
 * "Trial") that system enforcement can choose and that carry a default
 * organization policy. Every existing organization joins the default profile.
 * `profile_id` carries no foreign key: SQLite cannot add a referencing column with
 * a non-null default; deleting a profile in use is refused by the service instead,
 * and an organization naming a missing profile is read fail closed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('org_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('policy', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_profiles_name_idx').on('org_profiles').column('name').unique().execute();
  // A migration has no clock (STYLE.md "Time"): the default profile dates from the epoch.
  await sql`insert into org_profiles (id, name, description, policy, created_at, updated_at)
    values (${DEFAULT_PROFILE_ID}, 'Default', 'Organizations not placed in another profile', null, 0, 0)`.execute(
    db,
  );
  await db.schema
    .alterTable('organizations')
    .addColumn('profile_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_PROFILE_ID))
    .execute();
  await db.schema.createIndex('organizations_profile_idx').on('organizations').column('profile_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('organizations_profile_idx').ifExists().execute();
  await db.schema.alterTable('organizations').dropColumn('profile_id').execute();
  await db.schema.dropIndex('org_profiles_name_idx').ifExists().execute();
  await db.schema.dropTable('org_profiles').execute();
}
