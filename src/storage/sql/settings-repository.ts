import type { Kysely } from 'kysely';
import { defaultSystemPolicy, type SystemPolicy } from '../../domain/policy.js';
import type { Database } from './schema.js';

const POLICY_KEY = 'mfa_policy';

/** Server-wide settings stored as JSON documents; today the 2FA policy. */
export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored policy merged over the defaults (fields added later get their default). */
  async getPolicy(): Promise<SystemPolicy> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', POLICY_KEY)
      .executeTakeFirst();
    const defaults = defaultSystemPolicy();
    if (!row) return defaults;
    const stored = JSON.parse(row.value) as Partial<SystemPolicy>;
    return {
      methods: {
        totp: { ...defaults.methods.totp, ...stored.methods?.totp },
        email: { ...defaults.methods.email, ...stored.methods?.email },
        sms: { ...defaults.methods.sms, ...stored.methods?.sms },
        backupCodes: { ...defaults.methods.backupCodes, ...stored.methods?.backupCodes },
      },
      enforcement: { ...defaults.enforcement, ...stored.enforcement },
      limits: { ...defaults.limits, ...stored.limits },
    };
  }

  async savePolicy(policy: SystemPolicy, now: Date): Promise<void> {
    const value = JSON.stringify(policy);
    await this.db
      .insertInto('settings')
      .values({ key: POLICY_KEY, value, updated_at: now.getTime() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.getTime() }))
      .execute();
  }
}
