/**
 * Guards remembered browsers (SECURITY.md rule 30) against the flaws of the designs
 * they replace: a "skip 2FA until <date>" kept per user (Casdoor) skips the second
 * factor on every browser, and a fixed cookie copied once keeps working forever.
 * Here a browser is remembered per browser, server-side, with a token that rotates
 * on every use and is stored hashed; an old token presented again revokes the whole
 * series; every remembered browser is forgotten on a factor, password or lockout
 * change; and a remembered browser never satisfies a re-check.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../src/crypto/random.js';
import { computeEffectivePolicy, defaultSystemPolicy } from '../../../src/domain/policy.js';
import { type MailHarness, startMailHarness } from '../../helpers/recovery.js';
import { type EnrolledUser, signUpWithTOTP, totpCode } from '../../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'root password 123' };
let h: MailHarness;

beforeAll(async () => {
  h = await startMailHarness({ TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password });
});
afterAll(async () => {
  await h.close();
});

async function setRememberPolicy(enabled: boolean, days = 30) {
  const policy = defaultSystemPolicy();
  policy.rememberBrowser = { enabled, days };
  await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
}
beforeEach(async () => {
  await setRememberPolicy(true, 30);
});

/** The `twofold_device` cookie a response set, or null. */
function deviceCookieOf(headers: Headers): string | null {
  for (const line of headers.getSetCookie()) {
    const match = /^twofold_device=([^;]*)/.exec(line);
    if (match) return decodeURIComponent(match[1]!);
  }
  return null;
}

const login = (user: { email: string; password: string }, device?: string | null) =>
  h.server.request('POST', '/api/auth/login', {
    body: { email: user.email, password: user.password },
    headers: device ? { cookie: `twofold_device=${encodeURIComponent(device)}` } : {},
  });

/** Password, then TOTP with "remember this browser"; returns the session token and the device cookie. */
async function signInRemembering(user: EnrolledUser, remember = true) {
  const first = await login(user);
  expect(first.body.status).toBe('mfa_required');
  h.server.clock.advanceSeconds(30);
  const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
    body: {
      mfaToken: first.body.mfaToken,
      method: 'totp',
      code: totpCode(h.server, user.secret),
      rememberBrowser: remember,
    },
  });
  expect(verify.status).toBe(200);
  expect(verify.body.deviceCookie).toBeUndefined();
  return { token: verify.body.session.token as string, device: deviceCookieOf(verify.headers) };
}

