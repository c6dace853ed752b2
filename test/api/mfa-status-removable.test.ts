import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpWithTOTP, startTestServer, type TestServer, totpCode } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function enforce(scope: 'none' | 'all' | 'organizations', organizationIds: string[] = []) {
  const policy = await server.stores.settings.getPolicy();
  policy.enforcement = { ...policy.enforcement, scope, organizationIds, gracePeriodDays: 0 };
  await server.stores.settings.savePolicy(policy, server.clock.now());
}

const status = async (token: string) => (await server.request('GET', '/api/mfa', { token })).body;

describe('GET /api/mfa says beforehand what policy lets the user remove (issue 16 item 2)', () => {
  it('without enforcement every method is removable and 2FA can be turned off', async () => {
    await enforce('none');
    const user = await signUpWithTOTP(server);
    const body = await status(user.token);
    expect(body).toMatchObject({
      required: false,
      requiredBy: null,
      canDisable: true,
      disableBlockedReason: null,
    });
    expect(body.factors).toEqual([expect.objectContaining({ removable: true, removeBlockedReason: null })]);
  });

  it('under enforcement the only method is not removable, with the reason; DELETE still answers 403', async () => {
    await enforce('none');
    const user = await signUpWithTOTP(server);
    await enforce('all');
    const body = await status(user.token);
    expect(body).toMatchObject({ required: true, requiredBy: { kind: 'system' }, canDisable: false });
    expect(body.disableBlockedReason).toMatch(/administrator requires two-factor authentication.*turned off/);
    expect(body.disableBlockedReason).not.toMatch(/organization/i);
    const [factor] = body.factors;
    expect(factor).toMatchObject({ removable: false });
    expect(factor.removeBlockedReason).toMatch(/only usable method/);

    const removed = await server.request('DELETE', `/api/mfa/factors/${factor.id}`, { token: user.token });
    expect(removed.status).toBe(403);
    expect(removed.body.error.code).toBe('mfa_required_by_policy');
    expect((await server.request('DELETE', '/api/mfa', { token: user.token })).status).toBe(403);
  });

  it('with a second method either one may go', async () => {
    await enforce('none');
    const user = await signUpWithTOTP(server);
    await enforce('all');
    const setup = await server.request('POST', '/api/mfa/totp/setup', { token: user.token, body: {} });
    const confirm = await server.request('POST', '/api/mfa/totp/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    const body = await status(user.token);
    expect(body.factors).toHaveLength(2);
    for (const factor of body.factors)
      expect(factor).toMatchObject({ removable: true, removeBlockedReason: null });
    expect(body.canDisable).toBe(false);
  });

  it('names the organization only for a member whose organization requires it', async () => {
    await enforce('none');
    const org = await server.stores.organizations.create('Acme', server.clock.now());
    await server.stores.organizations.savePolicy(org.id, {
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: null,
      startedAt: server.clock.now().toISOString(),
    });
    const user = await signUpWithTOTP(server);
    await server.stores.database.db
      .updateTable('users')
      .set({ org_id: org.id })
      .where('id', '=', user.userId)
      .execute();
    const body = await status(user.token);
    expect(body).toMatchObject({
      required: true,
      requiredBy: { kind: 'organization', name: 'Acme' },
      canDisable: false,
    });
    expect(body.disableBlockedReason).toMatch(/^Your organization requires two-factor authentication/);
    expect(body.factors[0].removeBlockedReason).toMatch(/^Your organization requires/);
  });
});
