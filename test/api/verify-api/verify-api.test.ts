import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emailCodeFor,
  type OtpHarness,
  smsCodeFor,
  startOtpHarness,
  uniquePhone,
} from '../../helpers/otp.js';
import { totpCode } from '../../helpers/server.js';
import {
  ADMIN,
  adminSession,
  createApiKey,
  enrollApiTOTP,
  uniqueExternalId,
} from '../../helpers/verify-api.js';

let h: OtpHarness;
let admin: string;
let key: string;
let keyId: string;

beforeAll(async () => {
  h = await startOtpHarness({ TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password });
  admin = await adminSession(h.server);
  ({ key, id: keyId } = await createApiKey(h.server, admin, { name: 'shop-backend' }));
});
afterAll(async () => {
  await h.close();
});

const api = (method: string, path: string, body?: unknown, token = key) =>
  h.server.request(method, path, { token, ...(body === undefined ? {} : { body }) });

describe('API keys (admin)', () => {
  it('shows the key once at creation and lists it without the key, with its last use', async () => {
    const created = await h.server.request('POST', '/api/admin/api-keys', {
      token: admin,
      body: { name: 'billing' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'billing', orgId: null });
    expect(created.body.key).toMatch(/^tfk_[A-Za-z0-9_-]{43}$/);

    const listed = await h.server.request('GET', '/api/admin/api-keys', { token: admin });
    expect(listed.status).toBe(200);
    const entry = listed.body.apiKeys.find((k: { id: string }) => k.id === created.body.id);
    expect(entry).toEqual({
      id: created.body.id,
      name: 'billing',
      keyPrefix: created.body.key.slice(0, 10),
      orgId: null,
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    expect((await api('GET', '/api/v1/users/nobody', undefined, created.body.key)).status).toBe(404);
    const after = await h.server.request('GET', '/api/admin/api-keys', { token: admin });
    expect(after.body.apiKeys.find((k: { id: string }) => k.id === created.body.id).lastUsedAt).toBe(
      h.server.clock.now().toISOString(),
    );
  });

  it('refuses an unknown organization and a missing name', async () => {
    const noOrg = await h.server.request('POST', '/api/admin/api-keys', {
      token: admin,
      body: { name: 'x', orgId: 'nope' },
    });
    expect(noOrg.status).toBe(404);
    const noName = await h.server.request('POST', '/api/admin/api-keys', { token: admin, body: {} });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details[0].field).toBe('name');
  });
});

describe('OpenAPI', () => {
  it('documents the verify API with its key scheme', async () => {
    const doc = (await h.server.request('GET', '/api/openapi.json')).body;
    for (const path of ['/api/v1/verify', '/api/v1/challenge', '/api/v1/users/{externalId}/enroll/totp']) {
      expect(doc.paths[path]?.post?.security, path).toEqual([{ apiKey: [] }]);
    }
    expect(doc.paths['/api/admin/api-keys']).toBeDefined();
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('enrollment, status and verify', () => {
  it('enrolls TOTP for a new externalId, then accepts a code and rejects a wrong one', async () => {
    const externalId = uniqueExternalId();
    expect((await api('GET', `/api/v1/users/${externalId}`)).status).toBe(404);

    const setup = await api('POST', `/api/v1/users/${externalId}/enroll/totp`, { label: 'Shop' });
    expect(setup.status).toBe(200);
    expect(setup.body).toEqual({
      factorId: expect.any(String),
      secret: expect.stringMatching(/^[A-Z2-7]{32,}$/),
      otpauthUri: expect.stringContaining(`otpauth://totp/Twofold:${externalId}?`),
      qrCodeDataUrl: expect.stringMatching(/^data:image\/png;base64,/),
    });
    // Created on first use, not yet enabled.
    expect((await api('GET', `/api/v1/users/${externalId}`)).body).toMatchObject({
      externalId,
      mfaEnabled: false,
      methods: [],
      locked: false,
    });

    const wrongConfirm = await api('POST', `/api/v1/users/${externalId}/enroll/totp/confirm`, {
      factorId: setup.body.factorId,
      code: totpCode(h.server, setup.body.secret, 5),
    });
    expect(wrongConfirm.status).toBe(400);
    expect(wrongConfirm.body.error.code).toBe('invalid_code');

    const confirm = await api('POST', `/api/v1/users/${externalId}/enroll/totp/confirm`, {
      factorId: setup.body.factorId,
      code: totpCode(h.server, setup.body.secret),
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.backupCodes).toHaveLength(10);
    h.server.clock.advanceSeconds(30);

    const status = await api('GET', `/api/v1/users/${externalId}`);
    expect(status.body).toMatchObject({
      externalId,
      mfaEnabled: true,
      methods: ['totp', 'backup_code'],
      locked: false,
    });

    const wrong = await api('POST', '/api/v1/verify', {
      externalId,
      method: 'totp',
      code: totpCode(h.server, setup.body.secret, 5),
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ result: 'reject', attemptsRemaining: 9, reason: 'wrong' });

    const right = await api('POST', '/api/v1/verify', {
      externalId,
      method: 'totp',
      code: totpCode(h.server, setup.body.secret),
    });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ result: 'accept' });

    const backup = await api('POST', '/api/v1/verify', {
      externalId,
      method: 'backup_code',
      code: confirm.body.backupCodes[0],
    });
    expect(backup.body).toEqual({ result: 'accept' });
    expect((await api('GET', `/api/v1/users/${externalId}`)).body.methods).toEqual(['totp', 'backup_code']);
  });

  it("audits every call with the key's name as the actor", async () => {
    const user = await enrollApiTOTP(h.server, key, uniqueExternalId());
    await api('POST', '/api/v1/verify', {
      externalId: user.externalId,
      method: 'totp',
      code: totpCode(h.server, user.secret),
    });
    await api('POST', '/api/v1/verify', { externalId: user.externalId, method: 'totp', code: '000000' });
    const id = (await h.server.stores.users.findByExternalId(user.externalId))!.id;
    const audit = await h.server.request('GET', `/api/admin/audit?userId=${id}`, { token: admin });
    const byType = Object.fromEntries(
      audit.body.events.map((e: { type: string; actorId: string; details: object }) => [e.type, e]),
    );
    for (const type of ['user_created', 'factor_added', 'api_verify_succeeded', 'second_factor_failed']) {
      expect(byType[type], type).toMatchObject({ actorId: 'shop-backend', details: { apiKeyId: keyId } });
    }
  });

  it('enrolls email by challenge, then sends and verifies a code with /api/v1/challenge', async () => {
    const externalId = uniqueExternalId();
    const address = `${externalId}@example.com`;
    let mark = h.smtp.messages.length;
    const setup = await api('POST', `/api/v1/users/${externalId}/enroll/email`, { email: address });
    expect(setup.status).toBe(200);
    expect(setup.body).toMatchObject({
      factorId: expect.any(String),
      destination: expect.stringContaining('***'),
    });
    const code = await emailCodeFor(h.smtp, address, mark);
    const confirm = await api('POST', `/api/v1/users/${externalId}/enroll/email/confirm`, {
      factorId: setup.body.factorId,
      code,
    });
    expect(confirm.status).toBe(200);
    expect(confirm.body.backupCodes).toHaveLength(10);
    h.server.clock.advanceSeconds(31);

    mark = h.smtp.messages.length;
    const challenge = await api('POST', '/api/v1/challenge', { externalId, method: 'email' });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({
      destination: expect.stringContaining('***'),
      expiresAt: expect.any(String),
      resendAfterSeconds: 30,
    });
    // Sending again inside the cooldown is refused, as for a sign-in.
    expect((await api('POST', '/api/v1/challenge', { externalId, method: 'email' })).status).toBe(429);
    const sent = await emailCodeFor(h.smtp, address, mark);
    expect(await api('POST', '/api/v1/verify', { externalId, method: 'email', code: sent })).toMatchObject({
      status: 200,
      body: { result: 'accept' },
    });
    // Spent: the same code again is a reject.
    expect(
      (await api('POST', '/api/v1/verify', { externalId, method: 'email', code: sent })).body.result,
    ).toBe('reject');
    // No SMS factor: the method is refused naming the field.
    const noSms = await api('POST', '/api/v1/challenge', { externalId, method: 'sms' });
    expect(noSms.status).toBe(400);
    expect(noSms.body.error.details[0].field).toBe('method');
  });

  it('enrolls SMS by challenge', async () => {
    const externalId = uniqueExternalId();
    const phone = uniquePhone();
    const mark = h.twilio.requests.length;
    const setup = await api('POST', `/api/v1/users/${externalId}/enroll/sms`, { phone });
    expect(setup.status).toBe(200);
    const code = await smsCodeFor(h.twilio, phone, mark);
    const confirm = await api('POST', `/api/v1/users/${externalId}/enroll/sms/confirm`, {
      factorId: setup.body.factorId,
      code,
    });
    expect(confirm.status).toBe(200);
    expect((await api('GET', `/api/v1/users/${externalId}`)).body.methods).toEqual(['sms', 'backup_code']);
  });
});

describe('API users in the admin console', () => {
  it('are marked in the users table, and admin reset and unlock work on them', async () => {
    const user = await enrollApiTOTP(h.server, key, uniqueExternalId());
    const row = (
      await h.server.request('GET', '/api/admin/users?limit=200', { token: admin })
    ).body.users.find((u: { externalId: string | null }) => u.externalId === user.externalId);
    expect(row).toMatchObject({
      apiUser: true,
      externalId: user.externalId,
      mfaEnabled: true,
      role: 'member',
    });

    // Lock them with wrong codes through the API …
    const policy = await h.server.stores.settings.getPolicy();
    for (let i = 0; i < policy.limits.maxConsecutiveFailures - 1; i++) {
      await api('POST', '/api/v1/verify', { externalId: user.externalId, method: 'totp', code: '000000' });
    }
    const locking = await api('POST', '/api/v1/verify', {
      externalId: user.externalId,
      method: 'totp',
      code: '000000',
    });
    expect(locking.status).toBe(423);
    expect((await api('GET', `/api/v1/users/${user.externalId}`)).body.locked).toBe(true);
    // … unlock in the console …
    expect(
      (await h.server.request('POST', `/api/admin/users/${row.id}/unlock`, { token: admin })).status,
    ).toBe(204);
    expect(
      (
        await api('POST', '/api/v1/verify', {
          externalId: user.externalId,
          method: 'totp',
          code: totpCode(h.server, user.secret),
        })
      ).body,
    ).toEqual({ result: 'accept' });
    // … and reset their 2FA.
    expect(
      (await h.server.request('POST', `/api/admin/users/${row.id}/mfa/reset`, { token: admin })).status,
    ).toBe(204);
    expect((await api('GET', `/api/v1/users/${user.externalId}`)).body).toMatchObject({
      mfaEnabled: false,
      methods: [],
    });
  });
});
