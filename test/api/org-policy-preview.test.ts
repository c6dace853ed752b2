import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSystemPolicy } from '../../src/domain/policy.js';
import { startTestServer, type TestServer, totpCode, uniqueEmail } from '../helpers/server.js';

/**
 * The organization policy dry run (`POST /api/admin/orgs/:orgId/mfa/policy/preview`) says
 * what a change does to the members, not only whether the organization's own switch
 * flips: a grace period that moves their deadline, methods that stop their factors
 * counting, leaving a profile's requirement behind. The console asks the admin to
 * confirm whenever `enforcementChanged` says so.
 */
const ADMIN = { email: 'root@example.com', password: 'root password 123' };
const PASSWORD = 'member password 1';
const DAY = 86_400_000;

let server: TestServer;
let root: string;
let orgId: string;
let profileId: string;
const people: Record<string, string> = {};

async function sessionOf(email: string, password = PASSWORD): Promise<string> {
  const res = await server.request('POST', '/api/auth/login', { body: { email, password } });
  if (res.body.status !== 'authenticated') throw new Error(JSON.stringify(res.body));
  return res.body.session.token;
}

async function createMember(role: string) {
  const email = uniqueEmail(role);
  const res = await server.request('POST', '/api/admin/users', {
    token: root,
    body: { email, password: PASSWORD, role, orgId },
  });
  expect(res.status).toBe(201);
  return email;
}

const preview = (body: Record<string, unknown>) =>
  server.request('POST', `/api/admin/orgs/${orgId}/mfa/policy/preview`, { token: root, body });
const save = (body: Record<string, unknown>) =>
  server.request('PUT', `/api/admin/orgs/${orgId}/mfa/policy`, { token: root, body });

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  root = await sessionOf(ADMIN.email, ADMIN.password);
  profileId = (
    await server.request('POST', '/api/admin/org-profiles', { token: root, body: { name: 'Pilot' } })
  ).body.id;
  orgId = (
    await server.request('POST', '/api/admin/orgs', { token: root, body: { name: 'Initech', profileId } })
  ).body.id;
  people.admin = await createMember('org_admin');
  people.member = await createMember('member');
  // One member has an authenticator app.
  people.enrolled = await createMember('member');
  const token = await sessionOf(people.enrolled);
  const setup = await server.request('POST', '/api/mfa/totp/setup', { token, body: {} });
  const confirm = await server.request('POST', '/api/mfa/totp/confirm', {
    token,
    body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
  });
  expect(confirm.status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await server.stores.settings.savePolicy(defaultSystemPolicy(), server.clock.now());
  await server.stores.orgProfiles.update(profileId, { policy: null }, server.clock.now());
  await server.stores.organizations.savePolicy(orgId, {
    useSystemPolicy: true,
    requireForAllMembers: false,
    methods: null,
    startedAt: null,
  });
  root = await sessionOf(ADMIN.email, ADMIN.password);
});

describe('organization policy dry run: the effect on members', () => {
  it('a new grace period while the requirement stays on moves the deadline of those without 2FA', async () => {
    const required = { useSystemPolicy: false, requireForAllMembers: true, gracePeriodDays: 5 };
    expect((await save(required)).status).toBe(200);
    const startedAt = server.clock.now().getTime();
    server.clock.advanceSeconds(60);

    const longer = await preview({ ...required, gracePeriodDays: 10 });
    expect(longer.status).toBe(200);
    expect(longer.body).toMatchObject({
      changes: ['gracePeriodDays'],
      enforcementChanged: true,
      affectedUsers: 3,
      newlyRequired: 0,
      noLongerRequired: 0,
      deadlineMoved: 2, // the two without a factor; the enrolled member's deadline means nothing
      factorsNoLongerAllowed: 0,
      withoutMfa: 2,
      gracePeriodDays: 10,
    });
    expect(Date.parse(longer.body.deadline)).toBe(startedAt + 10 * DAY);

    // No grace at all: their deadline is now (sign-in walks them into setup).
    const none = await preview({ ...required, gracePeriodDays: 0 });
    expect(none.body).toMatchObject({ enforcementChanged: true, deadlineMoved: 2, deadline: null });

    // The same policy again changes nothing for anyone.
    const same = await preview(required);
    expect(same.body).toMatchObject({
      changes: [],
      enforcementChanged: false,
      deadlineMoved: 0,
      newlyRequired: 0,
      noLongerRequired: 0,
      factorsNoLongerAllowed: 0,
    });
  });

  it('methods that leave out a member’s factor while the requirement stays on are an enforcement change', async () => {
    const required = { useSystemPolicy: false, requireForAllMembers: true, gracePeriodDays: 5 };
    expect((await save(required)).status).toBe(200);
    const res = await preview({ ...required, methods: ['email'] });
    expect(res.body).toMatchObject({
      enforcementChanged: true,
      affectedUsers: 3,
      factorsNoLongerAllowed: 1,
      withoutMfa: 3,
      deadlineMoved: 0,
    });
    // Methods that keep everyone's factor: nothing changes for the members.
    const kept = await preview({ ...required, methods: ['totp', 'email'] });
    expect(kept.body).toMatchObject({ enforcementChanged: false, factorsNoLongerAllowed: 0, withoutMfa: 2 });
  });

  it('from the system policy (the profile requires 2FA) to its own with the same requirement but other methods', async () => {
    await server.stores.orgProfiles.update(
      profileId,
      {
        policy: {
          requireForAllMembers: true,
          methods: null,
          gracePeriodDays: 7,
          startedAt: server.clock.now().toISOString(),
        },
      },
      server.clock.now(),
    );
    const res = await preview({
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: ['email'],
      gracePeriodDays: 7,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enforcementChanged: true,
      affectedUsers: 3,
      newlyRequired: 0,
      factorsNoLongerAllowed: 1,
      withoutMfa: 3,
    });
  });

  it('its own policy without the requirement leaves the profile’s requirement behind: no longer required', async () => {
    await server.stores.orgProfiles.update(
      profileId,
      {
        policy: {
          requireForAllMembers: true,
          methods: null,
          gracePeriodDays: 7,
          startedAt: server.clock.now().toISOString(),
        },
      },
      server.clock.now(),
    );
    const res = await preview({ useSystemPolicy: false, requireForAllMembers: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      enforcementChanged: true,
      affectedUsers: 0,
      noLongerRequired: 3,
    });
    // Nothing saved.
    const stored = await server.request('GET', `/api/admin/orgs/${orgId}/mfa/policy`, { token: root });
    expect(stored.body.useSystemPolicy).toBe(true);
  });

  it('a change with no effect on anyone is no enforcement change (the console saves without asking)', async () => {
    // Nobody is required; methods of the organization's own that require nothing change nothing.
    const res = await preview({ useSystemPolicy: false, requireForAllMembers: false, methods: ['email'] });
    expect(res.body).toMatchObject({
      enforcementChanged: false,
      affectedUsers: 0,
      newlyRequired: 0,
      noLongerRequired: 0,
      deadlineMoved: 0,
      factorsNoLongerAllowed: 0,
    });
  });
});
