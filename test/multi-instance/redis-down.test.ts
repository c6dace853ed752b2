import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/crypto/passwords.js';
import { freePort } from '../helpers/instances.js';
import { type SeededUser, seedUserWithTOTP } from '../helpers/seed.js';
import { startTestServer, type TestServer, totpCode } from '../helpers/server.js';
import {
  type OwnRedis,
  redisServerProblem,
  runnableDespite,
  startOwnRedis,
  testRedisPrefix,
} from '../helpers/services.js';

/*
 * What happens when Redis drops: rate limits live there, and a limit that cannot
 * be checked is never skipped — the password step answers 503 `unavailable`
 * (fail closed). Lockout counters and pending sign-ins live in the database, so
 * a second step already under way still completes. When Redis is back, the
 * server serves again without a restart.
 */
const available = runnableDespite('redis outage', redisServerProblem());
const PASSWORD = 'correct horse battery staple';

async function waitUntil(check: () => Promise<boolean>, what: string, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!available)('when Redis goes down', () => {
  let redis: OwnRedis;
  let server: TestServer;
  let passwordHash: string;

  beforeAll(async () => {
    redis = await startOwnRedis(await freePort());
    server = await startTestServer({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: testRedisPrefix() } });
    passwordHash = await hashPassword(PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  const seedUser = (): Promise<SeededUser> =>
    seedUserWithTOTP(server.stores, server.ctx.keyring, {
      passwordHash,
      password: PASSWORD,
      now: server.clock.now(),
    });
  const login = (user: SeededUser, password = PASSWORD) =>
    server.request('POST', '/api/auth/login', { body: { email: user.email, password } });

  it('refuses password steps with 503 (never skips the throttle), keeps second steps working, and recovers', async () => {
    const user = await seedUser();
    const pending = await login(user);
    expect(pending.body.status).toBe('mfa_required');

    await redis.stop();

    const right = await login(user);
    expect(right.status).toBe(503);
    expect(right.body.error.code).toBe('unavailable');
    // A wrong password is not evaluated either: no guess goes unthrottled.
    expect((await login(user, 'wrong password')).status).toBe(503);
    expect((await server.request('GET', '/readyz')).status).toBe(503);
    expect((await server.request('GET', '/healthz')).status).toBe(200);
    expect(server.logs.join('')).not.toContain(PASSWORD);

    // The second step needs only the database: a sign-in under way completes.
    const verify = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: pending.body.mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(verify.status).toBe(200);

    redis = await startOwnRedis(redis.port);
    await waitUntil(
      async () => (await server.request('GET', '/readyz')).status === 200,
      'the server to reconnect to Redis',
    );
    expect((await login(user)).body.status).toBe('mfa_required');
  });
});

describe.skipIf(!available)('when Redis is unreachable from the start', () => {
  let server: TestServer;
  beforeAll(async () => {
    const port = await freePort(); // nothing listens there
    server = await startTestServer({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  }, 60_000);
  afterAll(async () => server?.close());

  it('starts, says it is not ready, and answers rate-limited routes with 503', async () => {
    expect((await server.request('GET', '/readyz')).status).toBe(503);
    const res = await server.request('POST', '/api/auth/login', {
      body: { email: 'ann@example.com', password: 'whatever pw' },
    });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: { code: 'unavailable', message: 'The service is temporarily unavailable.' },
    });
    const signup = await server.request('POST', '/api/auth/signup', {
      body: { email: 'ann@example.com', password: 'long enough pw' },
    });
    expect(signup.status).toBe(503);
  });
});
