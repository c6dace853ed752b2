import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('account repositories', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);

    describe('sessions: last seen and listing', () => {
      const newSession = (userId: string, now = T0) =>
        t.stores.sessions.create({
          tokenHash: randomUUID(),
          userId,
          now,
          expiresAt: at(3600),
          ip: '203.0.113.9',
          userAgent: 'test',
          amr: ['pwd', 'totp'],
        });

      it('touch writes at most once per interval, however many race', async () => {
        const user = await createTestUser(t.stores, 'touch');
        const session = await newSession(user.id);
        expect(await t.stores.sessions.touch(session.id, at(30), 60)).toBe(false);
        const wins = await inParallel(10, () => t.stores.sessions.touch(session.id, at(61), 60));
        expect(wins.filter(Boolean)).toHaveLength(1);
        const [listed] = await t.stores.sessions.listActiveForUser(user.id, at(62));
        expect(listed?.lastSeenAt).toEqual(at(61));
      });

      it('lists live sessions only, and ends one only for its own user', async () => {
        const [ann, bob] = [await createTestUser(t.stores, 'ann'), await createTestUser(t.stores, 'bob')];
        const a1 = await newSession(ann.id);
        const a2 = await newSession(ann.id, at(10));
        const b1 = await newSession(bob.id);
        expect((await t.stores.sessions.listActiveForUser(ann.id, at(11))).map((s) => s.id)).toEqual([
          a2.id,
          a1.id,
        ]);
        expect(await t.stores.sessions.revokeForUser(b1.id, ann.id, at(12))).toBe(false);
        expect(await t.stores.sessions.revokeForUser(a1.id, ann.id, at(12))).toBe(true);
        expect(await t.stores.sessions.revokeForUser(a1.id, ann.id, at(13))).toBe(false);
        expect((await t.stores.sessions.listActiveForUser(ann.id, at(14))).map((s) => s.id)).toEqual([a2.id]);
        expect(await t.stores.sessions.listActiveForUser(ann.id, at(3600))).toEqual([]);
      });
    });

    describe('password resets', () => {
      it('a link is found while live and consumed exactly once under concurrency', async () => {
        const user = await createTestUser(t.stores, 'reset');
        const tokenHash = randomUUID();
        const reset = await t.stores.passwordResets.create({
          tokenHash,
          userId: user.id,
          now: T0,
          expiresAt: at(1800),
          ip: null,
        });
        expect(await t.stores.passwordResets.findActive(tokenHash, at(1799))).toEqual(reset);
        expect(await t.stores.passwordResets.findActive(tokenHash, at(1800))).toBeNull();
        const wins = await inParallel(20, () => t.stores.passwordResets.consume(reset.id, at(5)));
        expect(wins.filter(Boolean)).toHaveLength(1);
        expect(await t.stores.passwordResets.findActive(tokenHash, at(6))).toBeNull();
      });

      it('revoking a user’s links kills the live ones', async () => {
        const user = await createTestUser(t.stores, 'reset');
        const tokenHash = randomUUID();
        await t.stores.passwordResets.create({
          tokenHash,
          userId: user.id,
          now: T0,
          expiresAt: at(1800),
          ip: null,
        });
        expect(await t.stores.passwordResets.revokeAllForUser(user.id, at(1))).toBe(1);
        expect(await t.stores.passwordResets.findActive(tokenHash, at(2))).toBeNull();
        expect(await t.stores.passwordResets.revokeAllForUser(user.id, at(3))).toBe(0);
      });
    });

    describe('remembered browsers', () => {
      it('rotates only from the current token, once under concurrency', async () => {
        const user = await createTestUser(t.stores, 'device');
        const id = randomUUID();
        await t.stores.rememberedBrowsers.create({
          id,
          userId: user.id,
          tokenHash: 'h0',
          now: T0,
          expiresAt: at(86_400),
          ip: null,
          userAgent: null,
        });
        const meta = { ip: '198.51.100.1', userAgent: 'ua' };
        const wins = await inParallel(10, (i) =>
          t.stores.rememberedBrowsers.rotate(id, user.id, 'h0', `h1-${i}`, at(5), meta),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
        // The old token never matches again.
        expect(await t.stores.rememberedBrowsers.rotate(id, user.id, 'h0', 'h2', at(6), meta)).toBe(false);
        const [row] = await t.stores.rememberedBrowsers.listActiveForUser(user.id, at(7));
        expect(row?.lastUsedAt).toEqual(at(5));
        expect(row?.ip).toBe('198.51.100.1');
        // Another user cannot find, rotate or forget it.
        const other = await createTestUser(t.stores, 'other');
        expect(await t.stores.rememberedBrowsers.findActive(id, other.id, at(8))).toBeNull();
        expect(await t.stores.rememberedBrowsers.revokeForUser(id, other.id, at(8))).toBe(false);
        expect(await t.stores.rememberedBrowsers.revokeAllForUser(user.id, at(9))).toBe(1);
        expect(await t.stores.rememberedBrowsers.findActive(id, user.id, at(10))).toBeNull();
      });
    });
  });
}
