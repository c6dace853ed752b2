import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUDIT_EXPORT_PAGE, csvCell } from '../../src/services/admin/audit-export.js';
import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'root password 123' };
const PASSWORD = 'member password 1';

let server: TestServer;
let root: string;
let orgAdminA: string;
let orgA: string;
let orgB: string;
let memberA: { id: string; email: string };
const DAY = 86_400_000;
const base = Date.parse('2026-01-10T12:00:00Z');

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

function append(type: string, at: number, extra: { userId?: string; orgId?: string | null } = {}) {
  return server.stores.audit.append({
    type,
    userId: extra.userId ?? null,
    actorId: null,
    orgId: extra.orgId ?? null,
    ip: '203.0.113.9',
    userAgent: 'test',
    details: { methods: ['password', 'totp'] },
    at: new Date(at),
  });
}

async function get(path: string, token = root) {
  return server.request('GET', path, { token });
}

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  root = await sessionOf(ADMIN.email, ADMIN.password);
  orgA = (await server.request('POST', '/api/admin/orgs', { token: root, body: { name: 'Acme' } })).body.id;
  orgB = (await server.request('POST', '/api/admin/orgs', { token: root, body: { name: 'Globex' } })).body.id;
  const adminA = await createUser('org_admin', orgA);
  memberA = await createUser('member', orgA);
  orgAdminA = await sessionOf(adminA.email);
  // A fixed little history in January 2026, apart from the events of the setup above (now).
  await append('sign_in_failed', base, { userId: memberA.id, orgId: orgA });
  await append('sign_in_succeeded', base + DAY, { userId: memberA.id, orgId: orgA });
  await append('sign_in_failed', base + 2 * DAY, { orgId: orgB });
  await append('factor_added', base + 3 * DAY, { orgId: orgB });
});
afterAll(async () => {
  await server.close();
});

describe('GET /api/admin/audit', () => {
  it('keeps its contract and adds the emails and a one-line summary', async () => {
    const res = await get(`/api/admin/audit?userId=${memberA.id}&type=sign_in_succeeded`);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.events).toHaveLength(1);
    const event = res.body.events[0];
    for (const key of ['id', 'type', 'userId', 'actorId', 'ip', 'at', 'details'])
      expect(event).toHaveProperty(key);
    expect(event).toMatchObject({
      type: 'sign_in_succeeded',
      userId: memberA.id,
      userEmail: memberA.email,
      actorEmail: null,
      summary: 'methods: password, totp',
      details: { methods: ['password', 'totp'] },
    });
  });

  it('filters by several types and by a date range (a date as `to` includes its day)', async () => {
    const both = await get('/api/admin/audit?type=sign_in_failed,factor_added&from=2026-01-01&to=2026-01-31');
    expect(both.body.events.map((e: { type: string }) => e.type)).toEqual([
      'factor_added',
      'sign_in_failed',
      'sign_in_failed',
    ]);
    const oneDay = await get('/api/admin/audit?from=2026-01-11&to=2026-01-11');
    expect(oneDay.body.events.map((e: { type: string }) => e.type)).toEqual(['sign_in_succeeded']);
    const instant = await get(
      `/api/admin/audit?from=${new Date(base + 2 * DAY).toISOString()}&to=2026-02-01`,
    );
    expect(instant.body.events).toHaveLength(2);
  });

  it('refuses a malformed date or type with 400 naming the field', async () => {
    const badDate = await get('/api/admin/audit?from=yesterday');
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('from');
    const badType = await get('/api/admin/audit?type=SIGN%20IN%3B');
    expect(badType.status).toBe(400);
    expect(JSON.stringify(badType.body)).toContain('type');
  });

  it('shows an org admin only their organization, and refuses another', async () => {
    const res = await get('/api/admin/audit?from=2026-01-01&to=2026-01-31', orgAdminA);
    expect(res.status).toBe(200);
    expect(res.body.events).toHaveLength(2);
    expect(res.body.events.every((e: { orgId: string }) => e.orgId === orgA)).toBe(true);
    expect((await get(`/api/admin/audit?orgId=${orgB}`, orgAdminA)).status).toBe(403);
    expect((await get(`/api/admin/audit/export?orgId=${orgB}`, orgAdminA)).status).toBe(403);
  });

  it('lists the known event types for the filter', async () => {
    const res = await get('/api/admin/audit/types', orgAdminA);
    expect(res.status).toBe(200);
    expect(res.body.types).toContain('sign_in_failed');
    expect(res.body.types).toContain('policy_changed');
    expect(res.body.types).toEqual([...res.body.types].sort());
  });

  it('is closed to members and to anonymous callers', async () => {
    const member = await sessionOf(memberA.email);
    expect((await get('/api/admin/audit/types', member)).status).toBe(403);
    expect((await get('/api/admin/audit/export', member)).status).toBe(403);
    expect((await server.request('GET', '/api/admin/audit/export')).status).toBe(401);
  });
});