describe('remember this browser', () => {
  it('is off by default: no offer, and the flag is ignored', async () => {
    await setRememberPolicy(false);
    const user = await signUpWithTOTP(h.server);
    const first = await login(user);
    expect(first.body.rememberBrowserDays).toBeUndefined();
    const { device } = await signInRemembering(user);
    expect(device).toBeNull();
  });

  it('where policy allows it: the next password sign-in from that browser skips the second step, rotating the cookie', async () => {
    const user = await signUpWithTOTP(h.server);
    expect((await login(user)).body.rememberBrowserDays).toBe(30);
    const { device } = await signInRemembering(user);
    expect(device).toMatch(/^[\w-]+\.[\w-]+$/);
    // Stored hashed: neither the token nor the cookie is in the database.
    const [seriesId, token] = device!.split('.') as [string, string];
    const rows = await h.server.stores.database.db.selectFrom('remembered_browsers').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.find((r) => r.id === seriesId)?.token_hash).toBe(hashToken(token));

    const again = await login(user, device);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('authenticated');
    expect(again.body.rememberedBrowser).toBe(true);
    expect(again.body.deviceCookie).toBeUndefined();
    const rotated = deviceCookieOf(again.headers);
    expect(rotated).not.toBeNull();
    expect(rotated).not.toBe(device);
    expect(rotated!.split('.')[0]).toBe(seriesId);
    // The rotated cookie works once more; the password is still required.
    expect((await login(user, rotated)).body.status).toBe('authenticated');
    expect((await login({ ...user, password: 'wrong password' }, rotated)).status).toBe(401);
  });

  it('a replayed old cookie revokes the whole series, is audited, and the owner is told', async () => {
    const user = await signUpWithTOTP(h.server);
    const { device: original } = await signInRemembering(user);
    const used = await login(user, original);
    const current = deviceCookieOf(used.headers);
    expect(used.body.status).toBe('authenticated');

    // The copied (now old) cookie: the second step is asked, and the series dies.
    const replay = await login(user, original);
    expect(replay.body.status).toBe('mfa_required');
    expect(deviceCookieOf(replay.headers)).toBeNull();
    // Even the legitimate browser's current cookie no longer skips anything.
    expect((await login(user, current)).body.status).toBe('mfa_required');
    const events = await h.server.stores.audit.list({ userId: user.userId, limit: 50 });
    expect(events.events.map((e) => e.type)).toContain('remembered_browser_reused');
    await h.smtp.waitFor((m) => m.to.includes(user.email) && /copied sign-in cookie/.test(m.subject));
  });

  it("is per user and per browser: another account's cookie does nothing, and does not revoke it", async () => {
    const [ann, bob] = [await signUpWithTOTP(h.server), await signUpWithTOTP(h.server)];
    const { device } = await signInRemembering(ann);
    expect((await login(bob, device)).body.status).toBe('mfa_required');
    expect((await login(ann, device)).body.status).toBe('authenticated');
    // A browser without the cookie is asked as before.
    expect((await login(ann)).body.status).toBe('mfa_required');
  });

  it('expires after the policy days, and a shortened policy applies to browsers already remembered', async () => {
    const user = await signUpWithTOTP(h.server);
    const { device } = await signInRemembering(user);
    h.server.clock.advanceSeconds(5 * 86_400);
    await setRememberPolicy(true, 3);
    expect((await login(user, device)).body.status).toBe('mfa_required');
    await setRememberPolicy(true, 30);
    h.server.clock.advanceSeconds(26 * 86_400);
    expect((await login(user, device)).body.status).toBe('mfa_required');
  });

  it('never satisfies a re-check', async () => {
    const user = await signUpWithTOTP(h.server);
    const { device } = await signInRemembering(user);
    const remembered = await login(user, device);
    const token = remembered.body.session.token as string;
    const cookie = `twofold_device=${encodeURIComponent(deviceCookieOf(remembered.headers)!)}`;
    h.server.clock.advanceSeconds(6 * 60);
    const reauth = await h.server.request('POST', '/api/auth/reauth', {
      token,
      body: {},
      headers: { cookie },
    });
    expect(reauth.status).toBe(400);
    const remove = await h.server.request('DELETE', `/api/mfa/factors/${user.factorId}`, {
      token,
      headers: { cookie },
    });
    expect(remove.status).toBe(403);
    expect(remove.body.error.code).toBe('reauthentication_required');
  });

  it('an organization can turn it off or shorten it, never lengthen it', () => {
    const system = defaultSystemPolicy();
    system.rememberBrowser = { enabled: true, days: 30 };
    const member = { role: 'member' as const, orgId: 'o', createdAt: new Date(0) };
    const org = (rememberBrowser: { enabled: boolean; days?: number } | null) => ({
      useSystemPolicy: false,
      requireForAllMembers: false,
      methods: null,
      startedAt: null,
      rememberBrowser,
    });
    const days = (o: ReturnType<typeof org> | null) =>
      computeEffectivePolicy(system, o, member, new Date()).rememberBrowserDays;
    expect(days(null)).toBe(30);
    expect(days(org({ enabled: false }))).toBeNull();
    expect(days(org({ enabled: true, days: 7 }))).toBe(7);
    expect(days(org({ enabled: true, days: 90 }))).toBe(30);
    system.rememberBrowser.enabled = false;
    expect(days(org({ enabled: true, days: 7 }))).toBeNull();
  });
});

