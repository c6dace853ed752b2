import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('organizations repository', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);

    it('creates, finds, lists by name and stores a policy', async () => {
      const beta = await t.stores.organizations.create('Beta', T0);
      const alpha = await t.stores.organizations.create('Alpha', T0);
      expect(await t.stores.organizations.findById(beta.id)).toEqual({
        id: beta.id,
        name: 'Beta',
        policy: null,
        // New organizations join the default profile (migration 011).
        profileId: 'default',
        createdAt: T0,
      });
      expect(await t.stores.organizations.findById('nope')).toBeNull();
      expect((await t.stores.organizations.list()).map((o) => o.id)).toEqual([alpha.id, beta.id]);
      const policy = {
        useSystemPolicy: false,
        requireForAllMembers: true,
        methods: ['totp' as const],
        startedAt: T0.toISOString(),
      };
      await t.stores.organizations.savePolicy(alpha.id, policy);
      expect((await t.stores.organizations.findById(alpha.id))?.policy).toEqual(policy);
    });
  });
}
