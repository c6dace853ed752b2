import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSystemPolicy } from '../../src/domain/policy.js';
import { signUpWithTOTP, startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'root password 123' };
const PASSWORD = 'member password 1';
const DAY = 86_400_000;

let server: TestServer;
let root: string;
let orgA: string;
const people: Record<string, { id: string; email: string }> = {};

async function sessionOf(email: string, password = PASSWORD): Promise<string> {
  const res = await server.request('POST', '/api/auth/login', { body: { email, password } });
  if (res.body.status !== 'authenticated') throw new Error(JSON.stringify(res.body));
  return res.body.session.token;
}

async function createUser(role: string, orgId: string | null) {
  const email = uniqueEmail(role);
  const res = await server.request('POST', '/api/admin/users', {
    token: root,
    body: { email, password: PASSWORD, role, orgId },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email };
}

async function users(query: string, token = root) {
  const res = await server.request('GET', `/api/admin/users${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.users as Array<{
    id: string;
    email: string;
    locked: boolean;
    compliance: { status: string; deadline: string | null };
  }>;
}

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  root = await sessionOf(ADMIN.email, ADMIN.password);
  orgA = (await server.request('POST', '/api/admin/orgs', { token: root, body: { name: 'Acme' } })).body.id;
  people.adminA = await createUser('org_admin', orgA);
  people.memberA = await createUser('member', orgA);
  people.loner = await createUser('member', null);
  const enrolled = await signUpWithTOTP(server);
  people.enrolled = { id: enrolled.userId, email: enrolled.email };
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await server.stores.settings.savePolicy(defaultSystemPolicy(), server.clock.now());
  root = await sessionOf(ADMIN.email, ADMIN.password);
});

describe('users table: compliance column and filters', () => {
  it('says who is enrolled, in grace until when, and non-compliant; the filter matches the Overview count', async () => {
    const none = await users('');
    expect(none.find((u) => u.id === people.loner!.id)?.compliance).toEqual({
      status: 'not_required',
      deadline: null,
    });
    expect(none.find((u) => u.id === people.enrolled!.id)?.compliance.status).toBe('enrolled');

    await server.stores.settings.savePolicy(
      {
        ...defaultSystemPolicy(),
        enforcement: {
          scope: 'organizations',
          organizationIds: [orgA],
          profileIds: [],
          gracePeriodDays: 7,
          startedAt: server.clock.now().toISOString(),
        },
      },
      server.clock.now(),
    );
    const grace = await users('');
    const member = grace.find((u) => u.id === people.memberA!.id)!;
    expect(member.compliance.status).toBe('grace');
    expect(Date.parse(member.compliance.deadline!)).toBe(server.clock.now().getTime() + 7 * DAY);

    server.clock.advanceSeconds(8 * 86_400);
    root = await sessionOf(ADMIN.email, ADMIN.password);
    const over = await users('');
    expect(over.find((u) => u.id === people.memberA!.id)?.compliance).toEqual({
      status: 'non_compliant',
      deadline: null,
    });
    const filtered = await users('?compliance=non_compliant');
    expect(filtered.map((u) => u.id).sort()).toEqual([people.adminA!.id, people.memberA!.id].sort());
    expect(filtered.map((u) => u.id)).not.toContain(people.enrolled!.id);
    expect(filtered.every((u) => u.compliance.status !== 'enrolled')).toBe(true);
    const stats = await server.request('GET', '/api/admin/stats', { token: root });
    expect(filtered).toHaveLength(stats.body.nonCompliant);
    expect((await users('?compliance=enrolled')).map((u) => u.id)).toEqual([people.enrolled!.id]);
  });

  it('pages through a compliance-filtered list without losing or repeating anyone', async () => {
    const all = await users('?compliance=not_required');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await server.request(
        'GET',
        `/api/admin/users?compliance=not_required&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: root },
      );
      seen.push(...res.body.users.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((u) => u.id));
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });

  it('filters locked users (locked out or held by the password backoff), as the Locked tile counts them', async () => {
    await server.stores.users.markPasswordThrottled(
      people.memberA!.id,
      new Date(server.clock.now().getTime() + 3_600_000),
    );
    const locked = await users('?locked=true');
    expect(locked.map((u) => u.id)).toEqual([people.memberA!.id]);
    expect(locked[0]!.locked).toBe(true);
    expect((await users('?locked=false')).map((u) => u.id)).not.toContain(people.memberA!.id);
    const stats = await server.request('GET', '/api/admin/stats', { token: root });
    expect(stats.body.locked).toBe(1);
    // Org admins get the same filters inside their organization.
    const orgAdmin = await sessionOf(people.adminA!.email);
    expect((await users('?locked=true', orgAdmin)).map((u) => u.id)).toEqual([people.memberA!.id]);
    await server.stores.users.clearAllThrottles(people.memberA!.id);
    const bad = await server.request('GET', '/api/admin/users?locked=yes', { token: root });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('locked');
  });
});

