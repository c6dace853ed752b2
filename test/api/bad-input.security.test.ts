// Flaw guarded: hostile request bodies that crash a handler (500s leak internals and
// skip checks), reach argon2 or the code check with the wrong type, or spend a
// sign-in's attempts without being a code at all. API.md: a body that fails validation
// is `400 invalid_request` with `details` naming the fields; STYLE.md: "throw only on
// malformed input", before any attempt is counted; never a 500.
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EnrolledUser,
  signUpWithTOTP,
  startSignIn,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';

let server: TestServer;
let user: EnrolledUser;
/** A session of a user with no factor yet and one pending TOTP setup (for confirm). */
let pending: { token: string; factorId: string; secret: string };

beforeAll(async () => {
  server = await startTestServer();
  user = await signUpWithTOTP(server);
  const signup = await server.request('POST', '/api/auth/signup', {
    body: { email: uniqueEmail(), password: 'correct horse battery staple' },
  });
  const setup = await server.request('POST', '/api/mfa/totp/setup', {
    token: signup.body.session.token,
    body: {},
  });
  pending = { token: signup.body.session.token, factorId: setup.body.factorId, secret: setup.body.secret };
});
afterAll(async () => {
  await server.close();
});

interface Raw {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
}

/** A request with a raw body and headers exactly as given (no JSON encoding added). */
async function raw(
  method: string,
  path: string,
  options: { body?: string | Uint8Array; headers?: Record<string, string>; token?: string } = {},
): Promise<Raw> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(server.url + path, { method, headers, body: options.body as BodyInit | undefined });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, text, json };
}

/**
 * Sends a huge body with node:http and reads the answer even if the server stops
 * reading early (it may close the socket once it has answered).
 */
