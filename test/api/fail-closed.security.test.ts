// Flaws guarded (issue 10, "Second factor bypasses"; SECURITY.md rules 23–25):
// 1. "Require 2FA" for an organization without `methods` stored `methods: []`, which
//    allowed no method, and members with TOTP then got a password-only session.
// 2. Other ways to reach "no usable method" (a narrowed organization whose method the
//    system switches off; production without SMTP) gave password-only sessions too,
//    and the policy PUTs accepted them silently.
// 3. When policy disallowed a user's factors, the password alone let anyone bind a new
//    factor and sign in: the old factor was never asked for.
// Plus the admin rules that go with them: weakening actions need a recent check, an
// admin cannot reset their own 2FA through the admin route, an org admin cannot act on
// another org admin, and factor or enforcement changes end the user's other sessions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSystemPolicy } from '../../src/domain/policy.js';
import { emailCodeFor, type OtpHarness, signUpWithEmailFactor, startOtpHarness } from '../helpers/otp.js';
import {
  signUpWithTOTP,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';

const ADMIN = { email: 'root@example.com', password: 'fail closed root passphrase' };
const PASSWORD = 'correct horse battery staple';

let server: TestServer;
let admin: string;
let orgId: string;

async function login(email: string, password = PASSWORD) {
  return server.request('POST', '/api/auth/login', { body: { email, password } });
}

async function adminSession(): Promise<string> {
  const res = await login(ADMIN.email, ADMIN.password);
  if (res.body.status !== 'authenticated') throw new Error(JSON.stringify(res.body));
  return res.body.session.token;
}

async function createUser(role: string, org: string | null) {
  const email = uniqueEmail(role);
  const res = await server.request('POST', '/api/admin/users', {
    token: admin,
    body: { email, password: PASSWORD, role, orgId: org },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { id: res.body.id as string, email };
}

/** A member of `org` with a confirmed TOTP factor (moved into the org through the store). */
async function totpMember(org: string | null) {
  const user = await signUpWithTOTP(server);
  if (org) {
    await server.stores.database.db
      .updateTable('users')
      .set({ org_id: org })
      .where('id', '=', user.userId)
      .execute();
  }
  return user;
}

beforeAll(async () => {
  server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
  });
  admin = await adminSession();
  orgId = (await server.request('POST', '/api/admin/orgs', { token: admin, body: { name: 'Acme' } })).body.id;
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await server.stores.settings.savePolicy(defaultSystemPolicy(), server.clock.now());
  await server.stores.organizations.savePolicy(orgId, {
    useSystemPolicy: true,
    requireForAllMembers: false,
    methods: null,
    startedAt: null,
  });
  admin = await adminSession();
});

describe('bypass 1: an organization override without methods', () => {
  it.each([
    ['missing', {}],
    ['null', { methods: null }],
  ])('methods %s means the system methods; a member with TOTP still needs the code', async (_, extra) => {
    const member = await totpMember(orgId);
    const put = await server.request('PUT', `/api/admin/orgs/${orgId}/mfa/policy`, {
      token: admin,
      body: { useSystemPolicy: false, requireForAllMembers: true, ...extra },
    });
    expect(put.status).toBe(200);
    expect(put.body.methods).toBeNull();
    const res = await login(member.email);
    expect(res.body.status).toBe('mfa_required');
    expect(res.body.session).toBeUndefined();
    expect(res.body.methods).toContain('totp');
  });

  it('an empty list saved by an older version is read as the system methods too', async () => {
    const member = await totpMember(orgId);
    await server.stores.organizations.savePolicy(orgId, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: [],
      startedAt: server.clock.now().toISOString(),
    });
    const res = await login(member.email);
    expect(res.body.status).toBe('mfa_required');
    expect(res.body.session).toBeUndefined();
  });
});

