import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { sweepExpired } from '../../src/services/sweep.js';
import type { Stores } from '../../src/storage/stores.js';
import { backendsUnderTest } from '../helpers/services.js';
import { at, createTestUser, inParallel, T0, useTestStores } from '../helpers/test-stores.js';

const STORES = await backendsUnderTest('retention sweeper', ['sqlite', 'postgres']);
const DAY = 86_400;

async function countRows(stores: Stores) {
  const db = stores.database.db;
  const n = async (
    table: 'sessions' | 'mfa_tokens' | 'otp_challenges' | 'rate_limits' | 'factors' | 'audit_events',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    sessions: await n('sessions'),
    mfa_tokens: await n('mfa_tokens'),
    otp_challenges: await n('otp_challenges'),
    rate_limits: await n('rate_limits'),
    factors: await n('factors'),
    audit_events: await n('audit_events'),
  };
}

/** Writes `n` rows of every kind that is dead at `at(10 * DAY)` and one of each that is still alive. */
async function seed(stores: Stores, n: number) {
  const user = await createTestUser(stores);
  const session = (expiresAt: Date) =>
    stores.sessions.create({
      tokenHash: randomUUID(),
      userId: user.id,
      now: T0,
      expiresAt,
      ip: null,
      userAgent: null,
      amr: ['pwd'],
    });
  const token = (expiresAt: Date) =>
    stores.mfaTokens.create({
      tokenHash: randomUUID(),
      userId: user.id,
      purpose: 'verify',
      now: T0,
      expiresAt,
      ip: null,
    });
  const factor = await stores.factors.createPending({
    userId: user.id,
    type: 'email',
    label: 'mail',
    destination: 'a@example.com',
    now: at(10 * DAY),
  });
  for (let i = 0; i < n; i++) {
    await session(at(DAY)); // expired
    const revoked = await session(at(20 * DAY));
    await stores.sessions.revoke(revoked.id, at(DAY));
    await token(at(600));
    // Asking for a code clears the user's own expired ones: the dead ones are of users who never came back.
    const gone = await createTestUser(stores);
    const codeFactor = await stores.factors.createPending({
      userId: gone.id,
      type: 'email',
      label: 'mail',
      destination: `${i}@example.com`,
      now: at(10 * DAY),
    });
    await stores.otpChallenges.replace({
      userId: gone.id,
      factorId: codeFactor.id,
      mfaTokenId: randomUUID(),
      purpose: 'verify',
      codeHash: 'x',
      now: T0,
      expiresAt: at(300),
    });
    await stores.sqlRateLimits.consume(`k-${randomUUID()}`, 5, 60, T0);
    await stores.factors.createPending({ userId: user.id, type: 'totp', label: 'old', now: T0 }); // abandoned
    await stores.audit.append({
      type: 'sign_in_succeeded',
      userId: user.id,
      actorId: null,
      orgId: null,
      ip: null,
      userAgent: null,
      details: {},
      at: at(-400 * DAY),
    });
  }
  // Alive at at(10 * DAY):
  await session(at(20 * DAY));
  await token(at(10 * DAY + 600));
  await stores.otpChallenges.replace({
    userId: user.id,
    factorId: factor.id,
    mfaTokenId: null,
    purpose: 'enroll',
    codeHash: 'y',
    now: at(10 * DAY),
    expiresAt: at(10 * DAY + 300),
  });
  await stores.sqlRateLimits.consume('alive', 5, 60, at(10 * DAY));
  await stores.audit.append({
    type: 'sign_in_succeeded',
    userId: user.id,
    actorId: null,
    orgId: null,
    ip: null,
    userAgent: null,
    details: {},
    at: at(-300 * DAY),
  });
}

for (const backend of STORES) {
  describe(`retention sweeper on ${backend}`, () => {
    const t = useTestStores(backend);
    const log = createLogger('silent');

    it('deletes every dead row in bounded batches, keeps the live ones, and counts them in the metric', async () => {
      const before = await countRows(t.stores);
      await seed(t.stores, 7);
      const metrics = createMetrics();
      const report = await sweepExpired(
        { stores: t.stores, now: () => at(10 * DAY), metrics, log },
        { auditRetentionDays: 365, batchSize: 3 },
      );
      expect(report).toEqual({
        sessions: 14,
        mfa_tokens: 7,
        otp_challenges: 7,
        rate_limits: 7,
        factors: 7,
        audit_events: 7,
      });
      const after = await countRows(t.stores);
      expect(after).toEqual({
        sessions: before.sessions + 1,
        mfa_tokens: before.mfa_tokens + 1,
        otp_challenges: before.otp_challenges + 1,
        rate_limits: before.rate_limits + 1,
        factors: before.factors + 8, // the live email setups
        audit_events: before.audit_events + 1,
      });
      const text = await metrics.registry.getSingleMetricAsString('twofold_sweeper_deleted_rows_total');
      expect(text).toContain('twofold_sweeper_deleted_rows_total{table="sessions"} 14');
    });

    it('AUDIT_RETENTION_DAYS=0 keeps the audit log forever', async () => {
      await seed(t.stores, 2);
      const report = await sweepExpired(
        { stores: t.stores, now: () => at(10 * DAY), metrics: createMetrics(), log },
        { auditRetentionDays: 0 },
      );
      expect(report.audit_events).toBe(0);
      expect(report.sessions).toBe(4);
    });

    it('several instances sweeping at once share the work: every dead row deleted once, no error', async () => {
      await sweepExpired(
        { stores: t.stores, now: () => at(10 * DAY), metrics: createMetrics(), log },
        { auditRetentionDays: 365 },
      );
      await seed(t.stores, 12);
      const reports = await inParallel(4, () =>
        sweepExpired(
          { stores: t.stores, now: () => at(10 * DAY), metrics: createMetrics(), log },
          { auditRetentionDays: 365, batchSize: 5 },
        ),
      );
      const total = (key: keyof (typeof reports)[number]) => reports.reduce((sum, r) => sum + r[key], 0);
      expect(total('sessions')).toBe(24);
      expect(total('rate_limits')).toBe(12);
      expect(total('audit_events')).toBe(12);
      const again = await sweepExpired(
        { stores: t.stores, now: () => at(10 * DAY), metrics: createMetrics(), log },
        { auditRetentionDays: 365 },
      );
      expect(Object.values(again).every((n) => n === 0)).toBe(true);
    });
  });
}
