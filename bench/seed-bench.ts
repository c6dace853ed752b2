import type { Keyring } from '../src/crypto/keyring.js';
import { decodeBase32 } from '../src/domain/base32.js';
import type { Stores } from '../src/storage/stores.js';
import { seedPendingSignIn, seedSession, seedUserWithTOTP } from '../test/helpers/seed.js';

export const BENCH_PASSWORD = 'correct horse battery staple';

/** What the load runs need: pending sign-ins, login emails, session tokens, a locked account. */
export interface BenchPools {
  /** One pending sign-in per user, for the verify run (each used once). */
  verify: Array<{ mfaToken: string; secret: Buffer }>;
  /** Users with two pending sign-ins each: a warm-up round and a measured round (flatness check). */
  flat: Array<{ warmToken: string; measureToken: string; secret: Buffer }>;
  /** Emails of users with 2FA and backup codes, for the password step. */
  loginEmails: string[];
  /** Session tokens, for the authenticated read. */
  sessionTokens: string[];
  /** A pending sign-in of a locked account, for the refusal run. */
  lockedMfaToken: string;
}

export interface SeedPlan {
  /** Enrolled users in total (every one with a confirmed TOTP factor). */
  users: number;
  verify: number;
  flat: number;
  login: number;
  sessions: number;
}

/** Runs `fn` for 0..n-1 with at most `concurrency` in flight. */
async function forEachLimited(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/**
 * Seeds the database through the repositories: `plan.users` users with a
 * confirmed authenticator app (secrets sealed under `keyring`, the server's key),
 * pending sign-ins and sessions stored directly (no argon2-bound login per user;
 * every user shares one real argon2id hash of {@link BENCH_PASSWORD}).
 */
export async function seedBench(
  stores: Stores,
  keyring: Keyring,
  options: {
    plan: SeedPlan;
    passwordHash: string;
    now: Date;
    concurrency: number;
    onProgress?: (done: number) => void;
  },
): Promise<BenchPools> {
  const { plan, passwordHash, now } = options;
  const pools: BenchPools = { verify: [], flat: [], loginEmails: [], sessionTokens: [], lockedMfaToken: '' };
  const special = plan.verify + plan.flat + plan.login;
  if (special + 1 > plan.users) throw new Error(`seed plan needs more than ${plan.users} users`);
  let done = 0;
  await forEachLimited(plan.users, options.concurrency, async (i) => {
    const isLogin = i >= plan.verify + plan.flat && i < special;
    const user = await seedUserWithTOTP(stores, keyring, {
      passwordHash,
      password: BENCH_PASSWORD,
      now,
      email: `bench-${i}@example.com`,
      backupCodeCount: isLogin ? 10 : 0,
    });
    const secret = decodeBase32(user.secret);
    if (i < plan.verify) {
      pools.verify.push({ mfaToken: await seedPendingSignIn(stores, user.userId, now, 3600), secret });
    } else if (i < plan.verify + plan.flat) {
      const warmToken = await seedPendingSignIn(stores, user.userId, now, 3600);
      pools.flat.push({
        warmToken,
        measureToken: await seedPendingSignIn(stores, user.userId, now, 3600),
        secret,
      });
    } else if (isLogin) {
      pools.loginEmails.push(user.email);
    } else if (pools.sessionTokens.length < plan.sessions) {
      pools.sessionTokens.push(await seedSession(stores, user.userId, now));
    }
    if (i === special) {
      // The locked account: its failure budget spent, locked for an hour, with a live pending sign-in.
      const { limits } = await stores.settings.getPolicy();
      for (let k = 0; k < limits.maxConsecutiveFailures; k++)
        await stores.users.reserveFailureSlot(user.userId, limits.maxConsecutiveFailures, now);
      await stores.users.lockIfExhausted(
        user.userId,
        limits.maxConsecutiveFailures,
        new Date(now.getTime() + 3_600_000),
      );
      pools.lockedMfaToken = await seedPendingSignIn(stores, user.userId, now, 3600);
    }
    done += 1;
    if (done % 5000 === 0) options.onProgress?.(done);
  });
  return pools;
}