describe('bypass 2: no usable method', () => {
  it('the system cannot switch off the only method of a narrowed organization (400 naming the field and the organization)', async () => {
    const narrowed = await server.request('PUT', `/api/admin/orgs/${orgId}/mfa/policy`, {
      token: admin,
      body: { useSystemPolicy: false, requireForAllMembers: true, methods: ['email'] },
    });
    expect(narrowed.status).toBe(200);
    const res = await server.request('PUT', '/api/admin/mfa/policy', {
      token: admin,
      body: { methods: { email: { enabled: false } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details[0].field).toBe('methods');
    expect(res.body.error.message).toContain('Acme');
    expect(res.body.error.affected.organizations).toEqual([
      expect.objectContaining({ id: orgId, name: 'Acme' }),
    ]);
    expect((await server.stores.settings.getPolicy()).methods.email.enabled).toBe(true);
  });

  it('a policy left without a usable method (written straight to the store) refuses the sign-in: audited, logged at error, alerted', async () => {
    const member = await totpMember(orgId);
    await server.stores.organizations.savePolicy(orgId, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: ['email'],
      startedAt: server.clock.now().toISOString(),
    });
    const policy = defaultSystemPolicy();
    policy.methods.email.enabled = false;
    await server.stores.settings.savePolicy(policy, server.clock.now());
    const logsBefore = server.logs.length;
    const res = await login(member.email);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('mfa_unavailable');
    expect(res.body.session).toBeUndefined();
    expect(res.headers.get('set-cookie') ?? '').not.toContain('twofold_session=');
    const errorLines = server.logs
      .slice(logsBefore)
      .map((l) => JSON.parse(l))
      .filter((l) => l.level >= 50);
    expect(errorLines.some((l) => l.userId === member.userId)).toBe(true);
    const audit = await server.request(
      'GET',
      `/api/admin/audit?userId=${member.userId}&type=sign_in_refused`,
      {
        token: admin,
      },
    );
    expect(audit.body.events).toHaveLength(1);
    const stats = await server.request('GET', '/api/admin/stats', { token: admin });
    expect(stats.body.strandedUsers).toBeGreaterThanOrEqual(1);
    expect(stats.body.alerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'sign_in_refused', userId: member.userId })]),
    );
  });

  it('an enforced user with no factor and no usable method is refused, not signed in', async () => {
    const loner = await createUser('member', orgId);
    await server.stores.organizations.savePolicy(orgId, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: ['sms'], // the system has SMS off: nothing left
      startedAt: server.clock.now().toISOString(),
    });
    const res = await login(loner.email);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('mfa_unavailable');
  });

  it('an organization override with an empty method list is refused, naming the field', async () => {
    const res = await server.request('PUT', `/api/admin/orgs/${orgId}/mfa/policy`, {
      token: admin,
      body: { useSystemPolicy: false, methods: [] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('methods');
  });
});

describe('bypass 2 in production without SMTP', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({
      env: {
        NODE_ENV: 'production',
        TWOFOLD_ADMIN_EMAIL: ADMIN.email,
        TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
      },
    });
  });
  afterAll(async () => {
    await prod.close();
  });

  it('enforcement all + TOTP off is refused: email cannot be delivered, nobody would have a method', async () => {
    const token = (
      await prod.request('POST', '/api/auth/login', {
        body: { email: ADMIN.email, password: ADMIN.password },
      })
    ).body.session.token;
    const res = await prod.request('PUT', '/api/admin/mfa/policy', {
      token,
      body: { enforcement: { scope: 'all' }, methods: { totp: { enabled: false } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('methods');
    expect(res.body.error.affected.allUsers).toBe(true);
    const policy = await prod.stores.settings.getPolicy();
    expect(policy.methods.totp.enabled).toBe(true);
    expect(policy.enforcement.scope).toBe('none');
  });

  it('a TOTP user whose only method is switched off in the stored policy is refused, never signed in', async () => {
    const user = await signUpWithTOTP(prod);
    const policy = defaultSystemPolicy();
    policy.methods.totp.enabled = false;
    policy.enforcement.scope = 'all';
    await prod.stores.settings.savePolicy(policy, prod.clock.now());
    const res = await prod.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    // TOTP can still be proved, but nothing can be enrolled: refused.
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('mfa_unavailable');
  });
});

describe('bypass 3: the password alone never replaces a factor', () => {
  it('factors disallowed: the login asks for an old factor; its token opens no enrollment route', async () => {
    const user = await signUpWithTOTP(server);
    await server.request('PUT', '/api/admin/mfa/policy', {
      token: admin,
      body: { methods: { totp: { enabled: false } } },
    });
    const res = await login(user.email);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'mfa_required',
      replaceFactor: true,
      methods: ['totp', 'backup_code'],
      allowedMethods: ['email', 'webauthn'],
    });
    // The password step's token cannot bind anything.
    for (const path of ['/api/mfa/email/setup', '/api/mfa/totp/setup', '/api/mfa/webauthn/setup']) {
      const setup = await server.request('POST', path, { token: res.body.mfaToken, body: {} });
      expect(setup.status, path).toBe(401);
    }
    // A wrong old code is a wrong code.
    const wrong = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: res.body.mfaToken, method: 'totp', code: '000000' },
    });
    expect(wrong.status).toBe(400);
    // The right one hands over an enrollment token, not a session.
    const proved = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: res.body.mfaToken, method: 'totp', code: totpCode(server, user.secret) },
    });
    expect(proved.status).toBe(200);
    expect(proved.body).toMatchObject({
      status: 'mfa_enrollment_required',
      allowedMethods: ['email', 'webauthn'],
    });
    expect(proved.body.session).toBeUndefined();
    expect(proved.headers.get('set-cookie') ?? '').not.toContain('twofold_session=');
    const setup = await server.request('POST', '/api/mfa/email/setup', {
      token: proved.body.mfaToken,
      body: {},
    });
    expect(setup.status).toBe(200);
  });

  it('a backup code proves the account too, even with backup codes switched off', async () => {
    const user = await signUpWithTOTP(server);
    await server.request('PUT', '/api/admin/mfa/policy', {
      token: admin,
      body: { methods: { totp: { enabled: false }, backupCodes: { enabled: false } } },
    });
    const res = await login(user.email);
    expect(res.body.methods).toContain('backup_code');
    const proved = await server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: res.body.mfaToken, method: 'backup_code', code: user.backupCodes[0] },
    });
    expect(proved.body.status).toBe('mfa_enrollment_required');
  });
});

