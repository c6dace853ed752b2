// Guards: the sign-in page's `?next=` is where the browser goes once the user has signed
// in. Anything that a browser reads as another origin or as script there is an open
// redirect (phishing after a real sign-in) or XSS; the old check let `/\evil.example` through.
import { describe, expect, it } from 'vitest';
import { nextPathOr, safeNextPath } from '../../web/src/lib/next-path.js';
import { isUIPath } from '../../web/src/lib/router.js';

const ORIGIN = 'https://2fa.example.com';

describe('safeNextPath', () => {
  it('keeps paths on this origin, normalized, with their query and hash', () => {
    for (const [raw, expected] of [
      ['/security', '/security'],
      ['/admin/users?q=ann&mfa=disabled', '/admin/users?q=ann&mfa=disabled'],
      ['/setup?welcome=1#top', '/setup?welcome=1#top'],
      ['/admin/./users', '/admin/users'],
      ['/admin/x/../orgs', '/admin/orgs'],
      ['/oidc/interaction/abc', '/oidc/interaction/abc'],
      ['/', '/'],
    ]) {
      expect(safeNextPath(raw, ORIGIN), raw).toBe(expected);
    }
  });

  it('refuses everything a browser could read as another origin, a script, or a loop', () => {
    for (const raw of [
      null,
      undefined,
      '',
      '//evil.example',
      '//evil.example/security',
      '///evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'http://2fa.example.com/security', // another origin (scheme)
      'https://2fa.example.com.evil.example/',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'security',
      ' /security',
      ' //evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/\u0000/evil.example',
      '/ /evil.example',
      '/\u3000/evil.example',
      '/\ufeff/evil.example',
      '/x/..//evil.example',
      '/%2e%2e//evil.example',
      '/signin',
      '/signin?next=/admin',
      '/signup',
      '/api/auth/session',
      `/${'a'.repeat(3000)}`,
    ]) {
      expect(safeNextPath(raw as string, ORIGIN), JSON.stringify(raw)).toBeNull();
    }
  });

  it('falls back when refused', () => {
    expect(nextPathOr('//evil.example', ORIGIN, '/security')).toBe('/security');
    expect(nextPathOr('/admin', ORIGIN, '/security')).toBe('/admin');
  });
});

describe('the client-side routing scope', () => {
  it('routes UI paths in the page and leaves /api and /oidc to the browser', () => {
    for (const path of ['/', '/security', '/admin/users?q=x', '/signin?next=%2Fadmin', '/oidcish', '/apis'])
      expect(isUIPath(path), path).toBe(true);
    for (const path of ['/api', '/api/', '/api/openapi.json', '/oidc', '/oidc/auth?x=1', '/oidc?x'])
      expect(isUIPath(path), path).toBe(false);
  });
});
