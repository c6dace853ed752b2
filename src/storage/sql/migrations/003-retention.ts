import type { Kysely } from 'kysely';

/**
 * Indexes the sweeper deletes by (issue 11: nothing was ever deleted): each batch
 * finds its rows through an index instead of scanning the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();
  // Only revoked rows are looked up by revocation: a partial index stays small.
  await db.schema
    .createIndex('sessions_revoked_idx')
    .on('sessions')
    .column('revoked_at')
    .where('revoked_at', 'is not', null)
    .execute();
  await db.schema.createIndex('mfa_tokens_expires_idx').on('mfa_tokens').column('expires_at').execute();
  await db.schema
    .createIndex('otp_challenges_expires_idx')
    .on('otp_challenges')
    .column('expires_at')
    .execute();
  await db.schema.createIndex('rate_limits_reset_idx').on('rate_limits').column('reset_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'rate_limits_reset_idx',
    'otp_challenges_expires_idx',
    'mfa_tokens_expires_idx',
    'sessions_revoked_idx',
    'sessions_expires_idx',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
}
