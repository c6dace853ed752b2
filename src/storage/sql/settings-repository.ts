import type { Kysely } from 'kysely';
import { defaultSystemPolicy, type SystemPolicy } from '../../domain/policy.js';
import { METHOD_POLICY_KEYS, type MethodPolicies } from '../../factors/catalog.js';
import type { Database } from './schema.js';

const POLICY_KEY = 'mfa_policy';

/**
 * Each method's settings from `over` on top of `base` (a copy when `over` is absent), for
 * every method of the factor catalog — a new factor type needs no edit here.
 */
function mergeMethods(base: MethodPolicies, over?: Partial<MethodPolicies>): MethodPolicies {
  const out: Record<string, unknown> = {};
  for (const key of METHOD_POLICY_KEYS) out[key] = { ...base[key], ...over?.[key] };
  return out as MethodPolicies;
}

/** A copy of the policy document (its known shape; structuredClone costs as much as a query). */
function copyPolicy(policy: SystemPolicy): SystemPolicy {
  const { methods, enforcement, limits, rememberBrowser, emailVerification } = policy;
  return {
    methods: mergeMethods(methods),
    enforcement: {
      ...enforcement,
      organizationIds: [...enforcement.organizationIds],
      profileIds: [...(enforcement.profileIds ?? [])],
    },
    limits: { ...limits },
    rememberBrowser: { ...rememberBrowser },
    emailVerification,
  };
}

/** How long an instance may reuse the policy it read (see {@link SettingsRepository}). */
export interface PolicyCacheConfig {
  ttlMs: number;
  /** A monotonic clock in milliseconds (the cache expires in real time, whatever the business clock says). */
  monotonicNowMs: () => number;
}

/**
 * Server-wide settings stored as JSON documents; today the 2FA policy. With a
 * cache, an instance reuses the policy for `ttlMs` (every second step reads it):
 * a change made on this instance applies at once, one made on another instance
 * within `ttlMs`. Callers get their own copy, so nobody edits the cached one.
 */
export class SettingsRepository {
  #cached: { policy: SystemPolicy; untilMs: number } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly cache: PolicyCacheConfig | null = null,
  ) {}

  /** The stored policy merged over the defaults (fields added later get their default). */
  async getPolicy(): Promise<SystemPolicy> {
    if (!this.cache) return this.#loadPolicy();
    const cached = this.#cached;
    if (cached && this.cache.monotonicNowMs() < cached.untilMs) return copyPolicy(cached.policy);
    const policy = await this.#loadPolicy();
    this.#cached = { policy: copyPolicy(policy), untilMs: this.cache.monotonicNowMs() + this.cache.ttlMs };
    return policy;
  }

  async #loadPolicy(): Promise<SystemPolicy> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', POLICY_KEY)
      .executeTakeFirst();
    const defaults = defaultSystemPolicy();
    if (!row) return defaults;
    const stored = JSON.parse(row.value) as Partial<SystemPolicy>;
    return {
      methods: mergeMethods(defaults.methods, stored.methods),
      enforcement: { ...defaults.enforcement, ...stored.enforcement },
      limits: { ...defaults.limits, ...stored.limits },
      rememberBrowser: { ...defaults.rememberBrowser, ...stored.rememberBrowser },
      // Documents saved before 008 have none: the default (optional).
      emailVerification:
        stored.emailVerification === 'required' || stored.emailVerification === 'optional'
          ? stored.emailVerification
          : defaults.emailVerification,
    };
  }

  async savePolicy(policy: SystemPolicy, now: Date): Promise<void> {
    const value = JSON.stringify(policy);
    await this.db
      .insertInto('settings')
      .values({ key: POLICY_KEY, value, updated_at: now.getTime() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.getTime() }))
      .execute();
    this.#cached = null;
  }

  /** A server-wide value other than the policy (e.g. the key check value), or null. */
  async getValue(key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  /** Stores `value` unless `key` already has one (instances starting together agree on the first). */
  async insertValueIfAbsent(key: string, value: string, now: Date): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: now.getTime() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  async setValue(key: string, value: string, now: Date): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: now.getTime() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.getTime() }))
      .execute();
  }

  /** The rows of `keys` that exist, with when each was last written (a version to compare). */
  async getEntries(
    keys: readonly string[],
  ): Promise<Array<{ key: string; value: string; updatedAt: number }>> {
    const rows = await this.db
      .selectFrom('settings')
      .select(['key', 'value', 'updated_at'])
      .where('key', 'in', [...keys])
      .execute();
    return rows.map((row) => ({ key: row.key, value: row.value, updatedAt: Number(row.updated_at) }));
  }

  /** `updated_at` of each of `keys` that exists (a cheap version check: no values read). */
  async getVersions(keys: readonly string[]): Promise<Array<{ key: string; updatedAt: number }>> {
    const rows = await this.db
      .selectFrom('settings')
      .select(['key', 'updated_at'])
      .where('key', 'in', [...keys])
      .execute();
    return rows.map((row) => ({ key: row.key, updatedAt: Number(row.updated_at) }));
  }

  /** Removes `key`; true when it existed. */
  async deleteValue(key: string): Promise<boolean> {
    const result = await this.db.deleteFrom('settings').where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
