import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('sessions repository', ['sqlite', 'postgres']);

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const newUser = () => createTestUser(t.stores, 's');
    const newSession = (userId: string, ttlSeconds = 3600) =>
      t.stores.sessions.create({
        tokenHash: randomUUID(),
        userId,
        now: T0,
        expiresAt: at(ttlSeconds),
        ip: '203.0.113.5',
        userAgent: 'test',
        amr: ['pwd', 'totp'],
      });

    it('finds a live session and its user by token hash, with its amr', async () => {
      const user = await newUser();
      const tokenHash = randomUUID();
      const created = await t.stores.sessions.create({
        tokenHash,
        userId: user.id,
        now: T0,
        expiresAt: at(60),
        ip: null,
        userAgent: null,
        amr: ['pwd'],
      });
      expect(await t.stores.sessions.findActiveWithUser(tokenHash, at(59))).toEqual({
        session: created,
        user,
      });
      expect(await t.stores.sessions.findActiveWithUser(tokenHash, at(60))).toBeNull();
      expect(await t.stores.sessions.findActiveWithUser('unknown', T0)).toBeNull();
    });

    it('a revoked session is not found; revoking twice is harmless', async () => {
      const user = await newUser();
      const session = await newSession(user.id);
      const [row] = await t.stores.database.db
        .selectFrom('sessions')
        .select('token_hash')
        .where('id', '=', session.id)
        .execute();
      await t.stores.sessions.revoke(session.id, at(1));
      await t.stores.sessions.revoke(session.id, at(2));
      expect(await t.stores.sessions.findActiveWithUser(row!.token_hash, at(3))).toBeNull();
    });

    it('marks a re-authentication', async () => {
      const user = await newUser();
      const tokenHash = randomUUID();
      const session = await t.stores.sessions.create({
        tokenHash,
        userId: user.id,
        now: T0,
        expiresAt: at(600),
        ip: null,
        userAgent: null,
        amr: [],
      });
      await t.stores.sessions.markReauthenticated(session.id, at(120));
      expect((await t.stores.sessions.findActiveWithUser(tokenHash, at(121)))?.session.reauthAt).toEqual(
        at(120),
      );
    });

    it('revokes every session of a user but the one kept, and reports how many', async () => {
      const [user, other] = [await newUser(), await newUser()];
      const keep = await newSession(user.id);
      await newSession(user.id);
      await newSession(user.id);
      const untouched = await newSession(other.id);
      expect(await t.stores.sessions.revokeAllForUser(user.id, at(5), keep.id)).toBe(2);
      expect(await t.stores.sessions.revokeAllForUser(user.id, at(6))).toBe(1);
      expect(await t.stores.sessions.revokeAllForUser(user.id, at(7))).toBe(0);
      const rows = await t.stores.database.db
        .selectFrom('sessions')
        .select(['id', 'revoked_at'])
        .where('id', '=', untouched.id)
        .execute();
      expect(rows[0]?.revoked_at).toBeNull();
    });
  });
}