describe('bypass 3 with an email factor switched off', () => {
  let h: OtpHarness;
  beforeAll(async () => {
    h = await startOtpHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a code goes to the old address even though email is off; it proves the account, then TOTP is enrolled', async () => {
    const user = await signUpWithEmailFactor(h);
    const policy = await h.server.stores.settings.getPolicy();
    policy.methods.email.enabled = false;
    await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    const res = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(res.body).toMatchObject({ status: 'mfa_required', replaceFactor: true });
    expect(res.body.methods).toContain('email');
    expect(res.body.allowedMethods).not.toContain('email');
    const mark = h.smtp.messages.length;
    const sent = await h.server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: res.body.mfaToken, method: 'email' },
    });
    expect(sent.status).toBe(200);
    const code = await emailCodeFor(h.smtp, user.email, mark);
    const proved = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: res.body.mfaToken, method: 'email', code },
    });
    expect(proved.body.status).toBe('mfa_enrollment_required');
    const setup = await h.server.request('POST', '/api/mfa/totp/setup', {
      token: proved.body.mfaToken,
      body: {},
    });
    expect(setup.status).toBe(200);
    const confirm = await h.server.request('POST', '/api/mfa/totp/confirm', {
      token: proved.body.mfaToken,
      body: { factorId: setup.body.factorId, code: totpCode(h.server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.session.token).toBeTruthy();
  });
});

