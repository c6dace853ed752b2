import { describe, expect, it } from 'vitest';
import { defaultSystemPolicy } from '../../src/domain/policy.js';
import { SettingsRepository } from '../../src/storage/sql/settings-repository.js';
import { backendsUnderTest } from '../helpers/services.js';
import { inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('settings repository', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);

    it('starts from the default policy, saves (upsert) and reads it back merged over the defaults', async () => {
      expect(await t.stores.settings.getPolicy()).toEqual(defaultSystemPolicy());
      const policy = defaultSystemPolicy();
      policy.limits.maxConsecutiveFailures = 7;
      await t.stores.settings.savePolicy(policy, T0);
      policy.enforcement.scope = 'all';
      await t.stores.settings.savePolicy(policy, T0);
      expect(await t.stores.settings.getPolicy()).toEqual(policy);

      // A document stored by an older version lacks newer fields: they get their defaults.
      await t.stores.database.db
        .updateTable('settings')
        .set({ value: JSON.stringify({ limits: { lockoutSeconds: 60 } }) })
        .where('key', '=', 'mfa_policy')
        .execute();
      const merged = await t.stores.settings.getPolicy();
      expect(merged.limits).toEqual({ ...defaultSystemPolicy().limits, lockoutSeconds: 60 });
      expect(merged.methods).toEqual(defaultSystemPolicy().methods);
    });

    it('with a cache: reuses the policy until it expires, forgets it when this instance saves, hands out copies', async () => {
      let clockMs = 0;
      const cached = new SettingsRepository(t.stores.database.db, {
        ttlMs: 1000,
        monotonicNowMs: () => clockMs,
      });
      const other = t.stores.settings; // another instance, no cache
      const base = defaultSystemPolicy();
      await other.savePolicy(base, T0);
      expect((await cached.getPolicy()).limits.lockoutSeconds).toBe(base.limits.lockoutSeconds);

      // A change made elsewhere shows within the TTL, not before.
      await other.savePolicy({ ...base, limits: { ...base.limits, lockoutSeconds: 42 } }, T0);
      clockMs = 999;
      expect((await cached.getPolicy()).limits.lockoutSeconds).toBe(base.limits.lockoutSeconds);
      clockMs = 1000;
      expect((await cached.getPolicy()).limits.lockoutSeconds).toBe(42);

      // A change made here applies at once.
      await cached.savePolicy({ ...base, limits: { ...base.limits, lockoutSeconds: 43 } }, T0);
      expect((await cached.getPolicy()).limits.lockoutSeconds).toBe(43);

      // Editing what it returned does not edit the cache.
      (await cached.getPolicy()).limits.lockoutSeconds = 1;
      expect((await cached.getPolicy()).limits.lockoutSeconds).toBe(43);
    });

    it('parallel saves do not fail; one of them is stored', async () => {
      const results = await inParallel(10, (i) => {
        const policy = defaultSystemPolicy();
        policy.limits.lockoutSeconds = 100 + i;
        return t.stores.settings.savePolicy(policy, T0);
      });
      expect(results).toHaveLength(10);
      expect((await t.stores.settings.getPolicy()).limits.lockoutSeconds).toBeGreaterThanOrEqual(100);
    });
  });
}