describe('policy preview (dry run)', () => {
  it('says what enforcement for everyone would do, and saves nothing', async () => {
    const before = await server.request('GET', '/api/admin/mfa/policy', { token: root });
    const res = await server.request('POST', '/api/admin/mfa/policy/preview', {
      token: root,
      body: { enforcement: { scope: 'all', gracePeriodDays: 7 } },
    });
    expect(res.status).toBe(200);
    const total = (await users('?limit=200')).length;
    expect(res.body).toMatchObject({
      enforcementChanged: true,
      affectedUsers: total,
      newlyRequired: total,
      withoutMfa: total - 1, // everyone but the enrolled user
      gracePeriodDays: 7,
      actorNeedsSetup: true, // root has no factor
    });
    expect(res.body.changes).toEqual(
      expect.arrayContaining(['enforcement.scope', 'enforcement.gracePeriodDays']),
    );
    expect(Date.parse(res.body.deadline)).toBe(server.clock.now().getTime() + 7 * DAY);
    const after = await server.request('GET', '/api/admin/mfa/policy', { token: root });
    expect(after.body).toEqual(before.body);
  });

  it('without grace: no deadline; for org admins only, only they count', async () => {
    const res = await server.request('POST', '/api/admin/mfa/policy/preview', {
      token: root,
      body: { enforcement: { scope: 'org_admins', gracePeriodDays: 0 } },
    });
    expect(res.body).toMatchObject({
      affectedUsers: 1,
      withoutMfa: 1,
      deadline: null,
      actorNeedsSetup: false,
    });
  });

  it('refuses what the PUT refuses, and is closed to org admins and members', async () => {
    const bad = await server.request('POST', '/api/admin/mfa/policy/preview', {
      token: root,
      body: { enforcement: { scope: 'everyone' } },
    });
    expect(bad.status).toBe(400);
    const orgAdmin = await sessionOf(people.adminA!.email);
    const member = await sessionOf(people.memberA!.email);
    for (const token of [orgAdmin, member]) {
      const res = await server.request('POST', '/api/admin/mfa/policy/preview', { token, body: {} });
      expect(res.status).toBe(403);
    }
  });

  it('previews an organization requirement for its members only', async () => {
    const orgAdmin = await sessionOf(people.adminA!.email);
    const res = await server.request('POST', `/api/admin/orgs/${orgA}/mfa/policy/preview`, {
      token: orgAdmin,
      body: { useSystemPolicy: false, requireForAllMembers: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      affectedUsers: 2,
      withoutMfa: 2,
      enforcementChanged: true,
      actorNeedsSetup: true,
    });
    const policy = await server.request('GET', `/api/admin/orgs/${orgA}/mfa/policy`, { token: orgAdmin });
    expect(policy.body.useSystemPolicy).toBe(true);
  });

  it('an organization preview says the organization’s own grace period and its deadline', async () => {
    const orgAdmin = await sessionOf(people.adminA!.email);
    const res = await server.request('POST', `/api/admin/orgs/${orgA}/mfa/policy/preview`, {
      token: orgAdmin,
      body: { useSystemPolicy: false, requireForAllMembers: true, gracePeriodDays: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.body.gracePeriodDays).toBe(5);
    expect(res.body.deadline).not.toBeNull();
  });

  it('needs a recent sign-in like the PUT', async () => {
    server.clock.advanceSeconds(600);
    const res = await server.request('POST', '/api/admin/mfa/policy/preview', { token: root, body: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('reauthentication_required');
  });
});
