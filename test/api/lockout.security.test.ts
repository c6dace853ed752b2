// Flaws guarded (issue 10, "Lockout as a weapon"; SECURITY.md rule 26):
// - ten wrong passwords from anywhere made the victim's *correct* password answer 429
//   for 15 minutes, repeatable forever; admin and CLI unlock did not clear it, and the
//   users table showed `locked: false`;
// - the re-check limit counted successful re-checks (11 correct re-checks → 429);
// - TRUST_PROXY=true trusted every hop, so a rotating X-Forwarded-For sprayed logins
//   past the per-IP limit and wrote made-up addresses into the audit log;
// - rate_limits stored every attempted email in clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { unlockUser } from '../../src/services/admin/admin-users.js';
import { PASSWORD_LIMITS } from '../../src/services/sign-in/sign-in.js';
import {
  signUpWithTOTP,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'lockout test root passphrase' };

function from(ip: string, cookie?: string): Record<string, string> {
  return { 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) };
}

describe('password throttling keyed on account and client', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    // The test client connects from 127.0.0.1: a trusted proxy that says who the client is.
    server = await startTestServer({
      env: {
        TRUST_PROXY: '127.0.0.1',
        TWOFOLD_ADMIN_EMAIL: ADMIN.email,
        TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
      },
    });
    admin = (await server.request('POST', '/api/auth/login', { body: ADMIN, headers: from('192.0.2.1') }))
      .body.session.token;
  });
  afterAll(async () => {
    await server.close();
  });

  const login = (email: string, password: string, ip: string, cookie?: string) =>
    server.request('POST', '/api/auth/login', { body: { email, password }, headers: from(ip, cookie) });

  it("an attacker's wrong passwords do not lock the owner out from another client", async () => {
    const user = await signUpWithTOTP(server);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await login(user.email, `wrong guess ${i}`, '203.0.113.5'));
    expect(answers.slice(0, 10).every((a) => a.status === 401)).toBe(true);
    expect(answers[11]!.status).toBe(429);
    // The attacker's own client stays throttled, even with the right password…
    expect((await login(user.email, user.password, '203.0.113.5')).status).toBe(429);
    // …while the owner, elsewhere, signs in.
    const owner = await login(user.email, user.password, '198.51.100.20');
    expect(owner.status).toBe(200);
    expect(owner.body.status).toBe('mfa_required');
  });

  it('the account-wide backoff stops unknown browsers; a browser that completed the second step before passes; unlock clears every counter', async () => {
    const user = await signUpWithTOTP(server);
    // The owner completed a second step in this browser before: it holds the known-browser cookie.
    const first = await login(user.email, user.password, '198.51.100.30');
    const verified = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: first.body.mfaToken, method: 'totp', code: totpCode(server, user.secret) },
      headers: from('198.51.100.30'),
    });
    expect(verified.status).toBe(200);
    const setCookie = verified.headers.get('set-cookie') ?? '';
    const known = /twofold_known_browser=([^;]+)/.exec(setCookie)?.[1];
    expect(known).toBeTruthy();
    expect(setCookie).toMatch(/twofold_known_browser=[^,]*HttpOnly/i);

    // A botnet: many clients, each under its own limit, together past the account-wide one.
    const clients = Math.ceil(PASSWORD_LIMITS.perAccount / PASSWORD_LIMITS.perAccountAndClient) + 1;
    for (let c = 0; c < clients; c++) {
      for (let i = 0; i < PASSWORD_LIMITS.perAccountAndClient; i++) {
        await login(user.email, `botnet ${c} ${i}`, `203.0.113.${100 + c}`);
      }
    }
    const stranger = await login(user.email, user.password, '198.51.100.31');
    expect(stranger.status).toBe(429);
    expect(stranger.body.error.code).toBe('rate_limited');
    // A forged (or foreign) mark does not count.
    const forged = await login(user.email, user.password, '198.51.100.33', `twofold_known_browser=${known}x`);
    expect(forged.status).not.toBe(200);
    // The owner's known browser still gets to the second step, from a new address even
    // (a correct password then resets the account-wide count).
    const owner = await login(user.email, user.password, '198.51.100.32', `twofold_known_browser=${known}`);
    expect(owner.status).toBe(200);
    expect(owner.body.status).toBe('mfa_required');

    // Hammer again; the users table shows the throttled state.
    for (let c = 0; c < clients; c++) {
      for (let i = 0; i < PASSWORD_LIMITS.perAccountAndClient; i++) {
        await login(user.email, `again ${c} ${i}`, `203.0.113.${150 + c}`);
      }
    }
    await login(user.email, user.password, '198.51.100.34');
    const listed = await server.request('GET', `/api/admin/users?q=${encodeURIComponent(user.email)}`, {
      token: admin,
    });
    expect(listed.body.users[0]).toMatchObject({ throttled: true, locked: true });
    expect(Date.parse(listed.body.users[0].throttledUntil)).toBeGreaterThan(server.clock.now().getTime());

    // Unlock clears every counter: account-wide and each attacker client's.
    const unlock = await server.request('POST', `/api/admin/users/${user.userId}/unlock`, { token: admin });
    expect(unlock.status).toBe(204);
    const after = await server.request('GET', `/api/admin/users?q=${encodeURIComponent(user.email)}`, {
      token: admin,
    });
    expect(after.body.users[0]).toMatchObject({ throttled: false, locked: false });
    expect((await login(user.email, user.password, '198.51.100.35')).status).toBe(200);
    expect((await login(user.email, user.password, '203.0.113.150')).status).toBe(200);
  });

  it('the CLI unlock (the same service) clears the per-client counters too', async () => {
    const user = await signUpWithTOTP(server);
    for (let i = 0; i < 11; i++) await login(user.email, `wrong ${i}`, '203.0.113.9');
    expect((await login(user.email, user.password, '203.0.113.9')).status).toBe(429);
    const stored = await server.stores.users.findByEmail(user.email);
    await unlockUser(server.ctx, stored!, { kind: 'cli' }, { ip: null, userAgent: 'twofold-cli' });
    expect((await login(user.email, user.password, '203.0.113.9')).status).toBe(200);
  });

  it('rate_limits holds keyed hashes: neither the email nor the address appears', async () => {
    const email = uniqueEmail('cleartext');
    await login(email, 'no such account', '203.0.113.77');
    const rows = await server.stores.database.db.selectFrom('rate_limits').select('key').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) {
      expect(key).not.toContain(email);
      expect(key).not.toContain('203.0.113.77');
      expect(key).not.toContain('@');
    }
  });

  it('re-checks count failures only: eleven correct re-checks in a row all pass', async () => {
    const user = await signUpWithTOTP(server);
    for (let i = 0; i < 11; i++) {
      const res = await server.request('POST', '/api/auth/reauth', {
        token: user.token,
        body: { password: user.password },
      });
      expect(res.status, `re-check ${i + 1}`).toBe(200);
    }
  });
});