describe('admin actions that weaken an account', () => {
  it('reset and unlock need a recent check; the reauth makes them pass', async () => {
    const member = await totpMember(orgId);
    server.clock.advanceSeconds(301);
    for (const path of [
      `/api/admin/users/${member.userId}/mfa/reset`,
      `/api/admin/users/${member.userId}/unlock`,
    ]) {
      const res = await server.request('POST', path, { token: admin });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('reauthentication_required');
    }
    const stale = await server.request('PUT', '/api/admin/mfa/policy', {
      token: admin,
      body: { enforcement: { scope: 'all' } },
    });
    expect(stale.body.error.code).toBe('reauthentication_required');
    const staleOrg = await server.request('PUT', `/api/admin/orgs/${orgId}/mfa/policy`, {
      token: admin,
      body: { useSystemPolicy: true },
    });
    expect(staleOrg.body.error.code).toBe('reauthentication_required');
    const reauth = await server.request('POST', '/api/auth/reauth', {
      token: admin,
      body: { password: ADMIN.password },
    });
    expect(reauth.status).toBe(200);
    const reset = await server.request('POST', `/api/admin/users/${member.userId}/mfa/reset`, {
      token: admin,
    });
    expect(reset.status).toBe(204);
  });

  it('an admin cannot reset their own 2FA through the admin route', async () => {
    const me = (await server.request('GET', '/api/auth/session', { token: admin })).body.user.id;
    const res = await server.request('POST', `/api/admin/users/${me}/mfa/reset`, { token: admin });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('an org admin cannot reset or unlock another org admin (a system admin can)', async () => {
    const a = await createUser('org_admin', orgId);
    const b = await createUser('org_admin', orgId);
    const tokenA = (await login(a.email)).body.session.token;
    for (const path of [`/api/admin/users/${b.id}/mfa/reset`, `/api/admin/users/${b.id}/unlock`]) {
      const res = await server.request('POST', path, { token: tokenA });
      expect(res.status, path).toBe(403);
    }
    const bySystem = await server.request('POST', `/api/admin/users/${b.id}/unlock`, { token: admin });
    expect(bySystem.status).toBe(204);
  });
});

describe('factor and enforcement changes end other sessions', () => {
  it('removing a factor ends the other sessions (not the one that removed it)', async () => {
    const user = await signUpWithTOTP(server);
    const other = await server.request('POST', '/api/auth/mfa/verify', {
      body: {
        mfaToken: (await login(user.email)).body.mfaToken,
        method: 'totp',
        code: totpCode(server, user.secret),
      },
    });
    expect(other.status).toBe(200);
    const del = await server.request('DELETE', `/api/mfa/factors/${user.factorId}`, { token: user.token });
    expect(del.status).toBe(204);
    expect((await server.request('GET', '/api/mfa', { token: other.body.session.token })).status).toBe(401);
    expect((await server.request('GET', '/api/mfa', { token: user.token })).status).toBe(200);
  });

  it('turning 2FA off ends the other sessions', async () => {
    const user = await signUpWithTOTP(server);
    server.clock.advanceSeconds(30);
    const other = await server.request('POST', '/api/auth/mfa/verify', {
      body: {
        mfaToken: (await login(user.email)).body.mfaToken,
        method: 'totp',
        code: totpCode(server, user.secret),
      },
    });
    const off = await server.request('DELETE', '/api/mfa', { token: user.token });
    expect(off.status).toBe(204);
    expect((await server.request('GET', '/api/mfa', { token: other.body.session.token })).status).toBe(401);
  });

  it('enforcement beginning ends the password-only sessions of the users it now covers', async () => {
    const member = await createUser('member', orgId);
    const outsider = await createUser('member', null);
    const memberToken = (await login(member.email)).body.session.token;
    const outsiderToken = (await login(outsider.email)).body.session.token;
    const put = await server.request('PUT', `/api/admin/orgs/${orgId}/mfa/policy`, {
      token: admin,
      body: { useSystemPolicy: false, requireForAllMembers: true },
    });
    expect(put.status).toBe(200);
    expect((await server.request('GET', '/api/auth/session', { token: memberToken })).status).toBe(401);
    expect((await server.request('GET', '/api/auth/session', { token: outsiderToken })).status).toBe(200);
    expect((await server.request('GET', '/api/auth/session', { token: admin })).status).toBe(200);
  });

  it('a password-only admin session made before enforcement began opens no admin route', async () => {
    const orgAdmin = await createUser('org_admin', orgId);
    const token = (await login(orgAdmin.email)).body.session.token;
    expect((await server.request('GET', '/api/admin/users', { token })).status).toBe(200);
    // With a grace period the session survives the change, but loses the admin routes.
    server.clock.advanceSeconds(1);
    const put = await server.request('PUT', '/api/admin/mfa/policy', {
      token: admin,
      body: { enforcement: { scope: 'org_admins', gracePeriodDays: 7 } },
    });
    expect(put.status).toBe(200);
    expect((await server.request('GET', '/api/auth/session', { token })).status).toBe(200);
    const refused = await server.request('GET', '/api/admin/users', { token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('mfa_required_by_policy');
  });
});
