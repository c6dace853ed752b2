import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpWithTOTP, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Sends `path` byte for byte (fetch would normalize it) and reads status, headers and body.
 */
function rawRequest(
  url: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The contract's error shape, and nothing of fastify's own (`statusCode`, `FST_ERR_…`). */
function expectErrorShape(text: string, code: string): void {
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(text).not.toMatch(/FST_ERR|statusCode/);
}

let server: TestServer;
let webRoot: string;
let token: string;

beforeAll(async () => {
  // A stand-in UI build, so the SPA fallback is registered as in production.
  webRoot = mkdtempSync(join(tmpdir(), 'twofold-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Twofold</title>');
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("app")');
  server = await startTestServer({ webRoot });
  token = (await signUpWithTOTP(server)).token;
});

afterAll(async () => {
  await server.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('framework errors answer the contract error shape', () => {
  it('a URL that does not decode (FST_ERR_BAD_URL) → 400 invalid_request naming the url', async () => {
    for (const path of ['/api/admin/orgs/%/mfa/policy', '/api/mfa/factors/%E0%A4%A']) {
      const res = await rawRequest(server.url, 'GET', path, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status, path).toBe(400);
      expectErrorShape(res.text, 'invalid_request');
      expect(JSON.parse(res.text).error.details).toEqual([{ field: 'url', message: 'is not a valid URL' }]);
    }
  });

  it('a 1,000-character id → 400 invalid_request naming the parameter (path parameters up to 16 KiB reach validation)', async () => {
    const res = await rawRequest(server.url, 'GET', `/api/admin/orgs/${'a'.repeat(1000)}/mfa/policy`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expectErrorShape(res.text, 'invalid_request');
    expect(JSON.parse(res.text).error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'orgId' })]),
    );
  });

  it('a URL beyond what the HTTP parser reads → 431 headers_too_large, and the server keeps serving', async () => {
    const res = await rawRequest(server.url, 'GET', `/api/mfa?q=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expectErrorShape(res.text, 'headers_too_large');
    expect((await server.request('GET', '/healthz')).status).toBe(200);
  });

  it('unknown API routes → 404 not_found, signed in or not, whatever the method', async () => {
    for (const [method, headers] of [
      ['GET', {}],
      ['GET', { authorization: 'Bearer not-a-token' }],
      ['GET', { authorization: `Bearer ${token}` }],
      ['POST', { authorization: `Bearer ${token}`, 'content-type': 'application/json' }],
      ['DELETE', {}],
    ] as const) {
      const res = await rawRequest(server.url, method, '/api/nope/nothing', {
        headers,
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(res.status, `${method} ${JSON.stringify(headers)}`).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectErrorShape(res.text, 'not_found');
    }
    // Not even `/api` itself falls through to the UI.
    const bare = await rawRequest(server.url, 'GET', '/api');
    expect(bare.status).toBe(404);
    expectErrorShape(bare.text, 'not_found');
  });

  it('the UI fallback answers neither /api nor /oidc paths; other paths get index.html', async () => {
    for (const path of ['/oidc', '/oidc/auth', '/oidc/.well-known/openid-configuration', '/api/x']) {
      const res = await rawRequest(server.url, 'GET', path);
      expect(res.status, path).toBe(404);
      expectErrorShape(res.text, 'not_found');
    }
    for (const path of ['/', '/security', '/admin/users?q=x', '/signin?next=%2Fadmin', '/oidcish']) {
      const res = await rawRequest(server.url, 'GET', path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).toContain('<title>Twofold</title>');
    }
    const asset = await rawRequest(server.url, 'GET', '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.text).toBe('console.log("app")');
    // Nothing outside the build folder, however the path is spelled.
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json', '/%2e%2e/x']) {
      const res = await rawRequest(server.url, 'GET', path);
      expect(res.text, path).toContain('<title>Twofold</title>');
    }
    // Only GET and HEAD get the UI.
    const post = await rawRequest(server.url, 'POST', '/security', {
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(404);
    expectErrorShape(post.text, 'not_found');
  });

  it('a bad body (not JSON, wrong content type, too large) → 400 invalid_request naming the body', async () => {
    const path = '/api/auth/login';
    const cases: [Record<string, string>, string][] = [
      [{ 'content-type': 'application/json' }, '{"email":'],
      [{ 'content-type': 'text/plain' }, '{"email":"a@b.c","password":"x"}'],
      [
        { 'content-type': 'application/json' },
        JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(70_000) }),
      ],
    ];
    for (const [headers, body] of cases) {
      const res = await rawRequest(server.url, 'POST', path, { headers, body });
      expect(res.status).toBe(400);
      expectErrorShape(res.text, 'invalid_request');
      expect(JSON.parse(res.text).error.details[0].field).toBe('body');
    }
  });
});
