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
        // No product name of its own: its members' messages say "Twofold" (migration 013).
        productName: null,
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

    it('stores, reads back and clears the product name in messages (migration 013)', async () => {
      const org = await t.stores.organizations.create('Gamma', T0, 'default', 'Gamma Secure — 安全 ✓');
      expect((await t.stores.organizations.findById(org.id))?.productName).toBe('Gamma Secure — 安全 ✓');
      expect(await t.stores.organizations.findProductName(org.id)).toBe('Gamma Secure — 安全 ✓');
      expect(await t.stores.organizations.setProductName(org.id, 'Gamma')).toBe(true);
      expect((await t.stores.organizations.list()).find((o) => o.id === org.id)?.productName).toBe('Gamma');
      expect(await t.stores.organizations.setProductName(org.id, null)).toBe(true);
      expect(await t.stores.organizations.findProductName(org.id)).toBeNull();
      expect(await t.stores.organizations.setProductName('nope', 'X')).toBe(false);
      expect(await t.stores.organizations.findProductName('nope')).toBeNull();
    });
  });
}
