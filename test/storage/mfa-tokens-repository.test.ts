import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('mfa tokens repository', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const newUser = () => createTestUser(t.stores, 'm');
    const newToken = async (userId: string, purpose: 'verify' | 'enroll' = 'verify', ttlSeconds = 600) => {
      const tokenHash = randomUUID();
      const token = await t.stores.mfaTokens.create({
        tokenHash,
        userId,
        purpose,
        now: T0,
        expiresAt: at(ttlSeconds),
        ip: null,
      });
      return { ...token, tokenHash };
    };

    it('finds a live pending sign-in and its user by hash, until it expires or is consumed', async () => {
      const user = await newUser();
      const { tokenHash, ...token } = await newToken(user.id, 'enroll', 60);
      expect(await t.stores.mfaTokens.findActiveWithUser(tokenHash, at(59))).toEqual({
        mfaToken: token,
        user,
      });
      expect(await t.stores.mfaTokens.findActiveWithUser(tokenHash, at(60))).toBeNull();
      expect(await t.stores.mfaTokens.findActiveWithUser('unknown', at(1))).toBeNull();
      const consumed = await newToken(user.id);
      await t.stores.mfaTokens.consume(consumed.id, at(1));
      expect(await t.stores.mfaTokens.findActiveWithUser(consumed.tokenHash, at(2))).toBeNull();
    });

    it('reserves attempts 1..max, then refuses (SECURITY.md rule 13)', async () => {
      const user = await newUser();
      const token = await newToken(user.id);
      const used: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await t.stores.mfaTokens.reserveAttempt(token.id, 5, T0);
        if (r.ok) used.push(r.used);
      }
      expect(used).toEqual([1, 2, 3, 4, 5]);
    });

    it('50 parallel reservations with max 5: exactly 5 evaluations', async () => {
      const user = await newUser();
      const token = await newToken(user.id);
      const results = await inParallel(50, () => t.stores.mfaTokens.reserveAttempt(token.id, 5, T0));
      expect(results.flatMap((r) => (r.ok ? [r.used] : [])).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('reserves an attempt, then a failure slot, in one call; a refused attempt leaves the user alone', async () => {
      const user = await newUser();
      const token = await newToken(user.id);
      const reserve = (max: number, failures: number, now = T0) =>
        t.stores.transaction((tx) =>
          tx.mfaTokens.reserveAttemptAndFailureSlot(token.id, max, user.id, failures, now),
        );
      expect(await reserve(5, 2)).toEqual({ attempt: { ok: true, used: 1 }, slot: { ok: true, used: 1 } });
      expect(await reserve(5, 2)).toEqual({ attempt: { ok: true, used: 2 }, slot: { ok: true, used: 2 } });
      // The failure budget is spent: the attempt counts, the slot is refused.
      expect(await reserve(5, 2)).toEqual({ attempt: { ok: true, used: 3 }, slot: { ok: false } });
      // The attempt is refused: the user's row is not touched (a fresh budget shows no new slot taken).
      expect(await reserve(3, 10)).toEqual({ attempt: { ok: false }, slot: null });
      expect((await t.stores.users.findById(user.id))?.failedAttempts).toBe(2);
      await t.stores.mfaTokens.revoke(token.id, T0);
      expect(await reserve(10, 10)).toEqual({ attempt: { ok: false }, slot: null });
    });

    it('50 parallel combined reservations: at most max attempts, each with at most one slot', async () => {
      const user = await newUser();
      const token = await newToken(user.id);
      const results = await inParallel(50, () =>
        t.stores.transaction((tx) => tx.mfaTokens.reserveAttemptAndFailureSlot(token.id, 5, user.id, 3, T0)),
      );
      expect(results.flatMap((r) => (r.attempt.ok ? [r.attempt.used] : [])).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(results.flatMap((r) => (r.slot?.ok ? [r.slot.used] : [])).sort()).toEqual([1, 2, 3]);
      expect((await t.stores.users.findById(user.id))?.failedAttempts).toBe(3);
    });

    it('refuses attempts on an expired, consumed or revoked token', async () => {
      const user = await newUser();
      const expired = await newToken(user.id, 'verify', 10);
      expect(await t.stores.mfaTokens.reserveAttempt(expired.id, 5, at(10))).toEqual({ ok: false });
      const consumed = await newToken(user.id);
      await t.stores.mfaTokens.consume(consumed.id, T0);
      expect(await t.stores.mfaTokens.reserveAttempt(consumed.id, 5, T0)).toEqual({ ok: false });
      const revoked = await newToken(user.id);
      await t.stores.mfaTokens.revoke(revoked.id, T0);
      expect(await t.stores.mfaTokens.reserveAttempt(revoked.id, 5, T0)).toEqual({ ok: false });
    });

    it('single use: of 30 parallel consumes exactly one wins, and the token is gone', async () => {
      const user = await newUser();
      const token = await newToken(user.id);
      const results = await inParallel(30, () => t.stores.mfaTokens.consume(token.id, at(1)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await t.stores.mfaTokens.findActiveWithUser(token.tokenHash, at(2))).toBeNull();
    });

    it('cannot consume an expired or revoked token', async () => {
      const user = await newUser();
      const expired = await newToken(user.id, 'verify', 10);
      expect(await t.stores.mfaTokens.consume(expired.id, at(10))).toBe(false);
      const revoked = await newToken(user.id);
      await t.stores.mfaTokens.revoke(revoked.id, T0);
      expect(await t.stores.mfaTokens.consume(revoked.id, T0)).toBe(false);
    });

    it('revoking a consume race: revoke and consume at once leave the token dead either way', async () => {
      const user = await newUser();
      const token = await newToken(user.id);
      const [consumed] = await Promise.all([
        t.stores.mfaTokens.consume(token.id, T0),
        t.stores.mfaTokens.revoke(token.id, T0),
      ]);
      expect(typeof consumed).toBe('boolean');
      expect(await t.stores.mfaTokens.findActiveWithUser(token.tokenHash, T0)).toBeNull();
      expect(await t.stores.mfaTokens.consume(token.id, T0)).toBe(false);
    });

    it('revokes every live token of one user (the lockout path)', async () => {
      const [user, other] = [await newUser(), await newUser()];
      const a = await newToken(user.id);
      const b = await newToken(user.id, 'enroll');
      const kept = await newToken(other.id);
      await t.stores.mfaTokens.revokeAllForUser(user.id, at(1));
      expect(await t.stores.mfaTokens.findActiveWithUser(a.tokenHash, at(2))).toBeNull();
      expect(await t.stores.mfaTokens.findActiveWithUser(b.tokenHash, at(2))).toBeNull();
      expect(await t.stores.mfaTokens.findActiveWithUser(kept.tokenHash, at(2))).not.toBeNull();
    });
  });
}
