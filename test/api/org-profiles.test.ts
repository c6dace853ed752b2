import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSystemPolicy } from '../../src/domain/policy.js';
import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

/**
 * Organization profiles (issue 17 part 2) and organization grace periods (issue 16
 * item 6): CRUD, profile-scoped enforcement, inheritance, stricter-only limits, and
 * the fail-closed readings of missing or odd profile data.
 */
const ADMIN = { email: 'root@example.com', password: 'root password 123' };
const PASSWORD = 'member password 1';
const E = 'mfa_enrollment_required';
const A = 'authenticated';

let server: TestServer;
let admin: string;
let trial: string; // profile id
let enterprise: string; // profile id
const orgs: Record<string, string> = {};
const people: Record<string, { id: string; email: string }> = {};

async function login(email: string, password = PASSWORD) {
  return server.request('POST', '/api/auth/login', { body: { email, password } });
}

async function sessionOf(email: string, password = PASSWORD): Promise<string> {
  const res = await login(email, password);
  if (res.body.status !== 'authenticated')
    throw new Error(`expected authenticated: ${JSON.stringify(res.body)}`);
  return res.body.session.token;
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

const api = (method: string, path: string, body?: unknown) =>
  server.request(method, path, { token: admin, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  admin = await sessionOf(ADMIN.email, ADMIN.password);
  trial = (await api('POST', '/api/admin/org-profiles', { name: 'Trial' })).body.id;
  enterprise = (await api('POST', '/api/admin/org-profiles', { name: 'Enterprise', description: 'Paying' }))
    .body.id;
  orgs.t = (await api('POST', '/api/admin/orgs', { name: 'Trial Co', profileId: trial })).body.id;
  orgs.e = (await api('POST', '/api/admin/orgs', { name: 'Big Co', profileId: enterprise })).body.id;
  orgs.d = (await api('POST', '/api/admin/orgs', { name: 'Plain Co' })).body.id;
  people.adminT = await createUser('org_admin', orgs.t!);
  people.memberT = await createUser('member', orgs.t!);
  people.adminE = await createUser('org_admin', orgs.e!);
  people.memberE = await createUser('member', orgs.e!);
  people.adminD = await createUser('org_admin', orgs.d!);
  people.memberD = await createUser('member', orgs.d!);
  people.loner = await createUser('member', null);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await server.stores.settings.savePolicy(defaultSystemPolicy(), server.clock.now());
  for (const id of [trial, enterprise, 'default'])
    await server.stores.orgProfiles.update(id, { policy: null }, server.clock.now());
  for (const id of Object.values(orgs))
    await server.stores.organizations.savePolicy(id, {
      useSystemPolicy: true,
      requireForAllMembers: false,
      methods: null,
      startedAt: null,
    });
  admin = await sessionOf(ADMIN.email, ADMIN.password);
});

describe('profile CRUD', () => {
  it('a default profile exists, new organizations get it, and the list counts organizations', async () => {
    const list = await api('GET', '/api/admin/org-profiles');
    expect(list.status).toBe(200);
    const byName = Object.fromEntries(list.body.profiles.map((p: { name: string }) => [p.name, p]));
    expect(byName.Default).toMatchObject({ id: 'default', isDefault: true, organizations: 1 });
    expect(byName.Trial).toMatchObject({ id: trial, isDefault: false, organizations: 1, policy: null });
    expect(byName.Enterprise).toMatchObject({ description: 'Paying' });
    const orgList = await api('GET', '/api/admin/orgs');
    const plain = orgList.body.orgs.find((o: { id: string }) => o.id === orgs.d);
    expect(plain.profileId).toBe('default');
  });

  it('creates (201), reads, renames, refuses a duplicate name (409) and deletes an unused profile (204)', async () => {
    const created = await api('POST', '/api/admin/org-profiles', {
      name: 'Pilot',
      description: 'three months',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Pilot', description: 'three months', organizations: 0 });
    const id = created.body.id;
    expect((await api('GET', `/api/admin/org-profiles/${id}`)).body.name).toBe('Pilot');
    expect((await api('POST', '/api/admin/org-profiles', { name: 'Pilot' })).status).toBe(409);
    const put = await api('PUT', `/api/admin/org-profiles/${id}`, { name: 'Pilot 2', description: null });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'Pilot 2', description: null });
    expect((await api('DELETE', `/api/admin/org-profiles/${id}`)).status).toBe(204);
    expect((await api('GET', `/api/admin/org-profiles/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/admin/org-profiles/${id}`)).status).toBe(404);
  });

  it('refuses to delete a profile in use (409) or the default one (409), and a bad body names the field', async () => {
    expect((await api('DELETE', `/api/admin/org-profiles/${trial}`)).status).toBe(409);
    expect((await api('DELETE', '/api/admin/org-profiles/default')).status).toBe(409);
    const bad = await api('POST', '/api/admin/org-profiles', { name: '' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('name');
    expect(
      (await api('POST', '/api/admin/orgs', { name: 'X', profileId: 'nope' })).body.error.details[0].field,
    ).toBe('profileId');
  });

  it('only system admins reach the profile routes', async () => {
    const orgAdmin = await sessionOf(people.adminT!.email);
    expect((await server.request('GET', '/api/admin/org-profiles', { token: orgAdmin })).status).toBe(403);
    expect(
      (
        await server.request('PUT', `/api/admin/orgs/${orgs.t}`, {
          token: orgAdmin,
          body: { profileId: enterprise },
        })
      ).status,
    ).toBe(403);
  });

  it('moves an organization to another profile and back; an unknown profile is 400 naming profileId', async () => {
    const moved = await api('PUT', `/api/admin/orgs/${orgs.d}`, { profileId: trial });
    expect(moved.status).toBe(200);
    expect(moved.body.profileId).toBe(trial);
    const inTrial = (await api('GET', `/api/admin/users?profileId=${trial}`)).body.users.length;
    expect((await api('PUT', `/api/admin/orgs/${orgs.d}`, { profileId: 'default' })).status).toBe(200);
    expect(inTrial).toBe(4); // two of Trial Co, two of Plain Co
    const bad = await api('PUT', `/api/admin/orgs/${orgs.d}`, { profileId: 'missing' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('profileId');
  });
});

describe('enforcement matrix by profile: scope × profiles/orgs → login status', () => {
  const matrix: Array<[string, string[], string[], Record<string, string>]> = [
    ['org_admins', ['trial'], [], { adminT: E, memberT: A, adminE: A, memberE: A, adminD: A, loner: A }],
    ['org_admins', ['trial', 'enterprise'], [], { adminT: E, adminE: E, adminD: A, memberE: A, loner: A }],
    ['org_admins', [], [], { adminT: E, adminE: E, adminD: E, memberT: A, loner: A }],
    ['org_admins', ['enterprise'], ['d'], { adminT: A, adminE: E, adminD: E, memberD: A }],
    ['organizations', ['trial'], [], { adminT: E, memberT: E, adminE: A, memberE: A, memberD: A, loner: A }],
    ['organizations', ['default'], [], { memberD: E, adminD: E, memberT: A, memberE: A, loner: A }],
    ['organizations', ['trial'], ['e'], { memberT: E, memberE: E, memberD: A, loner: A }],
    ['organizations', [], [], { memberT: E, memberE: E, memberD: E, adminD: E, loner: A }],
  ];
  const profileId = (name: string) => (name === 'trial' ? trial : name === 'enterprise' ? enterprise : name);
  it.each(matrix)('scope %s, profiles %j, orgs %j', async (scope, profiles, orgKeys, expected) => {
    const put = await api('PUT', '/api/admin/mfa/policy', {
      enforcement: {
        scope,
        profileIds: profiles.map(profileId),
        organizationIds: orgKeys.map((k) => orgs[k]),
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.enforcement.profileIds).toEqual(profiles.map(profileId));
    for (const [who, status] of Object.entries(expected)) {
      expect((await login(people[who]!.email)).body.status, who).toBe(status);
    }
  });

  it('unknown profile or organization ids are 400 naming the field', async () => {
    const p = await api('PUT', '/api/admin/mfa/policy', {
      enforcement: { scope: 'org_admins', profileIds: [trial, 'nope'] },
    });
    expect(p.status).toBe(400);
    expect(p.body.error.details[0].field).toBe('enforcement.profileIds.1');
    const o = await api('PUT', '/api/admin/mfa/policy', {
      enforcement: { scope: 'org_admins', organizationIds: ['nope'] },
    });
    expect(o.body.error.details[0].field).toBe('enforcement.organizationIds.0');
  });

  it('a profile the enforcement names cannot be deleted (409)', async () => {
    const pilot = (await api('POST', '/api/admin/org-profiles', { name: 'Named' })).body.id;
    await api('PUT', '/api/admin/mfa/policy', {
      enforcement: { scope: 'organizations', profileIds: [pilot] },
    });
    expect((await api('DELETE', `/api/admin/org-profiles/${pilot}`)).status).toBe(409);
  });
});

describe('a profile default policy: inherited unless the organization overrides', () => {
  it('members of organizations in the profile inherit its requirement and methods', async () => {
    const put = await api('PUT', `/api/admin/org-profiles/${enterprise}`, {
      policy: { requireForAllMembers: true, methods: ['totp'], gracePeriodDays: 0 },
    });
    expect(put.status).toBe(200);
    expect(put.body.policy).toMatchObject({ requireForAllMembers: true, methods: ['totp'] });
    const res = await login(people.memberE!.email);
    expect(res.body.status).toBe(E);
    expect(res.body.allowedMethods).toEqual(['totp']);
    expect((await login(people.memberT!.email)).body.status).toBe(A);
    const orgView = await api('GET', `/api/admin/orgs/${orgs.e}/mfa/policy`);
    expect(orgView.body.profile).toMatchObject({ id: enterprise, name: 'Enterprise' });
    expect(orgView.body.profile.policy.requireForAllMembers).toBe(true);
  });

  it("an organization's own policy overrides the profile's", async () => {
    await api('PUT', `/api/admin/org-profiles/${enterprise}`, { policy: { requireForAllMembers: true } });
    const put = await api('PUT', `/api/admin/orgs/${orgs.e}/mfa/policy`, {
      useSystemPolicy: false,
      requireForAllMembers: false,
    });
    expect(put.status).toBe(200);
    expect((await login(people.memberE!.email)).body.status).toBe(A);
  });

  it('a profile method the system disables is 400 naming policy.methods.N', async () => {
    const res = await api('PUT', `/api/admin/org-profiles/${trial}`, {
      policy: { methods: ['totp', 'sms'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('policy.methods.1');
  });

  it('users table and adoption figures filter by profile', async () => {
    const users = await api('GET', `/api/admin/users?profileId=${enterprise}`);
    expect(users.status).toBe(200);
    expect(users.body.users.map((u: { email: string }) => u.email).sort()).toEqual(
      [people.adminE!.email, people.memberE!.email].sort(),
    );
    await api('PUT', `/api/admin/org-profiles/${enterprise}`, { policy: { requireForAllMembers: true } });
    const stats = await api('GET', `/api/admin/stats?profileId=${enterprise}`);
    expect(stats.body).toMatchObject({ users: 2, nonCompliant: 2 });
    const all = await api('GET', '/api/admin/stats');
    expect(all.body.users).toBeGreaterThan(2);
  });
});

describe('limits: an organization or profile may only tighten them', () => {
  it('looser limits are 400 naming the field; stricter ones are saved and shorten the mfaToken', async () => {
    const looser = await api('PUT', `/api/admin/orgs/${orgs.t}/mfa/policy`, {
      useSystemPolicy: false,
      limits: { maxAttemptsPerChallenge: 6, lockoutSeconds: 899 },
    });
    expect(looser.status).toBe(400);
    const fields = looser.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(['limits.maxAttemptsPerChallenge', 'limits.lockoutSeconds']);
    const profileLooser = await api('PUT', `/api/admin/org-profiles/${trial}`, {
      policy: { limits: { mfaTokenTtlSeconds: 601 } },
    });
    expect(profileLooser.body.error.details[0].field).toBe('policy.limits.mfaTokenTtlSeconds');
    const codeLooser = await api('PUT', `/api/admin/orgs/${orgs.t}/mfa/policy`, {
      useSystemPolicy: false,
      limits: { codeTtlSeconds: 301 },
    });
    expect(codeLooser.body.error.details[0].field).toBe('limits.codeTtlSeconds');

    const ok = await api('PUT', `/api/admin/orgs/${orgs.t}/mfa/policy`, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      gracePeriodDays: 0,
      limits: { maxAttemptsPerChallenge: 2, mfaTokenTtlSeconds: 120, lockoutSeconds: 3600 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.limits).toEqual({
      maxAttemptsPerChallenge: 2,
      mfaTokenTtlSeconds: 120,
      lockoutSeconds: 3600,
    });
    const res = await login(people.memberT!.email);
    expect(res.body.status).toBe(E);
    expect(Date.parse(res.body.expiresAt) - server.clock.now().getTime()).toBe(120_000);
  });
});

describe('organization grace period (issue 16 item 6)', () => {
  const DAY = 86_400_000;

  it("the organization's own grace, stated with whose requirement it is", async () => {
    const put = await api('PUT', `/api/admin/orgs/${orgs.t}/mfa/policy`, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      gracePeriodDays: 3,
    });
    expect(put.body).toMatchObject({ gracePeriodDays: 3, systemGracePeriodDays: 0 });
    const res = await login(people.memberT!.email);
    expect(res.body.status).toBe(A);
    expect(Date.parse(res.body.mfaEnrollmentDeadline)).toBe(server.clock.now().getTime() + 3 * DAY);
    expect(res.body.requiredBy).toEqual({ kind: 'organization', name: 'Trial Co' });
    const mfa = await server.request('GET', '/api/mfa', { token: res.body.session.token });
    expect(mfa.body.requiredBy).toEqual({ kind: 'organization', name: 'Trial Co' });
  });

  it('no grace: the organization requirement applies at the next sign-in', async () => {
    await api('PUT', '/api/admin/mfa/policy', { enforcement: { gracePeriodDays: 7 } });
    await api('PUT', `/api/admin/orgs/${orgs.t}/mfa/policy`, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      gracePeriodDays: 0,
    });
    expect((await login(people.memberT!.email)).body.status).toBe(E);
  });

  it('both enforce: the earlier deadline wins, and says whose it is', async () => {
    await api('PUT', '/api/admin/mfa/policy', { enforcement: { scope: 'all', gracePeriodDays: 10 } });
    await api('PUT', `/api/admin/orgs/${orgs.t}/mfa/policy`, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      gracePeriodDays: 2,
    });
    const org = await login(people.memberT!.email);
    expect(Date.parse(org.body.mfaEnrollmentDeadline)).toBe(server.clock.now().getTime() + 2 * DAY);
    expect(org.body.requiredBy).toEqual({ kind: 'organization', name: 'Trial Co' });
    await api('PUT', `/api/admin/orgs/${orgs.t}/mfa/policy`, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      gracePeriodDays: 30,
    });
    const sys = await login(people.memberT!.email);
    expect(Date.parse(sys.body.mfaEnrollmentDeadline)).toBe(server.clock.now().getTime() + 10 * DAY);
    expect(sys.body.requiredBy).toEqual({ kind: 'system', name: 'Twofold' });
  });
});

describe('fail closed: missing or odd profile data never turns 2FA off', () => {
  it('an organization whose profile is gone requires 2FA at once', async () => {
    await server.stores.database.db
      .updateTable('organizations')
      .set({ profile_id: 'vanished' })
      .where('id', '=', orgs.d!)
      .execute();
    try {
      expect((await login(people.memberD!.email)).body.status).toBe(E);
      // …and a profile-scoped enforcement counts its admins in.
    } finally {
      await server.stores.organizations.setProfile(orgs.d!, 'default');
    }
    expect((await login(people.memberD!.email)).body.status).toBe(A);
  });

  it('an unreadable profile policy requires 2FA for its organizations', async () => {
    await server.stores.database.db
      .updateTable('org_profiles')
      .set({ policy: '{not json' })
      .where('id', '=', trial)
      .execute();
    expect((await login(people.memberT!.email)).body.status).toBe(E);
    expect((await login(people.memberE!.email)).body.status).toBe(A);
  });

  it('odd stored enforcement lists read as "all organizations", and an odd org grace as none', async () => {
    const policy = defaultSystemPolicy();
    policy.enforcement = {
      ...policy.enforcement,
      scope: 'organizations',
      // A document written by hand: not arrays.
      organizationIds: 'x' as unknown as string[],
      profileIds: null as unknown as string[],
      startedAt: server.clock.now().toISOString(),
    };
    await server.stores.settings.savePolicy(policy, server.clock.now());
    expect((await login(people.memberE!.email)).body.status).toBe(E);
    expect((await login(people.loner!.email)).body.status).toBe(A);

    await server.stores.settings.savePolicy(defaultSystemPolicy(), server.clock.now());
    await server.stores.organizations.savePolicy(orgs.t!, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: null,
      gracePeriodDays: -5,
      startedAt: server.clock.now().toISOString(),
    });
    expect((await login(people.memberT!.email)).body.status).toBe(E);
  });
});