function hugeBody(
  path: string,
  bytes: number,
  options: { chunked: boolean; token?: string },
): Promise<Raw | 'closed'> {
  return new Promise((resolve) => {
    const url = new URL(path, server.url);
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (!options.chunked) headers['content-length'] = bytes;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => {
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', () => resolve('closed'));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    chunk.write('{"email":"');
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= bytes) return this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    source.on('error', () => {});
    source.pipe(req);
  });
}

function expectInvalid(res: { status: number; json?: unknown; body?: unknown }, field?: string) {
  // biome-ignore lint/suspicious/noExplicitAny: JSON
  const body: any = 'json' in res ? res.json : res.body;
  expect(res.status, JSON.stringify(body)).toBe(400);
  expect(body.error.code).toBe('invalid_request');
  expect(typeof body.error.message).toBe('string');
  expect(Array.isArray(body.error.details)).toBe(true);
  expect(body.error.details.length).toBeGreaterThan(0);
  for (const d of body.error.details) {
    expect(typeof d.field).toBe('string');
    expect(typeof d.message).toBe('string');
  }
  if (field) expect(body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  // No internals: no stack, no SQL, no library names.
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d|stack|sqlite|kysely|zod|SELECT|INSERT/i);
}

interface RouteCase {
  name: string;
  path: string;
  /** A valid body; each case mutates one field. */
  valid: () => Record<string, unknown>;
  token?: () => string;
  fields: string[];
  /** Optional fields: absent is fine, a wrong type is not. */
  optional?: string[];
}

const ROUTES: RouteCase[] = [
  {
    name: 'signup',
    path: '/api/auth/signup',
    valid: () => ({ email: uniqueEmail(), password: 'correct horse battery staple', name: 'Ann' }),
    fields: ['email', 'password'],
    optional: ['name'],
  },
  {
    name: 'login',
    path: '/api/auth/login',
    valid: () => ({ email: user.email, password: 'wrong but well formed' }),
    fields: ['email', 'password'],
  },
  {
    name: 'mfa/verify',
    path: '/api/auth/mfa/verify',
    valid: () => ({ mfaToken: 'not-a-real-token', method: 'totp', code: '123456' }),
    fields: ['mfaToken', 'method', 'code'],
  },
  {
    name: 'totp/confirm',
    path: '/api/mfa/totp/confirm',
    valid: () => ({ factorId: pending.factorId, code: '123456' }),
    token: () => pending.token,
    fields: ['factorId', 'code'],
  },
  {
    name: 'reauth',
    path: '/api/auth/reauth',
    valid: () => ({ password: 'wrong but well formed' }),
    token: () => user.token,
    fields: ['password'],
    optional: ['method', 'code'],
  },
];

const WRONG_TYPES: Array<[string, unknown]> = [
  ['a number', 123456],
  ['an array', ['123456']],
  ['an object', { $gt: '' }],
  ['null', null],
  ['a boolean', true],
];

describe.each(ROUTES)('POST $path', (route) => {
  const send = (body: unknown, headers?: Record<string, string>) =>
    server.request('POST', route.path, { body, token: route.token?.(), headers });

  it('a missing field → 400 naming it', async () => {
    for (const field of route.fields) {
      const body = route.valid();
      delete body[field];
      expectInvalid(await send(body), field);
    }
    expectInvalid(await send({}), route.fields[0]);
  });

  it('wrong types (number, array, object, null, boolean) → 400 naming the field', async () => {
    for (const field of [...route.fields, ...(route.optional ?? [])]) {
      for (const [, value] of WRONG_TYPES) {
        expectInvalid(await send({ ...route.valid(), [field]: value }), field);
      }
    }
  });

  it('an over-long string → 400 naming the field (argon2 never sees a 60 kB password)', async () => {
    for (const field of route.fields) {
      expectInvalid(await send({ ...route.valid(), [field]: 'x'.repeat(60_000) }), field);
    }
  });

  it('a body that is not a JSON object (null, array, string, number) → 400', async () => {
    for (const text of ['null', '[]', '"hello"', '42', 'true']) {
      expectInvalid(
        await raw('POST', route.path, {
          body: text,
          headers: { 'content-type': 'application/json' },
          token: route.token?.(),
        }),
      );
    }
  });

  it('malformed JSON, an empty body, or no body at all → 400', async () => {
    const token = route.token?.();
    const json = { 'content-type': 'application/json' };
    for (const text of ['{', '{"email":', "{'a':1}", '{"a":1}}', '\u0000', '{"a":1,}']) {
      expectInvalid(await raw('POST', route.path, { body: text, headers: json, token }), 'body');
    }
    expectInvalid(await raw('POST', route.path, { body: '', headers: json, token }), 'body');
    expectInvalid(await raw('POST', route.path, { token }));
    expectInvalid(
      await raw('POST', route.path, { body: new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), headers: json, token }),
    );
  });

  it('prototype-pollution keys → 400, never 500', async () => {
    const token = route.token?.();
    const json = { 'content-type': 'application/json' };
    for (const text of [
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      `{"__proto__":{"x":1},${JSON.stringify(route.valid()).slice(1)}`,
    ]) {
      const res = await raw('POST', route.path, { body: text, headers: json, token });
      // Fastify's secure-json-parse refuses these keys outright.
      expectInvalid(res, 'body');
    }
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it('non-JSON content types (text/plain, form-urlencoded, multipart, none) → 400', async () => {
    const token = route.token?.();
    const valid = JSON.stringify(route.valid());
    const form = new URLSearchParams(route.valid() as Record<string, string>).toString();
    expectInvalid(
      await raw('POST', route.path, { body: valid, headers: { 'content-type': 'text/plain' }, token }),
    );
    expectInvalid(
      await raw('POST', route.path, {
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        token,
      }),
    );
    expectInvalid(
      await raw('POST', route.path, {
        body: '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nx\r\n--b--\r\n',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        token,
      }),
    );
    expectInvalid(
      await raw('POST', route.path, { body: valid, headers: { 'content-type': 'application/xml' }, token }),
    );
  });

  it('a 10 MB body → 400 (Content-Length declared, or chunked), and the server keeps serving', async () => {
    for (const chunked of [false, true]) {
      const res = await hugeBody(route.path, 10 * 1024 * 1024, { chunked, token: route.token?.() });
      // The server may stop reading early, but it answers first: a 400 naming the body.
      expect(res).not.toBe('closed');
      if (res !== 'closed') expectInvalid(res, 'body');
    }
    expect((await server.request('GET', '/healthz')).status).toBe(200);
  });
});

describe('code formats are refused before any attempt is spent', () => {
  const BAD_CODES = [
    '1234567',
    '12345',
    '12a456',
    'abcdef',
    '',
    ' ',
    '12 456',
    '+12345',
    '-12345',
    '1e5123',
    '０１２３４５',
    '12345\u0000',
  ];

  it('/api/auth/mfa/verify: 7 digits, 5 digits, letters, blanks → 400 naming `code`', async () => {
    const mfaToken = await startSignIn(server, user);
    for (const code of BAD_CODES) {
      expectInvalid(
        await server.request('POST', '/api/auth/mfa/verify', { body: { mfaToken, method: 'totp', code } }),
        'code',
      );
    }
    for (const code of ['abc', 'zzzzz-zzzz', 'zzzzz-zzzzz-z', '!!!!!-!!!!!']) {
      expectInvalid(
        await server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken, method: 'backup_code', code },
        }),
        'code',
      );
    }
    expectInvalid(
      await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'password', code: '123456' },
      }),
      'method',
    );
    expectInvalid(
      await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken, method: 'totp', code: '1'.repeat(33) },
      }),
      'code',
    );

    // None of that spent an attempt: the token still works and the account counter is untouched.
    expect((await server.stores.users.findById(user.userId))!.failedAttempts).toBe(0);
    const ok = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(ok.status).toBe(200);
    server.clock.advanceSeconds(30);
  });

  it('after 10 malformed codes the mfaToken still has all 5 attempts', async () => {
    const mfaToken = await startSignIn(server, user);
    for (let i = 0; i < 10; i++) {
      expectInvalid(
        await server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken, method: 'totp', code: `${i}`.repeat(7) },
        }),
        'code',
      );
    }
    const wrong = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: totpCode(server, user.secret, 7) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_code');
    expect(wrong.body.error.attemptsRemaining).toBe(4);
    const ok = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(ok.status).toBe(200);
    server.clock.advanceSeconds(30);
  });

  it('/api/mfa/totp/confirm: malformed codes → 400 naming `code`, and the pending setup survives', async () => {
    for (const code of BAD_CODES) {
      expectInvalid(
        await server.request('POST', '/api/mfa/totp/confirm', {
          token: pending.token,
          body: { factorId: pending.factorId, code },
        }),
        'code',
      );
    }
    const status = await server.request('GET', '/api/mfa', { token: pending.token });
    expect(status.body.enabled).toBe(false);
    // Still confirmable (more than MAX_CONFIRM_ATTEMPTS malformed codes were sent).
    const ok = await server.request('POST', '/api/mfa/totp/confirm', {
      token: pending.token,
      body: { factorId: pending.factorId, code: totpCode(server, pending.secret) },
    });
    expect(ok.status).toBe(200);
  });

  it('/api/auth/reauth: malformed codes → 400 naming `code`, no failure counted; half a body names a field', async () => {
    for (const code of BAD_CODES) {
      expectInvalid(
        await server.request('POST', '/api/auth/reauth', {
          token: user.token,
          body: { method: 'totp', code },
        }),
        'code',
      );
    }
    expect((await server.stores.users.findById(user.userId))!.failedAttempts).toBe(0);
    const onlyMethod = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'totp' },
    });
    expectInvalid(onlyMethod);
    expect(
      onlyMethod.body.error.details
        .map((d: { field: string }) => d.field)
        .some((f: string) => ['code', 'password'].includes(f)),
    ).toBe(true);
    expectInvalid(
      await server.request('POST', '/api/auth/reauth', { token: user.token, body: { code: '123456' } }),
    );
    expectInvalid(
      await server.request('POST', '/api/auth/reauth', {
        token: user.token,
        body: { method: 'x', code: '123456' },
      }),
      'method',
    );
  });
});

