import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSystemPolicy } from '../../src/domain/policy.js';
import { startTestServer, type TestServer, totpCode, uniqueEmail } from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'root password 123' };
const PASSWORD = 'member password 1';

let server: TestServer;
let admin: string; // system admin session token
let orgA: string;
let orgB: string;
const people: Record<string, { id: string; email: string }> = {};

async function login(email: string, password = PASSWORD) {
  return server.request('POST', '/api/auth/login', { body: { email, password } });
}

async function sessionOf(email: string, password = PASSWORD): Promise<string> {
  const res = await login(email, password);
  if (res.body.status !== 'authenticated')
    throw new Error(`expected authenticated, got ${JSON.stringify(res.body)}`);
  return res.body.session.token;
}

async function putPolicy(body: unknown) {
  return server.request('PUT', '/api/admin/mfa/policy', { token: admin, body });
}

async function createUser(role: string, orgId: string | null) {
  const email = uniqueEmail(role);
  const res = await server.request('POST', '/api/admin/users', {
    token: admin,
    body: { email, password: PASSWORD, role, orgId },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email };
}

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  admin = await sessionOf(ADMIN.email, ADMIN.password);
  orgA = (await server.request('POST', '/api/admin/orgs', { token: admin, body: { name: 'Acme' } })).body.id;
  orgB = (await server.request('POST', '/api/admin/orgs', { token: admin, body: { name: 'Globex' } })).body
    .id;
  people.adminA = await createUser('org_admin', orgA);
  people.memberA = await createUser('member', orgA);
  people.adminB = await createUser('org_admin', orgB);
  people.memberB = await createUser('member', orgB);
  people.loner = await createUser('member', null);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  // Each test starts from the default policy, saved directly (the admin route is tested below).
  await server.stores.settings.savePolicy(defaultSystemPolicy(), server.clock.now());
  // Some tests move the clock by days; sessions do not outlive that.
  admin = await sessionOf(ADMIN.email, ADMIN.password);
});

describe('enforcement matrix: scope × role → login status', () => {
  const E = 'mfa_enrollment_required';
  const A = 'authenticated';
  const matrix: Array<[string, string[], Record<string, string>]> = [
    ['none', [], { root: A, adminA: A, memberA: A, adminB: A, memberB: A, loner: A }],
    ['all', [], { root: E, adminA: E, memberA: E, adminB: E, memberB: E, loner: E }],
    ['system_admins', [], { root: E, adminA: A, memberA: A, adminB: A, memberB: A, loner: A }],
    ['org_admins', [], { root: A, adminA: E, memberA: A, adminB: E, memberB: A, loner: A }],
    ['organizations', ['A'], { root: A, adminA: E, memberA: E, adminB: A, memberB: A, loner: A }],
    // Chosen organizations narrow org_admins; both lists empty means every organization (issue 17).
    ['org_admins', ['A'], { root: A, adminA: E, memberA: A, adminB: A, memberB: A, loner: A }],
    ['organizations', [], { root: A, adminA: E, memberA: E, adminB: E, memberB: E, loner: A }],
  ];
  it.each(matrix)('scope %s (orgs %j)', async (scope, orgs, expected) => {
    const organizationIds = orgs.map((o) => (o === 'A' ? orgA : orgB));
    const put = await putPolicy({ enforcement: { scope, organizationIds } });
    expect(put.status).toBe(200);
    for (const [who, status] of Object.entries(expected)) {
      const res = who === 'root' ? await login(ADMIN.email, ADMIN.password) : await login(people[who]!.email);
      expect(res.body.status, who).toBe(status);
      if (status === E) expect(res.body.allowedMethods).toEqual(['totp', 'email', 'webauthn']);
    }
  });
});

