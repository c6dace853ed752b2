// Guards the verify API's trust boundary (SECURITY.md rule 31) and its one-time-code rules:
// an API key opening a user or admin route, a session (or cookie) opening /api/v1, an
// org-limited key reaching users of another organization or users that are not API users,
// a revoked key still working, a TOTP step accepted twice across the API and the sign-in,
// a backup code accepted twice under concurrency, parallel guesses evaluated past the
// lockout limit, and bad input answered with a 500 instead of a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/crypto/passwords.js';
import type { TestServer } from '../../helpers/server.js';
import { totpCode, uniqueEmail } from '../../helpers/server.js';
import { inParallel } from '../../helpers/test-stores.js';
import {
  createApiKey,
  enrollApiTOTP,
  startVerifyApiServer,
  uniqueExternalId,
} from '../../helpers/verify-api.js';

let server: TestServer;
let admin: string;
let key: string;
let orgA: string;
let orgB: string;
let keyA: string;
let keyB: string;
const PASSWORD = 'member password 1';

beforeAll(async () => {
  ({ server, admin } = await startVerifyApiServer());
  ({ key } = await createApiKey(server, admin, { name: 'whole-server' }));
  orgA = (await server.request('POST', '/api/admin/orgs', { token: admin, body: { name: 'Acme' } })).body.id;
  orgB = (await server.request('POST', '/api/admin/orgs', { token: admin, body: { name: 'Globex' } })).body
    .id;
  ({ key: keyA } = await createApiKey(server, admin, { name: 'acme-app', orgId: orgA }));
  ({ key: keyB } = await createApiKey(server, admin, { name: 'globex-app', orgId: orgB }));
});
afterAll(async () => {
  await server.close();
});

const api = (method: string, path: string, body?: unknown, token = key) =>
  server.request(method, path, { token, ...(body === undefined ? {} : { body }) });

