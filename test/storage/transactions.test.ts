import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../src/storage/stores.js';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('transactions', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const newUser = () => createTestUser(t.stores, 't');
    const newPending = async (userId: string) => {
      const tokenHash = randomUUID();
      const token = await t.stores.mfaTokens.create({
        tokenHash,
        userId,
        purpose: 'verify',
        now: T0,
        expiresAt: at(600),
        ip: null,
      });
      return { ...token, tokenHash };
    };
    /** A session for `userId` written through `sessions` (the transaction's or the stores'). */
    const newSession = (sessions: Repositories['sessions'], userId: string, tokenHash = randomUUID()) =>
      sessions.create({
        tokenHash,
        userId,
        now: at(1),
        expiresAt: at(3600),
        ip: null,
        userAgent: null,
        amr: ['pwd'],
      });

    it('commits everything written in it together', async () => {
      const user = await newUser();
      const pending = await newPending(user.id);
      const sessionHash = randomUUID();
      await t.stores.transaction(async (tx) => {
        expect(await tx.mfaTokens.consume(pending.id, at(1))).toBe(true);
        await newSession(tx.sessions, user.id, sessionHash);
      });
      expect(await t.stores.mfaTokens.findActiveWithUser(pending.tokenHash, at(2))).toBeNull();
      expect(await t.stores.sessions.findActiveWithUser(sessionHash, at(2))).not.toBeNull();
    });

    it('rolls everything back when the work throws: the pending sign-in stays usable, no session exists', async () => {
      const user = await newUser();
      const pending = await newPending(user.id);
      const sessionHash = randomUUID();
      await expect(
        t.stores.transaction(async (tx) => {
          await tx.mfaTokens.consume(pending.id, at(1));
          await newSession(tx.sessions, user.id, sessionHash);
          throw new Error('audit failed');
        }),
      ).rejects.toThrow('audit failed');
      expect(await t.stores.mfaTokens.findActiveWithUser(pending.tokenHash, at(2))).not.toBeNull();
      expect(await t.stores.sessions.findActiveWithUser(sessionHash, at(2))).toBeNull();
    });

    it('of 20 parallel completions of one pending sign-in exactly one commits a session', async () => {
      const user = await newUser();
      const pending = await newPending(user.id);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.stores
            .transaction(async (tx) => {
              if (!(await tx.mfaTokens.consume(pending.id, at(1)))) throw new Error('lost');
              await newSession(tx.sessions, user.id);
            })
            .then(
              () => 'won',
              () => 'lost',
            ),
        ),
      );
      expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
      const sessions = await t.stores.database.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', user.id)
        .execute();
      expect(sessions).toHaveLength(1);
    });
  });
}
