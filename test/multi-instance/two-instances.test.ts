import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import type { Keyring } from '../../src/crypto/keyring.js';
import { hashPassword } from '../../src/crypto/passwords.js';
import { decodeBase32 } from '../../src/domain/base32.js';
import { generateTOTP } from '../../src/domain/totp.js';
import { createLogger } from '../../src/logger.js';
import { MIGRATIONS } from '../../src/storage/sql/migrations/index.js';
import type { Stores } from '../../src/storage/stores.js';
import { freePort, type ServerProcess, startServerProcess } from '../helpers/instances.js';
import { type SeededUser, seedPendingSignIn, seedUserWithTOTP } from '../helpers/seed.js';
import {
  createPostgresDatabase,
  deleteRedisKeys,
  REDIS_TEST_URL,
  servicesAvailable,
  type TestPostgresDatabase,
  testRedisPrefix,
} from '../helpers/services.js';

/*
 * Two server processes on one PostgreSQL and one Redis, as behind a load
 * balancer: every rule that holds on one instance must hold across both. The
 * processes run on the real clock, so codes come from the real time, and each
 * scenario has its own user (no two scenarios share a TOTP step).
 */
const available = await servicesAvailable('multi-instance', ['postgres', 'redis']);
const PASSWORD = 'correct horse battery staple';

/** The TOTP code of `user` at the real time now (the servers' clock). */
function codeNow(user: SeededUser): string {
  return generateTOTP({ secret: decodeBase32(user.secret), timeSeconds: Date.now() / 1000 });
}

/** A six-digit code that is not the current, previous or next one. */
function wrongCode(user: SeededUser): string {
  const near = [-1, 0, 1].map((d) =>
    generateTOTP({ secret: decodeBase32(user.secret), timeSeconds: Date.now() / 1000 + d * 30 }),
  );
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.includes(candidate)) return candidate;
  }
}

async function lockoutsCounted(server: ServerProcess): Promise<number> {
  const { body } = await server.request('GET', '/metrics');
  return Number(/^twofold_lockouts_total (\d+)/m.exec(body as string)?.[1] ?? Number.NaN);
}

describe.skipIf(!available)('two instances on one PostgreSQL and Redis', () => {
  let database: TestPostgresDatabase;
  let redisPrefix: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let stores: Stores;
  let keyring: Keyring;
  let passwordHash: string;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    redisPrefix = testRedisPrefix();
    const env = {
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '5',
      TWOFOLD_SECRET_KEY: randomBytes(32).toString('base64'),
      REDIS_URL: REDIS_TEST_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    };
    const [portA, portB] = [await freePort(), await freePort()];
    // Both start at once on an empty database: the migrator's advisory lock lets one migrate.
    [a, b] = await Promise.all([startServerProcess(portA, env), startServerProcess(portB, env)]);
    ({ stores, keyring } = await openStores(loadConfig(env), createLogger('silent')));
    passwordHash = await hashPassword(PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await stores?.close();
    await database?.drop();
    if (redisPrefix) await deleteRedisKeys(redisPrefix);
  });

  const seedUser = () =>
    seedUserWithTOTP(stores, keyring, { passwordHash, password: PASSWORD, now: new Date() });

  it('both started together on an empty database, which was migrated exactly once', async () => {
    const rows = await stores.database.db
      .selectFrom('twofold_migrations' as never)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(Object.keys(MIGRATIONS).length);
    expect((await a.request('GET', '/readyz')).status).toBe(200);
    expect((await b.request('GET', '/readyz')).status).toBe(200);
  });

  it('a sign-in started on A completes on B; the session works on A; the mfaToken is then dead on both', async () => {
    const user = await seedUser();
    const login = await a.request('POST', '/api/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(login.body).toMatchObject({ status: 'mfa_required', preferredMethod: 'totp' });
    const verify = await b.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: codeNow(user) },
    });
    expect(verify.status).toBe(200);
    expect((await a.request('GET', '/api/mfa', { token: verify.body.session.token })).status).toBe(200);
    for (const server of [a, b]) {
      const again = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, method: 'backup_code', code: user.backupCodes[0] },
      });
      expect(again.body.error.code).toBe('invalid_mfa_token');
    }
  });

  it('a TOTP code used on A is refused on B', async () => {
    const user = await seedUser();
    const code = codeNow(user);
    const first = await seedPendingSignIn(stores, user.userId, new Date());
    expect(
      (await a.request('POST', '/api/auth/mfa/verify', { body: { mfaToken: first, method: 'totp', code } }))
        .status,
    ).toBe(200);
    const second = await seedPendingSignIn(stores, user.userId, new Date());
    const replay = await b.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: second, method: 'totp', code },
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('invalid_code');
  });

  it('30 parallel uses of one backup code spread over A and B: exactly one signs in', async () => {
    const user = await seedUser();
    const tokens = await Promise.all(
      Array.from({ length: 30 }, () => seedPendingSignIn(stores, user.userId, new Date())),
    );
    const code = user.backupCodes[0]!;
    const results = await Promise.all(
      tokens.map((mfaToken, i) =>
        (i % 2 ? b : a).request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken, method: 'backup_code', code },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => [200, 400, 423].includes(r.status))).toBe(true);
    expect(await stores.backupCodes.counts(user.userId)).toEqual({ remaining: 9, total: 10 });
  });

  it('failures counted across both instances lock the account once, at the limit', async () => {
    const user = await seedUser();
    const before = (await lockoutsCounted(a)) + (await lockoutsCounted(b));
    // 8 pending sign-ins × 5 attempts each = 40 wrong codes at once, half on each instance.
    const tokens = await Promise.all(
      Array.from({ length: 8 }, () => seedPendingSignIn(stores, user.userId, new Date())),
    );
    const code = wrongCode(user);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? b : a).request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken: tokens[i % 8], method: 'totp', code },
        }),
      ),
    );
    expect(results.some((r) => r.status === 200)).toBe(false);
    expect(results.filter((r) => r.status === 423).length).toBeGreaterThan(0);

    const { events } = await stores.audit.list({ userId: user.userId, limit: 100 });
    expect(events.filter((e) => e.type === 'account_locked')).toHaveLength(1);
    // Counted before the code is checked: no more evaluations than the limit (10).
    expect(events.filter((e) => e.type === 'second_factor_failed')).toHaveLength(10);
    expect((await lockoutsCounted(a)) + (await lockoutsCounted(b))).toBe(before + 1);

    // Locked on both: the right code on a new pending sign-in is refused, and so is the password step.
    const fresh = await seedPendingSignIn(stores, user.userId, new Date());
    const right = await b.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: fresh, method: 'totp', code: codeNow(user) },
    });
    expect(right.status).toBe(423);
    const login = await a.request('POST', '/api/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(login.status).toBe(423);
  });

  it('password guesses are throttled per account across both instances (shared Redis counter)', async () => {
    const user = await seedUser();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const server = i % 2 ? b : a;
      statuses.push(
        (
          await server.request('POST', '/api/auth/login', {
            body: { email: user.email, password: 'wrong password' },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