describe('enrollment at sign-in and grace period', () => {
  it('an enforced user completes the sign-in by confirming the first factor with the mfaToken', async () => {
    await putPolicy({ enforcement: { scope: 'all' } });
    const res = await login(people.loner!.email);
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token: res.body.mfaToken, body: {} });
    expect(setup.status).toBe(200);
    const confirm = await server.request('POST', '/api/mfa/totp/confirm', {
      token: res.body.mfaToken,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.session.token).toBeTruthy();
    expect(confirm.body.backupCodes).toHaveLength(10);
    // Clean up for later tests: admin reset.
    expect(
      (await server.request('POST', `/api/admin/users/${people.loner!.id}/mfa/reset`, { token: admin }))
        .status,
    ).toBe(204);
  });

  it('inside the grace period: authenticated + deadline; after it: enrollment required', async () => {
    const put = await putPolicy({ enforcement: { scope: 'all', gracePeriodDays: 7 } });
    expect(put.body.enforcement.startedAt).toBe(server.clock.now().toISOString());
    const before = await login(people.memberB!.email);
    expect(before.body.status).toBe('authenticated');
    expect(Date.parse(before.body.mfaEnrollmentDeadline)).toBe(server.clock.now().getTime() + 7 * 86_400_000);
    server.clock.advanceSeconds(8 * 86_400);
    const after = await login(people.memberB!.email);
    expect(after.body.status).toBe('mfa_enrollment_required');
  });

  it('an organization can require 2FA for its members only, and narrow methods to those the system enables', async () => {
    const orgAdmin = await sessionOf(people.adminA!.email);
    const bad = await server.request('PUT', `/api/admin/orgs/${orgA}/mfa/policy`, {
      token: orgAdmin,
      body: { useSystemPolicy: false, requireForAllMembers: true, methods: ['sms'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('methods.0');
    const ok = await server.request('PUT', `/api/admin/orgs/${orgA}/mfa/policy`, {
      token: orgAdmin,
      body: { useSystemPolicy: false, requireForAllMembers: true, methods: ['totp'] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ useSystemPolicy: false, requireForAllMembers: true, methods: ['totp'] });
    const memberA = await login(people.memberA!.email);
    expect(memberA.body).toMatchObject({ status: 'mfa_enrollment_required', allowedMethods: ['totp'] });
    expect((await login(people.memberB!.email)).body.status).toBe('authenticated');
    await server.request('PUT', `/api/admin/orgs/${orgA}/mfa/policy`, {
      token: orgAdmin,
      body: { useSystemPolicy: true },
    });
    expect((await login(people.memberA!.email)).body.status).toBe('authenticated');
  });

  it('switching a method off: its users prove the old factor, then enroll another (never with the password alone)', async () => {
    const email = uniqueEmail('totp-only');
    const signup = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    const token = signup.body.session.token;
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token, body: {} });
    await server.request('POST', '/api/mfa/totp/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    server.clock.advanceSeconds(30);
    await putPolicy({ methods: { totp: { enabled: false } } });
    const res = await login(email);
    expect(res.body).toMatchObject({
      status: 'mfa_required',
      replaceFactor: true,
      methods: ['totp', 'backup_code'],
      allowedMethods: ['email', 'webauthn'],
    });
    const proved = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: res.body.mfaToken, method: 'totp', code: totpCode(server, setup.body.secret) },
    });
    expect(proved.status).toBe(200);
    expect(proved.body).toMatchObject({
      status: 'mfa_enrollment_required',
      allowedMethods: ['email', 'webauthn'],
    });
    expect(proved.body.session).toBeUndefined();
  });
});