describe('other hostile input', () => {
  it('sign-up ignores fields it does not define (no mass assignment of role or organization)', async () => {
    const email = uniqueEmail();
    const res = await server.request('POST', '/api/auth/signup', {
      body: {
        email,
        password: 'correct horse battery staple',
        role: 'system_admin',
        orgId: 'org-1',
        id: 'chosen',
        failedAttempts: -100,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('member');
    expect(res.body.user.id).not.toBe('chosen');
    const stored = await server.stores.users.findByEmail(email);
    expect(stored).toMatchObject({ role: 'member', orgId: null, failedAttempts: 0 });
  });

  it('malformed Authorization headers → 401, never 500', async () => {
    for (const authorization of [
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer a b',
      `Bearer ${'x'.repeat(5000)}`,
      'bearer\t\t',
      '\u00e9',
    ]) {
      const res = await fetch(`${server.url}/api/auth/session`, { headers: { authorization } }).catch(
        () => null,
      );
      if (res === null) continue; // the client refused to send the header
      expect(res.status).toBe(401);
    }
    const cookie = await fetch(`${server.url}/api/auth/session`, {
      headers: { cookie: 'twofold_session=%E0%A4%A' },
    });
    expect(cookie.status).toBe(401);
  });

  it('email addresses that are not emails → 400 naming `email`', async () => {
    for (const email of [
      '',
      'no-at-sign',
      'a@',
      '@b.c',
      'a@b@c.d',
      `${'a'.repeat(250)}@example.com`,
      'a\n@b.c',
    ]) {
      expectInvalid(
        await server.request('POST', '/api/auth/login', { body: { email, password: 'x' } }),
        'email',
      );
    }
  });
});

describe('validation details carry a reason a UI can word in any language', () => {
  it('a bad e-mail, a too-long name and a number below its minimum name the problem and its bound', async () => {
    const res = await server.request('POST', '/api/auth/signup', {
      body: { email: 'not an address', password: 'correct horse battery staple', name: 'n'.repeat(500) },
    });
    expect(res.status).toBe(400);
    const byField = Object.fromEntries(
      (res.body.error.details as { field: string; message: string; limit?: number }[]).map((detail) => [
        detail.field,
        detail,
      ]),
    );
    expect(byField.email).toMatchObject({ reason: 'invalid_format', kind: 'email' });
    expect(byField.name).toMatchObject({ reason: 'too_big', kind: 'string' });
    expect(typeof byField.name?.limit).toBe('number');
    // The English message stays for API clients.
    expect(typeof byField.email?.message).toBe('string');
  });
});