describe('every remembered browser is forgotten when…', () => {
  const live = (user: EnrolledUser) =>
    h.server.stores.rememberedBrowsers.listActiveForUser(user.userId, h.server.clock.now());

  async function rememberedUser() {
    const user = await signUpWithTOTP(h.server);
    const { token, device } = await signInRemembering(user);
    expect(await live(user)).toHaveLength(1);
    return { user, token, device };
  }

  it('a factor is added', async () => {
    const { user, token, device } = await rememberedUser();
    const setup = await h.server.request('POST', '/api/mfa/totp/setup', {
      token,
      body: { label: 'Second phone' },
    });
    h.server.clock.advanceSeconds(30);
    const confirm = await h.server.request('POST', '/api/mfa/totp/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: totpCode(h.server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    expect(await live(user)).toEqual([]);
    expect((await login(user, device)).body.status).toBe('mfa_required');
  });

  it('a factor is removed', async () => {
    const { user, token, device } = await rememberedUser();
    // A second factor first, so removing one leaves the account protected.
    const setup = await h.server.request('POST', '/api/mfa/totp/setup', { token, body: {} });
    h.server.clock.advanceSeconds(30);
    await h.server.request('POST', '/api/mfa/totp/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: totpCode(h.server, setup.body.secret) },
    });
    const { device: again } = await signInRemembering(user);
    const removed = await h.server.request('DELETE', `/api/mfa/factors/${user.factorId}`, { token });
    expect(removed.status).toBe(204);
    expect(await live(user)).toEqual([]);
    expect((await login(user, again)).body.status).toBe('mfa_required');
    expect((await login(user, device)).body.status).toBe('mfa_required');
  });

  it('an admin resets the 2FA', async () => {
    const { user } = await rememberedUser();
    const admin = await h.server.request('POST', '/api/auth/login', { body: ADMIN });
    const res = await h.server.request('POST', `/api/admin/users/${user.userId}/mfa/reset`, {
      token: admin.body.session.token,
    });
    expect(res.status).toBe(204);
    expect(await live(user)).toEqual([]);
  });

  it('the password changes', async () => {
    const { user, token, device } = await rememberedUser();
    const res = await h.server.request('POST', '/api/account/password', {
      token,
      body: { currentPassword: user.password, newPassword: 'a changed passphrase' },
    });
    expect(res.status).toBe(204);
    expect(await live(user)).toEqual([]);
    expect((await login({ ...user, password: 'a changed passphrase' }, device)).body.status).toBe(
      'mfa_required',
    );
  });

  it('the account locks', async () => {
    const { user } = await rememberedUser();
    for (let round = 0; round < 2; round++) {
      const pending = (await login(user)).body.mfaToken;
      for (let i = 0; i < 5; i++) {
        const wrong = totpCode(h.server, user.secret) === '000000' ? '000001' : '000000';
        await h.server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken: pending, method: 'totp', code: wrong },
        });
      }
    }
    expect(await live(user)).toEqual([]);
  });
});

describe('GET/DELETE /api/account/devices', () => {
  it('lists remembered browsers with "this browser", forgets one, then all', async () => {
    const user = await signUpWithTOTP(h.server);
    const first = await signInRemembering(user);
    const second = await signInRemembering(user);
    const cookie = { cookie: `twofold_device=${encodeURIComponent(second.device!)}` };
    const list = await h.server.request('GET', '/api/account/devices', {
      token: second.token,
      headers: cookie,
    });
    expect(list.status).toBe(200);
    expect(list.body.devices).toHaveLength(2);
    const [a, b] = list.body.devices;
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(['id', 'label', 'createdAt', 'lastUsedAt', 'ip', 'current']),
    );
    expect([a.current, b.current].sort()).toEqual([false, true]);
    expect(a.label).toBe('API client');

    const other = list.body.devices.find((d: { current: boolean }) => !d.current);
    expect(
      (await h.server.request('DELETE', `/api/account/devices/${other.id}`, { token: second.token })).status,
    ).toBe(204);
    expect((await login(user, first.device)).body.status).toBe('mfa_required');
    expect(
      (await h.server.request('DELETE', `/api/account/devices/${other.id}`, { token: second.token })).status,
    ).toBe(404);
    expect((await h.server.request('DELETE', '/api/account/devices', { token: second.token })).status).toBe(
      204,
    );
    expect((await login(user, second.device)).body.status).toBe('mfa_required');
    expect(
      (await h.server.request('GET', '/api/account/devices', { token: second.token })).body.devices,
    ).toEqual([]);
  });

  it('the policy document carries rememberBrowser, bounded 1–90 days', async () => {
    const admin = await h.server.request('POST', '/api/auth/login', { body: ADMIN });
    const token = admin.body.session.token;
    const ok = await h.server.request('PUT', '/api/admin/mfa/policy', {
      token,
      body: { rememberBrowser: { enabled: true, days: 14 } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.rememberBrowser).toEqual({ enabled: true, days: 14 });
    const tooLong = await h.server.request('PUT', '/api/admin/mfa/policy', {
      token,
      body: { rememberBrowser: { days: 91 } },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].field).toBe('rememberBrowser.days');
  });
});