describe('policy document', () => {
  it('GET returns the whole document; PUT merges a partial one and returns the whole', async () => {
    const got = await server.request('GET', '/api/admin/mfa/policy', { token: admin });
    expect(got.body).toMatchObject({
      methods: { totp: { enabled: true, issuer: 'Twofold' }, backupCodes: { enabled: true, count: 10 } },
      enforcement: { scope: 'none', organizationIds: [], gracePeriodDays: 0 },
      limits: {
        maxAttemptsPerChallenge: 5,
        maxConsecutiveFailures: 10,
        lockoutSeconds: 900,
        resendIntervalSeconds: 30,
        mfaTokenTtlSeconds: 600,
      },
    });
    const put = await putPolicy({
      methods: { totp: { issuer: 'Acme SSO' } },
      limits: { lockoutSeconds: 600 },
    });
    expect(put.status).toBe(200);
    expect(put.body.methods.totp).toEqual({ enabled: true, issuer: 'Acme SSO' });
    expect(put.body.limits).toMatchObject({ lockoutSeconds: 600, maxConsecutiveFailures: 10 });
    const audit = await server.request('GET', '/api/admin/audit?type=policy_changed', { token: admin });
    expect(audit.body.events[0].details.changes).toMatchObject({
      'methods.totp.issuer': { from: 'Twofold', to: 'Acme SSO' },
      'limits.lockoutSeconds': { from: 900, to: 600 },
    });
  });

  it.each([
    [{ limits: { lockoutSeconds: 59 } }, 'limits.lockoutSeconds'],
    [{ limits: { lockoutSeconds: 86_401 } }, 'limits.lockoutSeconds'],
    [{ limits: { maxAttemptsPerChallenge: 0 } }, 'limits.maxAttemptsPerChallenge'],
    [{ limits: { maxConsecutiveFailures: 101 } }, 'limits.maxConsecutiveFailures'],
    [{ methods: { email: { codeTtlSeconds: 601 } } }, 'methods.email.codeTtlSeconds'],
    [{ methods: { backupCodes: { count: 5 } } }, 'methods.backupCodes.count'],
    [{ methods: { totp: { issuer: '' } } }, 'methods.totp.issuer'],
    [{ enforcement: { scope: 'everyone' } }, 'enforcement.scope'],
    [{ enforcement: { gracePeriodDays: -1 } }, 'enforcement.gracePeriodDays'],
    [{ enforcement: { scope: 'organizations', organizationIds: ['nope'] } }, 'enforcement.organizationIds.0'],
    [{ limits: { lockoutSecs: 100 } }, 'limits'],
  ])('refuses %j naming %s, and saves nothing', async (body, field) => {
    const before = (await server.request('GET', '/api/admin/mfa/policy', { token: admin })).body;
    const res = await putPolicy({ methods: { totp: { issuer: 'Half Saved?' } }, ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await server.request('GET', '/api/admin/mfa/policy', { token: admin })).body).toEqual(before);
  });
});