describe('GET /api/admin/audit/export', () => {
  it('exports the filtered events as CSV with a header row and an attachment name', async () => {
    const res = await get(
      '/api/admin/audit/export?format=csv&type=sign_in_failed&from=2026-01-01&to=2026-01-31',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="twofold-audit-.*\.csv"$/);
    const lines = (res.body as string).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,at,type,userId,userEmail,actorId,actorEmail,orgId,ip,userAgent,summary,details',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('2026-01-12T12:00:00.000Z,sign_in_failed');
    expect(lines[2]).toContain(memberA.email);
    expect(lines[2]).toContain('"{""methods"":[""password"",""totp""]}"');
  });

  it('exports JSON Lines: one event per line, the same fields as the list', async () => {
    const res = await get('/api/admin/audit/export?format=jsonl&from=2026-01-01&to=2026-01-31', orgAdminA);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const events = (res.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.type)).toEqual(['sign_in_succeeded', 'sign_in_failed']);
    expect(events.every((e) => e.orgId === orgA)).toBe(true);
    expect(events[0]).toMatchObject({ userEmail: memberA.email, summary: 'methods: password, totp' });
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('plain, text')).toBe('"plain, text"');
    expect(csvCell(null)).toBe('');
    await server.stores.audit.append({
      type: 'sign_in_failed',
      userId: null,
      actorId: null,
      orgId: orgB,
      ip: '198.51.100.1',
      userAgent: '=cmd|"/c calc"!A1',
      details: {},
      at: new Date(Date.parse('2025-06-01T00:00:00Z')),
    });
    const res = await get('/api/admin/audit/export?format=csv&from=2025-06-01&to=2025-06-01');
    const row = (res.body as string).trim().split('\r\n')[1]!;
    expect(row).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(row).not.toMatch(/,=cmd/);
  });

  it('streams a large export from the database page by page', async () => {
    const total = AUDIT_EXPORT_PAGE * 4 + 7;
    const start = Date.parse('2024-03-01T00:00:00Z');
    for (let i = 0; i < total; i++) {
      await append(i % 2 ? 'sign_in_failed' : 'code_sent', start + i * 1000, { orgId: orgB });
    }
    const list = vi.spyOn(server.stores.audit, 'list');
    try {
      const response = await fetch(
        `${server.url}/api/admin/audit/export?format=jsonl&from=2024-03-01&to=2024-03-02`,
        {
          headers: { authorization: `Bearer ${root}` },
        },
      );
      expect(response.status).toBe(200);
      // Streamed: no length known up front, sent in chunks.
      expect(response.headers.get('content-length')).toBeNull();
      expect(response.headers.get('transfer-encoding')).toBe('chunked');
      let chunks = 0;
      let text = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        chunks++;
        text += decoder.decode(chunk, { stream: true });
      }
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(total);
      // Newest first, none twice, none missing across page boundaries.
      const ats = lines.map((line) => Date.parse(JSON.parse(line).at));
      expect(new Set(ats).size).toBe(total);
      expect(ats).toEqual([...ats].sort((a, b) => b - a));
      // Read one page at a time: never more than a page of rows asked for at once.
      expect(list.mock.calls.length).toBe(Math.ceil(total / AUDIT_EXPORT_PAGE));
      expect(list.mock.calls.every(([query]) => query.limit === AUDIT_EXPORT_PAGE)).toBe(true);
      expect(chunks).toBeGreaterThan(1);
    } finally {
      list.mockRestore();
    }
  });
});
