import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, uniqueEmail } from '../../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'root password 123' };
const PASSWORD = 'member password 1';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
});
afterAll(async () => {
  await server.close();
});

/** A password-only sign-in (the default policy enforces nothing), from a named browser. */
async function signIn(
  email: string,
  password = PASSWORD,
  userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130',
) {
  const res = await server.request('POST', '/api/auth/login', {
    body: { email, password },
    headers: { 'user-agent': userAgent },
  });
  if (res.body.status !== 'authenticated') throw new Error(`login: ${JSON.stringify(res.body)}`);
  return res.body.session.token as string;
}

async function newMember(orgId: string | null = null) {
  const admin = await signIn(ADMIN.email, ADMIN.password);
  const email = uniqueEmail('member');
  const res = await server.request('POST', '/api/admin/users', {
    token: admin,
    body: { email, password: PASSWORD, role: 'member', orgId },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email };
}

const me = (token: string) => server.request('GET', '/api/auth/session', { token });
const sessions = (token: string) => server.request('GET', '/api/account/sessions', { token });

describe('GET /api/account/sessions', () => {
  it('lists the live sessions with device, IP and times, and marks the current one', async () => {
    const user = await newMember();
    const first = await signIn(
      user.email,
      PASSWORD,
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605',
    );
    server.clock.advanceSeconds(120);
    const second = await signIn(user.email);

    const res = await sessions(second);
    expect(res.status).toBe(200);
    expect(res.body.sessions).toHaveLength(2);
    const [newest, oldest] = res.body.sessions;
    expect(Object.keys(newest).sort()).toEqual(
      expect.arrayContaining(['id', 'createdAt', 'lastSeenAt', 'ip', 'userAgent', 'current']),
    );
    expect(newest.current).toBe(true);
    expect(oldest.current).toBe(false);
    expect(newest.userAgent).toContain('Chrome');
    expect(oldest.userAgent).toContain('Safari');
    expect(newest.ip).toBe('127.0.0.1');
    expect(new Date(oldest.createdAt).getTime()).toBeLessThan(new Date(newest.createdAt).getTime());
    // No token or hash of any session is ever listed.
    expect(JSON.stringify(res.body)).not.toContain(first);
    expect(JSON.stringify(res.body)).not.toContain(second);
  });

  it('writes lastSeenAt at most once a minute per session, not once per request', async () => {
    const user = await newMember();
    const token = await signIn(user.email);
    const created = server.clock.now().toISOString();
    const stored = async () => {
      const row = await server.stores.database.db
        .selectFrom('sessions')
        .select('last_seen_at')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      return new Date(Number(row.last_seen_at)).toISOString();
    };

    server.clock.advanceSeconds(30);
    for (let i = 0; i < 5; i++) expect((await me(token)).status).toBe(200);
    expect(await stored()).toBe(created); // within the minute: no write

    server.clock.advanceSeconds(31); // 61 s after creation
    const seen = server.clock.now().toISOString();
    expect((await me(token)).status).toBe(200);
    expect(await stored()).toBe(seen);

    server.clock.advanceSeconds(59);
    await Promise.all(Array.from({ length: 5 }, () => me(token)));
    expect(await stored()).toBe(seen); // 59 s later: still no write
    expect((await sessions(token)).body.sessions[0].lastSeenAt).toBe(seen);
  });
});

describe('ending sessions', () => {
  it('DELETE /api/account/sessions/:id ends that session: its token answers 401', async () => {
    const user = await newMember();
    const other = await signIn(user.email);
    const current = await signIn(user.email);
    const listed = (await sessions(current)).body.sessions as Array<{ id: string; current: boolean }>;
    const target = listed.find((s) => !s.current)!;

    const res = await server.request('DELETE', `/api/account/sessions/${target.id}`, { token: current });
    expect(res.status).toBe(204);
    const ended = await me(other);
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe('unauthenticated');
    expect((await me(current)).status).toBe(200);
    // Ending it again, or an id that is not there: 404.
    expect(
      (await server.request('DELETE', `/api/account/sessions/${target.id}`, { token: current })).status,
    ).toBe(404);
  });

  it("another user's session cannot be ended (404, and it keeps working)", async () => {
    const [ann, bob] = [await newMember(), await newMember()];
    const annToken = await signIn(ann.email);
    const bobToken = await signIn(bob.email);
    const bobSession = (await sessions(bobToken)).body.sessions[0].id as string;
    const res = await server.request('DELETE', `/api/account/sessions/${bobSession}`, { token: annToken });
    expect(res.status).toBe(404);
    expect((await me(bobToken)).status).toBe(200);
  });

  it('DELETE /api/account/sessions?others=true ends every other session and keeps this one', async () => {
    const user = await newMember();
    const others = [await signIn(user.email), await signIn(user.email)];
    const current = await signIn(user.email);
    const res = await server.request('DELETE', '/api/account/sessions?others=true', { token: current });
    expect(res.status).toBe(204);
    for (const token of others) expect((await me(token)).status).toBe(401);
    expect((await me(current)).status).toBe(200);
    const left = (await sessions(current)).body.sessions;
    expect(left).toHaveLength(1);
    expect(left[0].current).toBe(true);
  });

  it('ending the current session signs it out', async () => {
    const user = await newMember();
    const current = await signIn(user.email);
    const id = (await sessions(current)).body.sessions[0].id as string;
    expect((await server.request('DELETE', `/api/account/sessions/${id}`, { token: current })).status).toBe(
      204,
    );
    expect((await me(current)).status).toBe(401);
  });

  it('needs a session', async () => {
    expect((await server.request('GET', '/api/account/sessions')).status).toBe(401);
    expect((await server.request('DELETE', '/api/account/sessions?others=true')).status).toBe(401);
  });
});

describe('administrators and a user’s sessions', () => {
  it('a system admin lists and ends a user’s sessions', async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    const user = await newMember();
    const [a, b] = [await signIn(user.email), await signIn(user.email)];

    const listed = await server.request('GET', `/api/admin/users/${user.id}/sessions`, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.sessions).toHaveLength(2);
    expect(listed.body.sessions.every((s: { current: boolean }) => !s.current)).toBe(true);

    const one = listed.body.sessions[0].id as string;
    expect(
      (await server.request('DELETE', `/api/admin/users/${user.id}/sessions/${one}`, { token: admin }))
        .status,
    ).toBe(204);
    const statuses = [(await me(a)).status, (await me(b)).status].sort();
    expect(statuses).toEqual([200, 401]);

    expect(
      (await server.request('DELETE', `/api/admin/users/${user.id}/sessions`, { token: admin })).status,
    ).toBe(204);
    expect((await me(a)).status).toBe(401);
    expect((await me(b)).status).toBe(401);
    const events = await server.request('GET', `/api/admin/audit?userId=${user.id}`, { token: admin });
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['session_ended', 'sessions_ended']),
    );
  });

  it('an org admin acts on their own organization only; a member on nobody', async () => {
    const root = await signIn(ADMIN.email, ADMIN.password);
    const org = async (name: string) =>
      (await server.request('POST', '/api/admin/orgs', { token: root, body: { name } })).body.id as string;
    const [orgA, orgB] = [await org('Acme'), await org('Globex')];
    const createIn = async (role: string, orgId: string) => {
      const email = uniqueEmail(role);
      const res = await server.request('POST', '/api/admin/users', {
        token: root,
        body: { email, password: PASSWORD, role, orgId },
      });
      return { id: res.body.id as string, email };
    };
    const adminA = await createIn('org_admin', orgA);
    const memberA = await createIn('member', orgA);
    const memberB = await createIn('member', orgB);
    const adminAToken = await signIn(adminA.email);
    const memberBToken = await signIn(memberB.email);
    await signIn(memberA.email);

    expect(
      (await server.request('GET', `/api/admin/users/${memberA.id}/sessions`, { token: adminAToken })).status,
    ).toBe(200);
    expect(
      (await server.request('GET', `/api/admin/users/${memberB.id}/sessions`, { token: adminAToken })).status,
    ).toBe(403);
    expect(
      (await server.request('DELETE', `/api/admin/users/${memberB.id}/sessions`, { token: adminAToken }))
        .status,
    ).toBe(403);
    expect((await me(memberBToken)).status).toBe(200);
    expect(
      (await server.request('GET', `/api/admin/users/${memberA.id}/sessions`, { token: memberBToken }))
        .status,
    ).toBe(403);
    expect((await server.request('GET', '/api/admin/users/nope/sessions', { token: root })).status).toBe(404);
  });
});