describe('organization isolation', () => {
  it('members get 403 on every admin route', async () => {
    const member = await sessionOf(people.memberA!.email);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/mfa/policy'],
      ['PUT', '/api/admin/mfa/policy', {}],
      ['GET', '/api/admin/orgs'],
      ['POST', '/api/admin/orgs', { name: 'x' }],
      ['GET', `/api/admin/orgs/${orgA}/mfa/policy`],
      ['PUT', `/api/admin/orgs/${orgA}/mfa/policy`, { useSystemPolicy: true }],
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users', { email: uniqueEmail(), password: PASSWORD, role: 'member' }],
      ['POST', `/api/admin/users/${people.memberA!.id}/mfa/reset`],
      ['POST', `/api/admin/users/${people.memberA!.id}/unlock`],
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/stats'],
    ];
    for (const [method, path, body] of routes) {
      const res = await server.request(method, path, { token: member, body });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it("an org admin is refused on every route against another organization's users and organization", async () => {
    const orgAdmin = await sessionOf(people.adminA!.email);
    const refused: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/mfa/policy'],
      ['PUT', '/api/admin/mfa/policy', { limits: { lockoutSeconds: 60 } }],
      ['POST', '/api/admin/orgs', { name: 'x' }],
      ['GET', `/api/admin/orgs/${orgB}/mfa/policy`],
      ['PUT', `/api/admin/orgs/${orgB}/mfa/policy`, { useSystemPolicy: false, requireForAllMembers: true }],
      ['GET', `/api/admin/users?orgId=${orgB}`],
      ['POST', '/api/admin/users', { email: uniqueEmail(), password: PASSWORD, role: 'member', orgId: orgB }],
      ['POST', '/api/admin/users', { email: uniqueEmail(), password: PASSWORD, role: 'system_admin' }],
      ['POST', `/api/admin/users/${people.memberB!.id}/mfa/reset`],
      ['POST', `/api/admin/users/${people.memberB!.id}/unlock`],
      ['POST', `/api/admin/users/${people.adminB!.id}/mfa/reset`],
      ['GET', `/api/admin/audit?orgId=${orgB}`],
    ];
    for (const [method, path, body] of refused) {
      const res = await server.request(method, path, { token: orgAdmin, body });
      expect([403, 404], `${method} ${path}`).toContain(res.status);
    }
    const users = await server.request('GET', '/api/admin/users', { token: orgAdmin });
    expect(users.status).toBe(200);
    expect(users.body.users.length).toBeGreaterThan(0);
    expect(users.body.users.every((u: { orgId: string }) => u.orgId === orgA)).toBe(true);
    const orgs = await server.request('GET', '/api/admin/orgs', { token: orgAdmin });
    expect(orgs.body.orgs.map((o: { id: string }) => o.id)).toEqual([orgA]);
    const audit = await server.request('GET', '/api/admin/audit', { token: orgAdmin });
    expect(audit.body.events.every((e: { orgId: string }) => e.orgId === orgA)).toBe(true);
    const created = await server.request('POST', '/api/admin/users', {
      token: orgAdmin,
      body: { email: uniqueEmail(), password: PASSWORD, role: 'member' },
    });
    expect(created.status).toBe(201);
    expect(created.body.orgId).toBe(orgA);
  });
});

describe('users, lockout, reset and audit', () => {
  async function enrolledMember(orgId: string) {
    const person = await createUser('member', orgId);
    const res = await login(person.email);
    const token = res.body.session.token;
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token, body: {} });
    await server.request('POST', '/api/mfa/totp/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    server.clock.advanceSeconds(30);
    return { ...person, secret: setup.body.secret as string, token };
  }

  it('lists users with 2FA columns, filters and cursor pagination', async () => {
    const enrolled = await enrolledMember(orgA);
    const all = await server.request('GET', `/api/admin/users?orgId=${orgA}&limit=2`, { token: admin });
    expect(all.body.users).toHaveLength(2);
    expect(all.body.nextCursor).toBeTruthy();
    const page2 = await server.request(
      'GET',
      `/api/admin/users?orgId=${orgA}&limit=2&cursor=${all.body.nextCursor}`,
      { token: admin },
    );
    expect(page2.body.users[0].email > all.body.users[1].email).toBe(true);
    const enabled = await server.request(
      'GET',
      `/api/admin/users?mfa=enabled&q=${encodeURIComponent(enrolled.email.slice(0, 12))}`,
      { token: admin },
    );
    expect(enabled.body.users).toEqual([
      expect.objectContaining({
        id: enrolled.id,
        mfaEnabled: true,
        mfaMethods: ['totp'],
        locked: false,
        orgId: orgA,
        role: 'member',
      }),
    ]);
    const disabled = await server.request('GET', '/api/admin/users?mfa=disabled', { token: admin });
    expect(disabled.body.users.some((u: { id: string }) => u.id === enrolled.id)).toBe(false);
    expect(JSON.stringify(all.body)).not.toMatch(/password|secret/i);
  });

  it('lockout → unlock by the org admin → sign-in works; audited with the acting admin', async () => {
    const user = await enrolledMember(orgA);
    for (let round = 0; round < 2; round++) {
      const { body } = await login(user.email);
      for (let i = 0; i < 5; i++) {
        await server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken: body.mfaToken, method: 'totp', code: '000000' },
        });
      }
    }
    const locked = await login(user.email);
    expect(locked.status).toBe(423);
    const list = await server.request('GET', `/api/admin/users?q=${encodeURIComponent(user.email)}`, {
      token: admin,
    });
    expect(list.body.users[0].locked).toBe(true);

    const orgAdminToken = await sessionOf(people.adminA!.email);
    expect(
      (await server.request('POST', `/api/admin/users/${user.id}/unlock`, { token: orgAdminToken })).status,
    ).toBe(204);
    const again = await login(user.email);
    expect(again.body.status).toBe('mfa_required');
    const ok = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: again.body.mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(ok.status).toBe(200);

    const audit = await server.request('GET', `/api/admin/audit?userId=${user.id}`, { token: admin });
    const types = audit.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'account_locked',
        'account_unlocked',
        'second_factor_failed',
        'sign_in_succeeded',
      ]),
    );
    const unlock = audit.body.events.find((e: { type: string }) => e.type === 'account_unlocked');
    expect(unlock).toMatchObject({
      actorId: people.adminA!.id,
      userId: user.id,
      orgId: orgA,
      ip: '127.0.0.1',
    });
  });

  it('reset → sessions end, enrollment required where enforced; audited with the admin; admins never see secrets', async () => {
    const user = await enrolledMember(orgB);
    await putPolicy({ enforcement: { scope: 'organizations', organizationIds: [orgB] } });
    expect(
      (await server.request('POST', `/api/admin/users/${user.id}/mfa/reset`, { token: admin })).status,
    ).toBe(204);
    expect((await server.request('GET', '/api/mfa', { token: user.token })).status).toBe(401);
    const res = await login(user.email);
    expect(res.body.status).toBe('mfa_enrollment_required');
    const audit = await server.request('GET', `/api/admin/audit?userId=${user.id}&type=mfa_reset`, {
      token: admin,
    });
    const adminId = (await server.request('GET', '/api/auth/session', { token: admin })).body.user.id;
    expect(audit.body.events).toEqual([
      expect.objectContaining({ type: 'mfa_reset', actorId: adminId, details: { removed: 1 } }),
    ]);
  });

  it('audit is paginated with a cursor, newest first, and append-only (no route edits it)', async () => {
    const first = await server.request('GET', '/api/admin/audit?limit=3', { token: admin });
    expect(first.body.events).toHaveLength(3);
    const second = await server.request('GET', `/api/admin/audit?limit=3&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    const ids = new Set([...first.body.events, ...second.body.events].map((e: { id: string }) => e.id));
    expect(ids.size).toBe(6);
    expect(Date.parse(first.body.events[2].at)).toBeGreaterThanOrEqual(Date.parse(second.body.events[0].at));
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect(
        (await server.request(method, `/api/admin/audit/${first.body.events[0].id}`, { token: admin }))
          .status,
      ).toBe(404);
    }
  });

  it('stats count users, adoption by method, locked and non-compliant users, scoped for org admins', async () => {
    const orgAdminToken = await sessionOf(people.adminA!.email);
    // Enforcement for Globex: Acme's admin keeps a session (enforcement in Acme would end it).
    await putPolicy({ enforcement: { scope: 'organizations', organizationIds: [orgB] } });
    const stats = await server.request('GET', '/api/admin/stats', { token: admin });
    expect(stats.status).toBe(200);
    expect(stats.body.users).toBeGreaterThanOrEqual(6);
    expect(stats.body.byMethod.totp).toBe(stats.body.withMfa);
    expect(stats.body.nonCompliant).toBeGreaterThanOrEqual(2); // adminB and memberB have no factor
    const scoped = await server.request('GET', '/api/admin/stats', { token: orgAdminToken });
    expect(scoped.body.users).toBeLessThan(stats.body.users);
  });
});
