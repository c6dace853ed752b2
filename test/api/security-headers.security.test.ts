// Guards: hand-set headers with no Content-Security-Policy, HSTS, Permissions-Policy or
// Cross-Origin-Opener-Policy, and a session cookie that was neither `Secure` nor
// `__Host-` prefixed on https (a sibling subdomain could plant or shadow it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpWithTOTP, startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

const PASSWORD = 'correct horse battery staple';

/** The directives of a CSP header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

let webRoot: string;
beforeAll(() => {
  webRoot = mkdtempSync(join(tmpdir(), 'twofold-web-'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Twofold</title>');
});
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

describe('security headers (http, PUBLIC_URL unset)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ webRoot });
  });
  afterAll(async () => {
    await server.close();
  });

  it('the UI answers a strict CSP: no inline script or style, data: images only for the QR code', async () => {
    const res = await fetch(`${server.url}/signin`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    for (const values of csp.values()) {
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain("'unsafe-eval'");
    }
    // Over plain http, neither HSTS nor an upgrade of every subresource.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('every answer — UI, API, refusal, not found — carries the same protective headers', async () => {
    const answers = [
      await fetch(`${server.url}/`),
      await fetch(`${server.url}/api/public-config`),
      await fetch(`${server.url}/api/mfa`),
      await fetch(`${server.url}/api/nope`),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 404]);
    for (const res of answers) {
      const h = res.headers;
      expect(h.get('content-security-policy'), res.url).toContain("script-src 'self'");
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      const permissions = h.get('permissions-policy') ?? '';
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()'])
        expect(permissions).toContain(feature);
      // WebAuthn stays usable by our own pages.
      expect(permissions).toContain('publickey-credentials-get=(self)');
      expect(h.get('x-powered-by')).toBeNull();
    }
  });

  it('the session cookie over http: plain name, HttpOnly, SameSite=Lax, Path=/, not Secure', async () => {
    const res = await server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^twofold_session=/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Secure/i);
    expect(cookie).not.toMatch(/; Domain=/i);
  });
});

describe('security headers and cookie with an https PUBLIC_URL', () => {
  const PUBLIC_URL = 'https://auth.example.test';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ webRoot, env: { PUBLIC_URL } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends HSTS for a year and upgrades insecure subresources', async () => {
    const res = await fetch(`${server.url}/signin`);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(
      true,
    );
  });

  it('the session cookie is __Host- prefixed, Secure, Path=/ and has no Domain; only that name signs in', async () => {
    const email = uniqueEmail();
    const res = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-twofold_session=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/(;|$)/i);
    expect(cookie).not.toMatch(/; Domain=/i);

    const token = res.body.session.token as string;
    const withHost = await server.request('GET', '/api/auth/session', {
      headers: { cookie: `__Host-twofold_session=${token}` },
    });
    expect(withHost.status).toBe(200);
    // The unprefixed name is what a sibling subdomain could set: it opens nothing on https.
    const plain = await server.request('GET', '/api/auth/session', {
      headers: { cookie: `twofold_session=${token}` },
    });
    expect(plain.status).toBe(401);

    const logout = await server.request('POST', '/api/auth/logout', {
      headers: { cookie: `__Host-twofold_session=${token}`, origin: PUBLIC_URL },
    });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie') ?? '').toMatch(/^__Host-twofold_session=;.*Secure/i);
  });

  it('documents the cookie under its real name in the OpenAPI document', async () => {
    await signUpWithTOTP(server);
    const doc = (await server.request('GET', '/api/openapi.json')).body;
    expect(doc.components.securitySchemes.cookie.name).toBe('__Host-twofold_session');
  });
});
