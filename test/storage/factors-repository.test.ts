import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('factors repository', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const newUser = () => createTestUser(t.stores, 'f');
    const pending = (userId: string, seconds = 0, label = 'App') =>
      t.stores.factors.createPending({
        userId,
        type: 'totp',
        label,
        secretSealed: 'v1.sealed',
        now: at(seconds),
      });
    const preferredIds = async (userId: string) =>
      (await t.stores.factors.listConfirmed(userId)).filter((f) => f.preferred).map((f) => f.id);

    it('a pending factor is stored with its sealed secret but is not listed as confirmed', async () => {
      const user = await newUser();
      const id = t.stores.factors.newId();
      const factor = await t.stores.factors.createPending({
        id,
        userId: user.id,
        type: 'totp',
        label: 'Phone',
        secretSealed: 'v1.x',
        now: T0,
      });
      expect(factor.id).toBe(id);
      expect(await t.stores.factors.findById(id)).toEqual(factor);
      expect(factor).toMatchObject({
        confirmedAt: null,
        preferred: false,
        lastStep: null,
        confirmAttempts: 0,
      });
      expect(await t.stores.factors.listConfirmed(user.id)).toEqual([]);
    });

    it('confirm: the first confirmed factor becomes preferred, later ones do not; listed preferred first', async () => {
      const user = await newUser();
      const a = await pending(user.id, 0, 'A');
      const b = await pending(user.id, 1, 'B');
      expect(await t.stores.factors.confirm(a.id, user.id, at(10), 20)).toBe(true);
      expect(await t.stores.factors.confirm(b.id, user.id, at(11), null)).toBe(true);
      const listed = await t.stores.factors.listConfirmed(user.id);
      expect(listed.map((f) => [f.label, f.preferred])).toEqual([
        ['A', true],
        ['B', false],
      ]);
      expect(listed[0]).toMatchObject({ confirmedAt: at(10), lastStep: 20, lastUsedAt: at(10) });
    });

    it('of 20 parallel confirms of one factor exactly one wins', async () => {
      const user = await newUser();
      const factor = await pending(user.id);
      const results = await inParallel(20, () => t.stores.factors.confirm(factor.id, user.id, T0, 1));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('confirming several factors at once leaves exactly one preferred', async () => {
      const user = await newUser();
      const factors = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => pending(user.id, i, `F${i}`)));
      const results = await Promise.all(
        factors.map((f) => t.stores.factors.confirm(f.id, user.id, at(10), null)),
      );
      expect(results.every(Boolean)).toBe(true);
      expect(await preferredIds(user.id)).toHaveLength(1);
    });

    it('confirm refuses another user’s factor', async () => {
      const [owner, other] = [await newUser(), await newUser()];
      const factor = await pending(owner.id);
      expect(await t.stores.factors.confirm(factor.id, other.id, T0, null)).toBe(false);
    });

    it('counts wrong confirmation codes up to the max: 20 parallel with max 5 → counts 1..5', async () => {
      const user = await newUser();
      const factor = await pending(user.id);
      const counts = await inParallel(20, () => t.stores.factors.countConfirmAttempt(factor.id, 5));
      expect(counts.filter((c) => c !== null).sort()).toEqual([1, 2, 3, 4, 5]);
      await t.stores.factors.confirm(factor.id, user.id, T0, null);
      const confirmed = await pending(user.id);
      await t.stores.factors.confirm(confirmed.id, user.id, T0, null);
      expect(await t.stores.factors.countConfirmAttempt(confirmed.id, 5)).toBeNull();
    });

    describe('acceptStep (SECURITY.md rule 3)', () => {
      it('accepts only a step later than the last one', async () => {
        const user = await newUser();
        const factor = await pending(user.id);
        await t.stores.factors.confirm(factor.id, user.id, T0, 100);
        expect(await t.stores.factors.acceptStep(factor.id, 100, at(1))).toBe(false);
        expect(await t.stores.factors.acceptStep(factor.id, 99, at(1))).toBe(false);
        expect(await t.stores.factors.acceptStep(factor.id, 102, at(2))).toBe(true);
        expect(await t.stores.factors.acceptStep(factor.id, 101, at(3))).toBe(false);
        expect(await t.stores.factors.findById(factor.id)).toMatchObject({
          lastStep: 102,
          lastUsedAt: at(2),
        });
      });

      it('accepts the first step of a factor confirmed without one', async () => {
        const user = await newUser();
        const factor = await pending(user.id);
        await t.stores.factors.confirm(factor.id, user.id, T0, null);
        expect(await t.stores.factors.acceptStep(factor.id, 5, T0)).toBe(true);
      });

      it('never accepts a step on an unconfirmed factor', async () => {
        const user = await newUser();
        const factor = await pending(user.id);
        expect(await t.stores.factors.acceptStep(factor.id, 5, T0)).toBe(false);
      });

      it('of 30 parallel uses of one step exactly one is accepted', async () => {
        const user = await newUser();
        const factor = await pending(user.id);
        await t.stores.factors.confirm(factor.id, user.id, T0, 10);
        const results = await inParallel(30, () => t.stores.factors.acceptStep(factor.id, 11, at(1)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('of parallel uses of steps 11 and 12, step 12 always ends up stored', async () => {
        const user = await newUser();
        const factor = await pending(user.id);
        await t.stores.factors.confirm(factor.id, user.id, T0, 10);
        await inParallel(20, (i) => t.stores.factors.acceptStep(factor.id, 11 + (i % 2), at(1)));
        expect((await t.stores.factors.findById(factor.id))?.lastStep).toBe(12);
      });
    });

    it('setPreferred moves the flag to a confirmed factor of the user only', async () => {
      const user = await newUser();
      const a = await pending(user.id, 0);
      const b = await pending(user.id, 1);
      const unconfirmed = await pending(user.id, 2);
      await t.stores.factors.confirm(a.id, user.id, T0, null);
      await t.stores.factors.confirm(b.id, user.id, T0, null);
      expect(await t.stores.factors.setPreferred(user.id, b.id)).toBe(true);
      expect(await preferredIds(user.id)).toEqual([b.id]);
      expect(await t.stores.factors.setPreferred(user.id, unconfirmed.id)).toBe(false);
      expect(await t.stores.factors.setPreferred((await newUser()).id, a.id)).toBe(false);
      expect(await preferredIds(user.id)).toEqual([b.id]);
    });

    it('parallel setPreferred calls leave exactly one preferred factor', async () => {
      const user = await newUser();
      const factors = await Promise.all([0, 1, 2, 3].map((i) => pending(user.id, i)));
      for (const f of factors) await t.stores.factors.confirm(f.id, user.id, T0, null);
      await inParallel(12, (i) => t.stores.factors.setPreferred(user.id, factors[i % 4]!.id));
      expect(await preferredIds(user.id)).toHaveLength(1);
    });

    it('deleting the preferred factor hands the flag to the oldest remaining one', async () => {
      const user = await newUser();
      const a = await pending(user.id, 0);
      const b = await pending(user.id, 1);
      const c = await pending(user.id, 2);
      for (const f of [a, b, c]) await t.stores.factors.confirm(f.id, user.id, T0, null);
      expect(await t.stores.factors.delete(user.id, a.id)).toBe(true);
      expect(await preferredIds(user.id)).toEqual([b.id]);
      expect(await t.stores.factors.delete(user.id, a.id)).toBe(false);
      expect(await t.stores.factors.delete((await newUser()).id, b.id)).toBe(false);
    });

    it('deleting two factors at once still leaves exactly one preferred', async () => {
      const user = await newUser();
      const factors = await Promise.all([0, 1, 2, 3].map((i) => pending(user.id, i)));
      for (const f of factors) await t.stores.factors.confirm(f.id, user.id, T0, null);
      await Promise.all([
        t.stores.factors.delete(user.id, factors[0]!.id),
        t.stores.factors.delete(user.id, factors[1]!.id),
      ]);
      expect(await preferredIds(user.id)).toHaveLength(1);
    });

    it('deletes all of a user’s factors, and stale pending setups only', async () => {
      const user = await newUser();
      const old = await pending(user.id, 0);
      const fresh = await pending(user.id, 3600);
      const confirmed = await pending(user.id, 0);
      await t.stores.factors.confirm(confirmed.id, user.id, T0, null);
      await t.stores.factors.deleteStalePending(user.id, at(60));
      expect(await t.stores.factors.findById(old.id)).toBeNull();
      expect(await t.stores.factors.findById(fresh.id)).not.toBeNull();
      expect(await t.stores.factors.findById(confirmed.id)).not.toBeNull();
      expect(await t.stores.factors.deleteAllForUser(user.id)).toBe(2);
      expect(await t.stores.factors.listConfirmed(user.id)).toEqual([]);
    });

    it('deleting a user deletes their factors (cascade)', async () => {
      const user = await newUser();
      const factor = await pending(user.id);
      await t.stores.database.db.deleteFrom('users').where('id', '=', user.id).execute();
      expect(await t.stores.factors.findById(factor.id)).toBeNull();
    });
  });
}
