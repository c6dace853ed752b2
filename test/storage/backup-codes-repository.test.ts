import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { createTestUser, inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('backup codes repository', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const newUser = () => createTestUser(t.stores, 'b');

    it('stores one row per code and counts remaining and total', async () => {
      const user = await newUser();
      await t.stores.backupCodes.replaceAll(user.id, ['h1', 'h2', 'h3'], T0);
      const unused = await t.stores.backupCodes.listUnused(user.id);
      expect(unused.map((c) => c.codeHash).sort()).toEqual(['h1', 'h2', 'h3']);
      expect(await t.stores.backupCodes.consume(unused[0]!.id, T0)).toBe(true);
      expect(await t.stores.backupCodes.counts(user.id)).toEqual({ remaining: 2, total: 3 });
      expect(await t.stores.backupCodes.listUnused(user.id)).toHaveLength(2);
    });

    it('a code is spent once: the second consume is refused', async () => {
      const user = await newUser();
      await t.stores.backupCodes.replaceAll(user.id, ['h1'], T0);
      const [code] = await t.stores.backupCodes.listUnused(user.id);
      expect(await t.stores.backupCodes.consume(code!.id, T0)).toBe(true);
      expect(await t.stores.backupCodes.consume(code!.id, T0)).toBe(false);
    });

    it('of 30 parallel uses of one code exactly one succeeds (SECURITY.md rule 11)', async () => {
      const user = await newUser();
      await t.stores.backupCodes.replaceAll(user.id, ['h1', 'h2'], T0);
      const [code] = await t.stores.backupCodes.listUnused(user.id);
      const results = await inParallel(30, () => t.stores.backupCodes.consume(code!.id, T0));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await t.stores.backupCodes.counts(user.id)).toEqual({ remaining: 1, total: 2 });
    });

    it('two different codes used at once both succeed (one row per code)', async () => {
      const user = await newUser();
      await t.stores.backupCodes.replaceAll(user.id, ['h1', 'h2'], T0);
      const codes = await t.stores.backupCodes.listUnused(user.id);
      const results = await Promise.all(codes.map((c) => t.stores.backupCodes.consume(c.id, T0)));
      expect(results).toEqual([true, true]);
    });

    it('replacing the set kills every old code, used or not', async () => {
      const user = await newUser();
      await t.stores.backupCodes.replaceAll(user.id, ['old1', 'old2'], T0);
      const old = await t.stores.backupCodes.listUnused(user.id);
      await t.stores.backupCodes.replaceAll(user.id, ['new1'], T0);
      expect(await t.stores.backupCodes.consume(old[0]!.id, T0)).toBe(false);
      expect((await t.stores.backupCodes.listUnused(user.id)).map((c) => c.codeHash)).toEqual(['new1']);
      expect(await t.stores.backupCodes.counts(user.id)).toEqual({ remaining: 1, total: 1 });
    });

    it('two regenerations at once leave exactly one set', async () => {
      const user = await newUser();
      await Promise.all([
        t.stores.backupCodes.replaceAll(user.id, ['a1', 'a2', 'a3'], T0),
        t.stores.backupCodes.replaceAll(user.id, ['b1', 'b2', 'b3'], T0),
      ]);
      const hashes = (await t.stores.backupCodes.listUnused(user.id)).map((c) => c.codeHash).sort();
      expect([
        ['a1', 'a2', 'a3'],
        ['b1', 'b2', 'b3'],
      ]).toContainEqual(hashes);
    });

    it('deletes all codes of one user only', async () => {
      const [a, b] = [await newUser(), await newUser()];
      await t.stores.backupCodes.replaceAll(a.id, ['a1'], T0);
      await t.stores.backupCodes.replaceAll(b.id, ['b1'], T0);
      await t.stores.backupCodes.deleteAllForUser(a.id);
      expect(await t.stores.backupCodes.counts(a.id)).toEqual({ remaining: 0, total: 0 });
      expect(await t.stores.backupCodes.counts(b.id)).toEqual({ remaining: 1, total: 1 });
    });
  });
}