describe('X-Forwarded-For from untrusted peers', () => {
  it.each([
    ['false', undefined],
    ['a list that does not include the peer', '10.0.0.0/8'],
  ])(
    'TRUST_PROXY %s: a rotating header neither escapes the per-client limit nor reaches the audit log',
    async (_, value) => {
      const server = await startTestServer({ env: value ? { TRUST_PROXY: value } : {} });
      try {
        const user = await signUpWithTOTP(server);
        const answers = [];
        for (let i = 0; i < 12; i++) {
          answers.push(
            await server.request('POST', '/api/auth/login', {
              body: { email: user.email, password: `spray ${i}` },
              headers: { 'x-forwarded-for': `198.18.0.${i}` },
            }),
          );
        }
        expect(answers[11]!.status).toBe(429);
        const { events } = await server.stores.audit.list({
          userId: user.userId,
          type: 'sign_in_failed',
          limit: 50,
        });
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) expect(event.ip).toBe('127.0.0.1');

        // The per-IP limit too: the real peer's budget is spent; a made-up address does not refill it.
        for (let i = 0; i < PASSWORD_LIMITS.perIp; i++) {
          await server.stores.rateLimiter.consume(
            'login:ip:127.0.0.1',
            PASSWORD_LIMITS.perIp,
            PASSWORD_LIMITS.windowSeconds,
            server.clock.now(),
          );
        }
        const sprayed = await server.request('POST', '/api/auth/login', {
          body: { email: uniqueEmail('spray'), password: 'spray password' },
          headers: { 'x-forwarded-for': '198.18.1.1' },
        });
        expect(sprayed.status).toBe(429);
      } finally {
        await server.close();
      }
    },
  );

  it('TRUST_PROXY=1 (one proxy hop): only the address the proxy appended counts', async () => {
    const server = await startTestServer({ env: { TRUST_PROXY: '1' } });
    try {
      const user = await signUpWithTOTP(server);
      const answers = [];
      for (let i = 0; i < 12; i++) {
        answers.push(
          await server.request('POST', '/api/auth/login', {
            body: { email: user.email, password: `spray ${i}` },
            // The client made up the first entry; the proxy appended the real one.
            headers: { 'x-forwarded-for': `198.18.0.${i}, 192.0.2.44` },
          }),
        );
      }
      expect(answers[11]!.status).toBe(429);
      const { events } = await server.stores.audit.list({
        userId: user.userId,
        type: 'sign_in_failed',
        limit: 50,
      });
      for (const event of events) expect(event.ip).toBe('192.0.2.44');
    } finally {
      await server.close();
    }
  });

  it('TRUST_PROXY accepts true/false, a hop count, or addresses/CIDRs, and refuses anything else', () => {
    const parse = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;
    expect(parse('true')).toBe(true);
    expect(parse('false')).toBe(false);
    expect(parse('2')).toBe(2);
    expect(parse('10.0.0.0/8, 127.0.0.1,::1')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(() => parse('proxy.local')).toThrow(ConfigError);
    expect(() => parse('10.0.0.0/33')).toThrow(ConfigError);
  });
});
