import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, RP_CALLBACK, startOidcServer } from '../helpers/oidc.js';
import type { TestServer } from '../helpers/server.js';

describe('applications API (/api/admin/clients) and the OIDC routes around it', () => {
  let server: TestServer & { issuer: string };
  let token: string;
  beforeAll(async () => {
    server = await startOidcServer();
    token = await adminToken(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates, lists, reads, updates and deletes an application; the secret is shown once', async () => {
    const created = await server.request('POST', '/api/admin/clients', {
      token,
      body: { name: 'Wiki', redirectUris: [RP_CALLBACK], type: 'confidential' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      name: 'Wiki',
      redirectUris: [RP_CALLBACK],
      postLogoutRedirectUris: [],
      type: 'confidential',
      firstParty: false,
      requireMfa: false,
      createdAt: expect.any(String),
    });
    const id = created.body.clientId as string;

    const listed = await server.request('GET', '/api/admin/clients', { token });
    expect(listed.status).toBe(200);
    const row = listed.body.clients.find((c: { clientId: string }) => c.clientId === id);
    expect(row).toMatchObject({ name: 'Wiki', signIns30d: 0 });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.clientSecret);

    const read = await server.request('GET', `/api/admin/clients/${id}`, { token });
    expect(read.body).not.toHaveProperty('clientSecret');
    const updated = await server.request('PUT', `/api/admin/clients/${id}`, {
      token,
      body: { requireMfa: true, firstParty: true },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Wiki', requireMfa: true, firstParty: true });

    const rotated = await server.request('POST', `/api/admin/clients/${id}/secret`, { token });
    expect(rotated.body.clientSecret).not.toBe(created.body.clientSecret);

    expect((await server.request('DELETE', `/api/admin/clients/${id}`, { token })).status).toBe(204);
    expect((await server.request('GET', `/api/admin/clients/${id}`, { token })).status).toBe(404);
  });

  it('a public client has no secret', async () => {
    const created = await server.request('POST', '/api/admin/clients', {
      token,
      body: { name: 'SPA', redirectUris: ['http://localhost:5173/cb'], type: 'public', firstParty: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.clientSecret).toBeUndefined();
    expect(
      (await server.request('POST', `/api/admin/clients/${created.body.clientId}/secret`, { token })).status,
    ).toBe(409);
  });

  it('bad input answers 400 naming the field', async () => {
    for (const [body, field] of [
      [{ redirectUris: [RP_CALLBACK], type: 'public' }, 'name'],
      [{ name: 'x', redirectUris: ['https://app.example/cb#frag'], type: 'public' }, 'redirectUris'],
      [{ name: 'x', redirectUris: [], type: 'public' }, 'redirectUris'],
      [{ name: 'x', redirectUris: ['ftp://x'], type: 'public' }, 'redirectUris'],
      [{ name: 'x', redirectUris: [RP_CALLBACK], type: 'secret' }, 'type'],
    ] as const) {
      const response = await server.request('POST', '/api/admin/clients', { token, body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_request');
      expect(JSON.stringify(response.body.error.details)).toContain(field);
    }
  });

  it('is for system admins only', async () => {
    const signup = await server.request('POST', '/api/auth/signup', {
      body: { email: 'member@example.com', password: 'correct horse battery staple' },
    });
    const member = signup.body.session.token as string;
    expect((await server.request('GET', '/api/admin/clients', { token: member })).status).toBe(403);
    expect((await server.request('GET', '/api/admin/clients')).status).toBe(401);
    expect((await server.request('GET', '/api/oidc/grants')).status).toBe(401);
    expect((await server.request('GET', '/api/oidc/grants', { token: member })).body).toEqual({ grants: [] });
  });

  it('an unknown or foreign interaction is an error page, never a redirect; /oidc is never the SPA', async () => {
    const response = await fetch(`${server.url}/interaction/not-a-real-one`, { redirect: 'manual' });
    expect(response.status).toBe(404);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toContain('text/html');
    const login = await server.request('POST', '/interaction/not-a-real-one/login', {
      headers: { origin: new URL(server.url).origin },
      body: { email: 'a@example.com', password: 'x' },
    });
    expect(login.status).toBe(404);
    // Cross-site POSTs are refused before anything else.
    const csrf = await server.request('POST', '/interaction/whatever/complete', {
      headers: { origin: 'https://evil.example' },
      body: {},
    });
    expect(csrf.status).toBe(403);
    expect((await fetch(`${server.url}/oidc/unknown-page`)).status).toBe(404);
  });
});