async function memberSession(role = 'member', orgId: string | null = orgA): Promise<string> {
  const email = uniqueEmail(role);
  const created = await server.request('POST', '/api/admin/users', {
    token: admin,
    body: { email, password: PASSWORD, role, orgId },
  });
  expect(created.status).toBe(201);
  const login = await server.request('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  return login.body.session.token;
}

describe('who opens what', () => {
  it('a session — member or system admin, bearer or cookie — never opens /api/v1', async () => {
    const member = await memberSession();
    const externalId = uniqueExternalId();
    await enrollApiTOTP(server, key, externalId);
    for (const token of [member, admin]) {
      expect((await api('GET', `/api/v1/users/${externalId}`, undefined, token)).status).toBe(401);
      expect((await api('POST', `/api/v1/users/${uniqueExternalId()}/enroll/totp`, {}, token)).status).toBe(
        401,
      );
      expect(
        (await api('POST', '/api/v1/verify', { externalId, method: 'totp', code: '123456' }, token)).status,
      ).toBe(401);
      const cookie = await server.request('GET', `/api/v1/users/${externalId}`, {
        headers: { cookie: `twofold_session=${token}` },
      });
      expect(cookie.status).toBe(401);
    }
  });

  it('an API key never opens a user or admin route', async () => {
    for (const [method, path] of [
      ['GET', '/api/mfa'],
      ['POST', '/api/mfa/totp/setup'],
      ['POST', '/api/auth/logout'],
      ['GET', '/api/admin/users'],
      ['GET', '/api/admin/api-keys'],
      ['POST', '/api/admin/api-keys'],
      ['GET', '/api/admin/webhooks'],
      ['GET', '/api/admin/audit'],
    ] as const) {
      const res = await api(method, path, method === 'POST' ? { name: 'x' } : undefined);
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('only a system admin manages API keys and webhooks', async () => {
    const member = await memberSession();
    const orgAdmin = await memberSession('org_admin', orgA);
    for (const token of [member, orgAdmin]) {
      expect((await api('POST', '/api/admin/api-keys', { name: 'mine' }, token)).status).toBe(403);
      expect((await api('GET', '/api/admin/api-keys', undefined, token)).status).toBe(403);
      expect((await api('DELETE', '/api/admin/api-keys/whatever', undefined, token)).status).toBe(403);
      expect((await api('POST', '/api/admin/webhooks', { url: 'http://127.0.0.1:1/' }, token)).status).toBe(
        403,
      );
      expect((await api('GET', '/api/admin/webhooks', undefined, token)).status).toBe(403);
    }
  });

  it('an org-limited key creates users in its organization and reaches no one else', async () => {
    const ownId = uniqueExternalId('acme');
    const own = await enrollApiTOTP(server, keyA, ownId);
    expect((await server.stores.users.findByExternalId(ownId))!.orgId).toBe(orgA);

    const foreignId = uniqueExternalId('globex');
    const foreign = await enrollApiTOTP(server, keyB, foreignId);
    const unscopedId = uniqueExternalId('global');
    await enrollApiTOTP(server, key, unscopedId);

    for (const externalId of [foreignId, unscopedId]) {
      expect((await api('GET', `/api/v1/users/${externalId}`, undefined, keyA)).status).toBe(403);
      expect((await api('POST', `/api/v1/users/${externalId}/enroll/totp`, {}, keyA)).status).toBe(403);
      const verify = await api(
        'POST',
        '/api/v1/verify',
        { externalId, method: 'totp', code: totpCode(server, foreign.secret) },
        keyA,
      );
      expect(verify.status).toBe(403);
      expect((await api('POST', '/api/v1/challenge', { externalId, method: 'email' }, keyA)).status).toBe(
        403,
      );
    }
    // The refused guess spent nothing of the other organization's user.
    expect((await server.stores.users.findByExternalId(foreignId))!.failedAttempts).toBe(0);
    // Its own user works.
    expect(
      (
        await api(
          'POST',
          '/api/v1/verify',
          { externalId: ownId, method: 'totp', code: totpCode(server, own.secret) },
          keyA,
        )
      ).body,
    ).toEqual({ result: 'accept' });
  });

  it('no key reaches a user who was not created through the API', async () => {
    const email = uniqueEmail('person');
    const created = await server.request('POST', '/api/admin/users', {
      token: admin,
      body: { email, password: PASSWORD, role: 'system_admin' },
    });
    // Neither by id nor by email: those are not external ids.
    for (const externalId of [created.body.id, email]) {
      expect((await api('GET', `/api/v1/users/${encodeURIComponent(externalId)}`)).status).toBe(404);
      expect(
        (await api('POST', '/api/v1/verify', { externalId, method: 'totp', code: '123456' })).status,
      ).toBe(404);
    }
    // Enrolling under their email as externalId makes a separate member, not a factor on the admin.
    await enrollApiTOTP(server, key, email);
    expect(await server.stores.factors.listConfirmed(created.body.id)).toEqual([]);
    expect((await server.stores.users.findByExternalId(email))!).toMatchObject({ role: 'member' });
    // And claiming their address for a new API user is a conflict, not a takeover.
    const claim = await api('POST', `/api/v1/users/${uniqueExternalId()}/enroll/totp`, { email });
    expect(claim.status).toBe(409);
    expect(await server.stores.factors.listConfirmed(created.body.id)).toEqual([]);
  });

  it('a revoked key stops working at once', async () => {
    const { key: doomed, id } = await createApiKey(server, admin, { name: 'doomed' });
    const externalId = uniqueExternalId();
    await enrollApiTOTP(server, doomed, externalId);
    expect((await api('GET', `/api/v1/users/${externalId}`, undefined, doomed)).status).toBe(200);
    expect((await server.request('DELETE', `/api/admin/api-keys/${id}`, { token: admin })).status).toBe(204);
    expect((await api('GET', `/api/v1/users/${externalId}`, undefined, doomed)).status).toBe(401);
    expect(
      (await api('POST', '/api/v1/verify', { externalId, method: 'totp', code: '123456' }, doomed)).status,
    ).toBe(401);
    const listed = await server.request('GET', '/api/admin/api-keys', { token: admin });
    expect(listed.body.apiKeys.find((k: { id: string }) => k.id === id).revokedAt).not.toBeNull();
    // Revoking again: the key is still there, nothing to do.
    expect((await server.request('DELETE', `/api/admin/api-keys/${id}`, { token: admin })).status).toBe(204);
    expect((await server.request('DELETE', '/api/admin/api-keys/nope', { token: admin })).status).toBe(404);
  });

  it('keys never reach the log', async () => {
    const { key: logged } = await createApiKey(server, admin, { name: 'logged' });
    await api('GET', `/api/v1/users/${uniqueExternalId()}`, undefined, logged);
    await api('GET', '/api/admin/users', undefined, logged);
    expect(server.logs.join('\n')).not.toContain(logged);
    expect(server.logs.join('\n')).not.toContain(logged.slice(12));
  });
});

describe('one-time codes through the API keep the sign-in rules', () => {
  it('a TOTP code accepted by /api/v1/verify does not sign in the same user, and the other way round', async () => {
    const email = uniqueEmail('both');
    const user = await enrollApiTOTP(server, key, uniqueExternalId(), { email });
    const id = (await server.stores.users.findByExternalId(user.externalId))!.id;
    await server.stores.users.setPasswordHash(id, await hashPassword(PASSWORD), server.clock.now());

    const code = totpCode(server, user.secret);
    const verify = (c: string) =>
      api('POST', '/api/v1/verify', { externalId: user.externalId, method: 'totp', code: c });
    expect((await verify(code)).body).toEqual({ result: 'accept' });
    expect((await verify(code)).body).toMatchObject({ result: 'reject' });

    const signIn = async (c: string) => {
      const login = await server.request('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
      expect(login.body.status).toBe('mfa_required');
      return server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, method: 'totp', code: c },
      });
    };
    const replayed = await signIn(code);
    expect(replayed.status).toBe(400);
    expect(replayed.body.error.code).toBe('invalid_code');

    // The next step, used by a sign-in first, is refused by the API.
    server.clock.advanceSeconds(30);
    const next = totpCode(server, user.secret);
    expect((await signIn(next)).status).toBe(200);
    expect((await verify(next)).body).toMatchObject({ result: 'reject' });
  });

  it('30 parallel verifies of one backup code: exactly one accept', async () => {
    const policy = await server.stores.settings.getPolicy();
    await server.stores.settings.savePolicy(
      { ...policy, limits: { ...policy.limits, maxConsecutiveFailures: 100 } },
      server.clock.now(),
    );
    try {
      const user = await enrollApiTOTP(server, key, uniqueExternalId());
      const code = user.backupCodes[0]!;
      const results = await inParallel(30, () =>
        api('POST', '/api/v1/verify', { externalId: user.externalId, method: 'backup_code', code }),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(results.filter((r) => r.body.result === 'accept')).toHaveLength(1);
      expect(results.filter((r) => r.body.result === 'reject')).toHaveLength(29);
      const id = (await server.stores.users.findByExternalId(user.externalId))!.id;
      expect(await server.stores.backupCodes.counts(id)).toMatchObject({ remaining: 9 });
    } finally {
      await server.stores.settings.savePolicy(policy, server.clock.now());
    }
  });

  it('20 parallel wrong codes: the account locks at the limit, with no evaluation past it', async () => {
    const { limits } = await server.stores.settings.getPolicy();
    expect(limits.maxConsecutiveFailures).toBe(10);
    const user = await enrollApiTOTP(server, key, uniqueExternalId());
    const id = (await server.stores.users.findByExternalId(user.externalId))!.id;
    const wrong = totpCode(server, user.secret, 20);
    const results = await inParallel(20, () =>
      api('POST', '/api/v1/verify', { externalId: user.externalId, method: 'totp', code: wrong }),
    );
    const rejects = results.filter((r) => r.status === 200);
    const locked = results.filter((r) => r.status === 423);
    expect(rejects.length + locked.length).toBe(20);
    expect(rejects.every((r) => r.body.result === 'reject')).toBe(true);
    expect(rejects.map((r) => r.body.attemptsRemaining).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(
      locked.every((r) => r.body.error.code === 'account_locked' && r.body.error.retryAfterSeconds > 0),
    ).toBe(true);
    expect((await server.stores.users.findById(id))!.failedAttempts).toBe(10);
    const { events } = await server.stores.audit.list({ userId: id, limit: 100 });
    expect(events.filter((e) => e.type === 'second_factor_failed')).toHaveLength(10);
    expect(events.filter((e) => e.type === 'account_locked')).toHaveLength(1);
    // While locked even the right code is refused.
    const right = await api('POST', '/api/v1/verify', {
      externalId: user.externalId,
      method: 'totp',
      code: totpCode(server, user.secret),
    });
    expect(right.status).toBe(423);
    expect((await api('GET', `/api/v1/users/${user.externalId}`)).body.locked).toBe(true);
  });
});

describe('bad input on every /api/v1 route: 400 naming the field, never a 500', () => {
  const huge = 'x'.repeat(10_000);
  let known: string;
  let factorId: string;
  beforeAll(async () => {
    known = uniqueExternalId();
    factorId = (await enrollApiTOTP(server, key, known)).factorId;
  });

  const cases: Array<[string, string, () => string, unknown, string]> = [
    ['POST', 'enroll/totp huge externalId', () => `/api/v1/users/${huge}/enroll/totp`, {}, 'externalId'],
    ['POST', 'enroll/totp control char', () => '/api/v1/users/a%00b/enroll/totp', {}, 'externalId'],
    [
      'POST',
      'enroll/totp bad email',
      () => `/api/v1/users/${uniqueExternalId()}/enroll/totp`,
      { email: 'nope' },
      'email',
    ],
    [
      'POST',
      'enroll/totp label type',
      () => `/api/v1/users/${uniqueExternalId()}/enroll/totp`,
      { label: 5 },
      'label',
    ],
    [
      'POST',
      'enroll/totp bad JSON',
      () => `/api/v1/users/${uniqueExternalId()}/enroll/totp`,
      '{"email":',
      'body',
    ],
    [
      'POST',
      'totp confirm no factorId',
      () => `/api/v1/users/${known}/enroll/totp/confirm`,
      { code: '123456' },
      'factorId',
    ],
    [
      'POST',
      'totp confirm bad code',
      () => `/api/v1/users/${known}/enroll/totp/confirm`,
      { factorId: 'f', code: 'abc' },
      'code',
    ],
    [
      'POST',
      'totp confirm huge externalId',
      () => `/api/v1/users/${huge}/enroll/totp/confirm`,
      { factorId: 'f', code: '123456' },
      'externalId',
    ],
    ['POST', 'enroll/email no email', () => `/api/v1/users/${uniqueExternalId()}/enroll/email`, {}, 'email'],
    [
      'POST',
      'enroll/email bad email',
      () => `/api/v1/users/${uniqueExternalId()}/enroll/email`,
      { email: 'x@' },
      'email',
    ],
    [
      'POST',
      'enroll/sms bad phone',
      () => `/api/v1/users/${uniqueExternalId()}/enroll/sms`,
      { phone: '12' },
      'phone',
    ],
    ['POST', 'enroll/sms no phone', () => `/api/v1/users/${uniqueExternalId()}/enroll/sms`, {}, 'phone'],
    [
      'POST',
      'email confirm bad code',
      () => `/api/v1/users/${known}/enroll/email/confirm`,
      { factorId: 'f', code: 'x' },
      'code',
    ],
    ['POST', 'sms confirm no body', () => `/api/v1/users/${known}/enroll/sms/confirm`, '', 'body'],
    ['GET', 'status huge externalId', () => `/api/v1/users/${huge}`, undefined, 'externalId'],
    ['POST', 'verify empty', () => '/api/v1/verify', {}, 'externalId'],
    [
      'POST',
      'verify huge externalId',
      () => '/api/v1/verify',
      { externalId: huge, method: 'totp', code: '123456' },
      'externalId',
    ],
    [
      'POST',
      'verify bad method',
      () => '/api/v1/verify',
      { externalId: 'a', method: 'push', code: '123456' },
      'method',
    ],
    [
      'POST',
      'verify code type',
      () => '/api/v1/verify',
      { externalId: 'a', method: 'totp', code: 123456 },
      'code',
    ],
    ['POST', 'verify bad JSON', () => '/api/v1/verify', '{', 'body'],
    ['POST', 'verify array', () => '/api/v1/verify', [1, 2], 'body'],
    [
      'POST',
      'challenge bad method',
      () => '/api/v1/challenge',
      { externalId: 'a', method: 'totp' },
      'method',
    ],
    ['POST', 'challenge no externalId', () => '/api/v1/challenge', { method: 'email' }, 'externalId'],
  ];

  it.each(cases)('%s %s', async (method, _name, path, body, field) => {
    const res = await server.request(method, path(), {
      token: key,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('a malformed code for a known user spends no attempt', async () => {
    const res = await api('POST', '/api/v1/verify', { externalId: known, method: 'totp', code: '12ab56' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('code');
    expect((await server.stores.users.findByExternalId(known))!.failedAttempts).toBe(0);
    expect(factorId).toBeTruthy();
  });

  it('an unknown externalId is a 404, never a 500 (and verify does not create it)', async () => {
    const unknown = uniqueExternalId('ghost');
    expect((await api('GET', `/api/v1/users/${unknown}`)).status).toBe(404);
    expect(
      (await api('POST', '/api/v1/verify', { externalId: unknown, method: 'totp', code: '123456' })).status,
    ).toBe(404);
    expect((await api('POST', '/api/v1/challenge', { externalId: unknown, method: 'email' })).status).toBe(
      404,
    );
    expect(
      (await api('POST', `/api/v1/users/${unknown}/enroll/totp/confirm`, { factorId: 'f', code: '123456' }))
        .status,
    ).toBe(404);
    expect(await server.stores.users.findByExternalId(unknown)).toBeNull();
    // A known user with an unknown pending factor: 404 too.
    expect(
      (await api('POST', `/api/v1/users/${known}/enroll/totp/confirm`, { factorId: 'nope', code: '123456' }))
        .status,
    ).toBe(404);
  });
});

describe('users created on first use', () => {
  it('parallel first uses of one externalId make one user', async () => {
    const externalId = uniqueExternalId('race');
    const results = await inParallel(8, () => api('POST', `/api/v1/users/${externalId}/enroll/totp`, {}));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const { events } = await server.stores.audit.list({ type: 'user_created', limit: 200 });
    expect(events.filter((e) => e.details.externalId === externalId)).toHaveLength(1);
  });
});
