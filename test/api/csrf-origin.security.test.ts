// Guards: with PUBLIC_URL unset, the CSRF origin check compared Origin with the request's
// own Host header. Under DNS rebinding an attacker's name resolves to 127.0.0.1 and the
// browser sends that name as both Host and Origin, so the check passed, and a plain GET
// read every code in the dev outbox.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopbackOrigin, isOwnHost, isOwnOrigin } from '../../src/http/origin.js';
import { startupWarnings } from '../../src/serve.js';
import { signUpWithTOTP, startTestServer } from '../helpers/server.js';

describe('which origins are our own', () => {
  it('with PUBLIC_URL unset: loopback origins on any port, nothing else', () => {
    const config = { publicUrl: undefined };
    for (const origin of [
      'http://localhost:3000',
      'http://localhost',
      'http://127.0.0.1:3000',
      'http://127.0.0.1:5173',
      'http://127.1.2.3:8080',
      'http://[::1]:3000',
      'https://localhost:8443',
    ]) {
      expect(isOwnOrigin(config, origin), origin).toBe(true);
    }
    for (const origin of [
      'http://evil.example:3000',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example:3000',
      'http://192.168.1.10:3000',
      'http://0.0.0.0:3000',
      'http://[::ffff:7f00:1]:3000',
      'null',
      'file://',
      'http://localhost:3000/path',
      'http://user@localhost:3000',
      'javascript:alert(1)',
      '',
    ]) {
      expect(isOwnOrigin(config, origin), origin).toBe(false);
    }
    expect(isLoopbackOrigin('http://LOCALHOST:3000')).toBe(false); // not a browser-sent origin
  });

  it('with PUBLIC_URL set: exactly its origin (loopback no longer counts)', () => {
    const config = { publicUrl: 'https://auth.example.test' };
    expect(isOwnOrigin(config, 'https://auth.example.test')).toBe(true);
    expect(isOwnOrigin(config, 'http://auth.example.test')).toBe(false);
    expect(isOwnOrigin(config, 'https://auth.example.test:8443')).toBe(false);
    expect(isOwnOrigin(config, 'http://127.0.0.1:3000')).toBe(false);
  });

  it('Host headers: loopback or PUBLIC_URL host only', () => {
    expect(isOwnHost({ publicUrl: undefined }, '127.0.0.1:3000')).toBe(true);
    expect(isOwnHost({ publicUrl: undefined }, 'localhost:3000')).toBe(true);
    expect(isOwnHost({ publicUrl: undefined }, '[::1]:3000')).toBe(true);
    expect(isOwnHost({ publicUrl: undefined }, 'evil.example:3000')).toBe(false);
    expect(isOwnHost({ publicUrl: undefined }, 'localhost@evil.example')).toBe(false);
    expect(isOwnHost({ publicUrl: undefined }, undefined)).toBe(false);
    expect(isOwnHost({ publicUrl: 'https://auth.example.test' }, 'auth.example.test')).toBe(true);
  });

  it('warns at start when PUBLIC_URL is unset', () => {
    const base = { production: false, host: '127.0.0.1' };
    expect(startupWarnings({ ...base, publicUrl: undefined }).join('\n')).toMatch(
      /PUBLIC_URL is not set: browser sessions are accepted only from loopback origins/,
    );
    expect(startupWarnings({ ...base, publicUrl: 'https://auth.example.test' })).toEqual([]);
  });
});

/** A request with exactly these headers, `Host` included (fetch does not let a caller set it). */
function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('DNS rebinding against a server with PUBLIC_URL unset', () => {
  it('a cookie request whose Origin matches a foreign Host is refused; loopback origins pass', async () => {
    const server = await startTestServer();
    try {
      const user = await signUpWithTOTP(server);
      const cookie = `twofold_session=${user.token}`;
      // The rebinding page: Host and Origin both name the attacker's domain.
      const rebound = await rawRequest(server.url, 'POST', '/api/mfa/backup-codes', {
        cookie,
        host: 'rebind.evil.example:3000',
        origin: 'http://rebind.evil.example:3000',
      });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.text).error.code).toBe('forbidden');
      const viaReferer = await rawRequest(server.url, 'POST', '/api/mfa/backup-codes', {
        cookie,
        host: 'rebind.evil.example',
        referer: 'http://rebind.evil.example/x',
      });
      expect(viaReferer.status).toBe(403);
      for (const origin of ['http://localhost:5173', server.url]) {
        const ok = await server.request('POST', '/api/mfa/backup-codes', { headers: { cookie, origin } });
        expect(ok.status, origin).toBe(200);
      }
    } finally {
      await server.close();
    }
  });

  it('the dev outbox answers only under a loopback Host', async () => {
    const server = await startTestServer();
    try {
      expect((await server.request('GET', '/api/dev/outbox')).status).toBe(200);
      const rebound = await rawRequest(server.url, 'GET', '/api/dev/outbox', {
        host: 'rebind.evil.example:3000',
      });
      expect(rebound.status).toBe(403);
      expect(rebound.text).not.toContain('messages');
      const local = await rawRequest(server.url, 'GET', '/api/dev/outbox', { host: 'localhost:3000' });
      expect(local.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
