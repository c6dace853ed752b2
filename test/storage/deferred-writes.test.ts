import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, useTestStores } from '../helpers/test-stores.js';

// Held-back writes are a PostgreSQL matter (round trips); SQLite runs every statement at once.
const STORES = await backendsUnderTest('deferred writes', ['postgres']);

/** The statements PostgreSQL was sent, in order, while `statements.on` is set. */
const statements = { on: false, seen: [] as string[] };
const sendQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
// Wrapped before any pool connects: each connection's own wrapper (database.ts) binds this one.
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const [first] = args;
  if (statements.on)
    statements.seen.push(typeof first === 'string' ? first : String((first as { text?: string })?.text));
  return sendQuery.apply(this, args);
};

for (const store of STORES) {
  describe(store, () => {
    const t = useTestStores(store);
    const sessionFor = (userId: string, tokenHash = randomUUID()) => ({
      tokenHash,
      userId,
      now: at(1),
      expiresAt: at(3600),
      ip: null,
      userAgent: null,
      amr: ['pwd', 'totp'],
    });
    const auditFor = (userId: string) => ({
      type: 'sign_in_succeeded' as const,
      userId,
      actorId: null,
      orgId: null,
      ip: null,
      userAgent: null,
      details: {},
      at: at(1),
    });

    it('sends the session, the audit row and the failure reset as one statement before the commit', async () => {
      const user = await createTestUser(t.stores, 'd');
      const hash = randomUUID();
      statements.seen = [];
      statements.on = true;
      await t.stores.transaction(async (tx) => {
        await tx.sessions.create(sessionFor(user.id, hash));
        await tx.audit.append(auditFor(user.id));
        await tx.users.clearFailures(user.id, at(1));
      });
      statements.on = false;
      const sent = statements.seen.map((s) => s.trim().slice(0, 30).toLowerCase());
      expect(sent).toEqual(['begin', expect.stringMatching(/^with w1 as \(insert into "sess/), 'commit']);
      expect(await t.stores.sessions.findActiveWithUser(hash, at(2))).not.toBeNull();
      expect((await t.stores.users.findById(user.id))?.lastSignInAt?.getTime()).toBe(at(1).getTime());
      const { events } = await t.stores.audit.list({ userId: user.id, limit: 10 });
      expect(events.map((e) => e.type)).toContain('sign_in_succeeded');
    });

    it('a read after held writes sees them (they go first)', async () => {
      const user = await createTestUser(t.stores, 'd');
      const hash = randomUUID();
      const found = await t.stores.transaction(async (tx) => {
        await tx.sessions.create(sessionFor(user.id, hash));
        await tx.audit.append(auditFor(user.id));
        return tx.sessions.findActiveWithUser(hash, at(2));
      });
      expect(found?.user.id).toBe(user.id);
    });

    it('a held write that fails refuses the commit: nothing of the transaction stays', async () => {
      const user = await createTestUser(t.stores, 'd');
      const hash = randomUUID();
      await expect(
        t.stores.transaction(async (tx) => {
          await tx.users.clearFailures(user.id, at(5));
          await tx.audit.append(auditFor(user.id));
          // No such user: the foreign key refuses this row, but only when the held writes are sent.
          await tx.sessions.create(sessionFor(randomUUID(), hash));
        }),
      ).rejects.toThrow(/foreign key/);
      expect((await t.stores.users.findById(user.id))?.lastSignInAt ?? null).toBeNull();
      expect((await t.stores.audit.list({ userId: user.id, limit: 10 })).events).toEqual([]);
      // The connection is clean for the next transaction.
      await t.stores.transaction((tx) => tx.sessions.create(sessionFor(user.id)));
    });

    it('a rollback drops the held writes', async () => {
      const user = await createTestUser(t.stores, 'd');
      const hash = randomUUID();
      await expect(
        t.stores.transaction(async (tx) => {
          await tx.sessions.create(sessionFor(user.id, hash));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await t.stores.sessions.findActiveWithUser(hash, at(2))).toBeNull();
    });

    it('outside a transaction nothing is held', async () => {
      const user = await createTestUser(t.stores, 'd');
      const hash = randomUUID();
      await t.stores.sessions.create(sessionFor(user.id, hash));
      expect(await t.stores.sessions.findActiveWithUser(hash, at(2))).not.toBeNull();
    });
  });
}
