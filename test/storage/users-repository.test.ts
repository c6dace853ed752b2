import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('users repository', ['sqlite', 'postgres']);
const email = () => `u-${randomUUID()}@example.com`;

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const newUser = () => createTestUser(t.stores, 'u');

    it('creates and finds a user by id and by email, with instants as Dates', async () => {
      const created = await t.stores.users.create({
        email: email(),
        passwordHash: 'h1',
        name: 'Ann',
        role: 'org_admin',
        now: T0,
      });
      const byId = await t.stores.users.findById(created.id);
      expect(byId).toEqual(created);
      expect(await t.stores.users.findByEmail(created.email)).toEqual(created);
      expect(byId).toMatchObject({
        failedAttempts: 0,
        lockedUntil: null,
        lastSignInAt: null,
        createdAt: T0,
        name: 'Ann',
        role: 'org_admin',
      });
      expect(await t.stores.users.findById('nope')).toBeNull();
      expect(await t.stores.users.findByEmail('nobody@example.com')).toBeNull();
    });

    it('refuses a second user with the same email (unique index)', async () => {
      const first = await newUser();
      await expect(
        t.stores.users.create({ email: first.email, passwordHash: 'x', role: 'member', now: T0 }),
      ).rejects.toThrow();
    });

    it('of 20 parallel sign-ups with one email exactly one is stored', async () => {
      const shared = email();
      const results = await inParallel(20, () =>
        t.stores.users.create({ email: shared, passwordHash: 'x', role: 'member', now: T0 }).then(
          () => 'ok',
          () => 'conflict',
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    });

    it('counts users as a number', async () => {
      const before = await t.stores.users.count();
      await newUser();
      expect(await t.stores.users.count()).toBe(before + 1);
    });

    it('records a sign-in and a new password hash', async () => {
      const user = await newUser();
      await t.stores.users.recordSignIn(user.id, at(5));
      await t.stores.users.setPasswordHash(user.id, 'new-hash', at(6));
      expect(await t.stores.users.findById(user.id)).toMatchObject({
        lastSignInAt: at(5),
        passwordHash: 'new-hash',
      });
    });

    describe('failure slots (SECURITY.md rule 14)', () => {
      it('reserves slots 1..max, then refuses; the count is on the user row', async () => {
        const user = await newUser();
        const used: number[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await t.stores.users.reserveFailureSlot(user.id, 3, T0);
          if (r.ok) used.push(r.used);
        }
        expect(used).toEqual([1, 2, 3]);
        expect(await t.stores.users.reserveFailureSlot(user.id, 3, T0)).toEqual({ ok: false });
        expect((await t.stores.users.findById(user.id))?.failedAttempts).toBe(3);
      });

      it('50 parallel reservations with max 10: exactly 10 succeed, each with its own slot', async () => {
        const user = await newUser();
        const results = await inParallel(50, () => t.stores.users.reserveFailureSlot(user.id, 10, T0));
        const used = results.flatMap((r) => (r.ok ? [r.used] : []));
        expect(used.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect((await t.stores.users.findById(user.id))?.failedAttempts).toBe(10);
      });

      it('locks once: of 20 parallel lockIfExhausted calls exactly one locks', async () => {
        const user = await newUser();
        for (let i = 0; i < 5; i++) await t.stores.users.reserveFailureSlot(user.id, 5, T0);
        const results = await inParallel(20, () => t.stores.users.lockIfExhausted(user.id, 5, at(900)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await t.stores.users.findById(user.id))?.lockedUntil).toEqual(at(900));
      });

      it('does not lock below the limit', async () => {
        const user = await newUser();
        await t.stores.users.reserveFailureSlot(user.id, 5, T0);
        expect(await t.stores.users.lockIfExhausted(user.id, 5, at(900))).toBe(false);
        expect((await t.stores.users.findById(user.id))?.lockedUntil).toBeNull();
      });

      it('refuses every reservation while locked; after the lock a fresh count starts at 1', async () => {
        const user = await newUser();
        for (let i = 0; i < 2; i++) await t.stores.users.reserveFailureSlot(user.id, 2, T0);
        await t.stores.users.lockIfExhausted(user.id, 2, at(60));
        expect(await t.stores.users.reserveFailureSlot(user.id, 2, at(59))).toEqual({ ok: false });
        const results = await inParallel(10, () => t.stores.users.reserveFailureSlot(user.id, 2, at(60)));
        const used = results.flatMap((r) => (r.ok ? [r.used] : []));
        expect(used.sort()).toEqual([1, 2]);
        expect((await t.stores.users.findById(user.id))?.lockedUntil).toBeNull();
      });

      it('clearFailures resets the count and the lock', async () => {
        const user = await newUser();
        for (let i = 0; i < 2; i++) await t.stores.users.reserveFailureSlot(user.id, 2, T0);
        await t.stores.users.lockIfExhausted(user.id, 2, at(60));
        await t.stores.users.clearFailures(user.id);
        expect(await t.stores.users.findById(user.id)).toMatchObject({
          failedAttempts: 0,
          lockedUntil: null,
        });
        expect(await t.stores.users.reserveFailureSlot(user.id, 2, T0)).toEqual({ ok: true, used: 1 });
      });
    });
  });
}
