import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../../src/delivery/webhook-dispatcher.js';
import { verifyWebhookSignature } from '../../../src/delivery/webhook-sms.js';
import { closedPort } from '../../helpers/net.js';
import { signUpWithTOTP, startTestServer, type TestServer, totpCode } from '../../helpers/server.js';
import { createPostgresDatabase } from '../../helpers/services.js';
import {
  ADMIN,
  adminSession,
  createApiKey,
  enrollApiTOTP,
  eventually,
  startVerifyApiServer,
  startWebhookReceiver,
  uniqueExternalId,
  type WebhookReceiver,
} from '../../helpers/verify-api.js';

const FAST_POLL = { WEBHOOK_POLL_INTERVAL_MS: '20' };

async function registerWebhook(server: TestServer, admin: string, url: string, events?: string[]) {
  const res = await server.request('POST', '/api/admin/webhooks', {
    token: admin,
    body: { url, ...(events ? { events } : {}) },
  });
  if (res.status !== 201) throw new Error(`webhook: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string; url: string; events: string[] };
}

async function deliveries(server: TestServer, admin: string, webhookId: string) {
  const res = await server.request('GET', `/api/admin/webhooks/${webhookId}/deliveries`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.deliveries as Array<{
    eventId: string;
    eventType: string;
    status: string;
    attempts: number;
    lastError: string | null;
  }>;
}

describe('signed webhooks', () => {
  let server: TestServer;
  let admin: string;
  let key: string;
  let receiver: WebhookReceiver;
  let hook: { id: string; secret: string };

  beforeAll(async () => {
    ({ server, admin } = await startVerifyApiServer(FAST_POLL));
    ({ key } = await createApiKey(server, admin, { name: 'shop' }));
    receiver = await startWebhookReceiver({ nowSeconds: () => server.clock.seconds });
    hook = await registerWebhook(server, admin, receiver.url);
    receiver.secret = hook.secret;
  });
  afterAll(async () => {
    await server.close();
    await receiver.stop();
  });

  it('registers a URL with its secret shown once', async () => {
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await server.request('GET', '/api/admin/webhooks', { token: admin });
    expect(listed.body.webhooks).toEqual([
      {
        id: hook.id,
        url: receiver.url,
        events: expect.arrayContaining(['factor.added', 'account.locked', 'backup_code.used']),
        orgId: null,
        createdAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);
    const bad = await server.request('POST', '/api/admin/webhooks', {
      token: admin,
      body: { url: 'ftp://example.com/x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('url');
    const badEvent = await server.request('POST', '/api/admin/webhooks', {
      token: admin,
      body: { url: receiver.url, events: ['user.exploded'] },
    });
    expect(badEvent.status).toBe(400);
  });

  it("sends each of the user's security events, signed, with an id to de-duplicate on", async () => {
    const user = await enrollApiTOTP(server, key, uniqueExternalId());
    const forUser = (type: string) =>
      receiver.waitFor((r) => r.json.type === type && r.json.user?.externalId === user.externalId);

    const added = await forUser('factor.added');
    expect(added.signatureValid).toBe(true);
    expect(added.headers['x-twofold-event-id']).toBe(added.json.id);
    expect(added.headers['x-twofold-event']).toBe('factor.added');
    expect(added.json).toEqual({
      id: expect.any(String),
      type: 'factor.added',
      createdAt: expect.any(String),
      user: { id: expect.any(String), externalId: user.externalId, orgId: null },
      data: expect.objectContaining({ factorId: user.factorId, type: 'totp' }),
    });
    // A tampered body, or another secret, fails the receiver's check.
    const header = added.headers['x-twofold-signature'] as string;
    expect(
      verifyWebhookSignature(hook.secret, added.body.replace('totp', 'sms'), header, server.clock.seconds),
    ).toBe(false);
    expect(verifyWebhookSignature('whsec_other', added.body, header, server.clock.seconds)).toBe(false);

    await server.request('POST', '/api/v1/verify', {
      token: key,
      body: { externalId: user.externalId, method: 'backup_code', code: user.backupCodes[0] },
    });
    expect((await forUser('backup_code.used')).json.data).toMatchObject({ remaining: 9 });

    for (let i = 0; i < 10; i++) {
      await server.request('POST', '/api/v1/verify', {
        token: key,
        body: { externalId: user.externalId, method: 'totp', code: totpCode(server, user.secret, 40) },
      });
    }
    expect((await forUser('sign_in.failed_repeatedly')).json.data).toMatchObject({ failures: 3 });
    expect((await forUser('account.locked')).json.data).toMatchObject({ failures: 10 });

    const userId = (await forUser('account.locked')).json.user.id;
    await server.request('POST', `/api/admin/users/${userId}/unlock`, { token: admin });
    await forUser('account.unlocked');
    await server.request('POST', `/api/admin/users/${userId}/mfa/reset`, { token: admin });
    await forUser('mfa.reset');
    expect(
      receiver.received.filter(
        (r) => r.json.user?.externalId === user.externalId && r.json.type === 'sign_in.failed_repeatedly',
      ),
    ).toHaveLength(1);

    const history = await deliveries(server, admin, hook.id);
    expect(history.find((d) => d.eventId === added.json.id)).toMatchObject({
      eventType: 'factor.added',
      status: 'delivered',
      attempts: 1,
    });
  });

  it('sends factor.removed for a user who removes a factor in the security page', async () => {
    const person = await signUpWithTOTP(server);
    const removed = await server.request('DELETE', `/api/mfa/factors/${person.factorId}`, {
      token: person.token,
    });
    expect(removed.status).toBe(204);
    const event = await receiver.waitFor(
      (r) => r.json.type === 'factor.removed' && r.json.user?.id === person.userId,
    );
    expect(event.signatureValid).toBe(true);
    expect(event.json.user.externalId).toBeNull();
  });

  it('sends sign_in.failed_repeatedly after three wrong passwords in a row', async () => {
    const person = await signUpWithTOTP(server);
    for (let i = 0; i < 4; i++) {
      const res = await server.request('POST', '/api/auth/login', {
        body: { email: person.email, password: `wrong password ${i}` },
      });
      expect(res.status).toBe(401);
    }
    const event = await receiver.waitFor(
      (r) => r.json.type === 'sign_in.failed_repeatedly' && r.json.user?.id === person.userId,
    );
    expect(event.json.data).toMatchObject({ step: 'password', failures: 3 });
    expect(event.signatureValid).toBe(true);
  });

  it('sends only the events a webhook subscribed to', async () => {
    const picky = await startWebhookReceiver({ nowSeconds: () => server.clock.seconds });
    try {
      const pickyHook = await registerWebhook(server, admin, picky.url, ['mfa.reset']);
      picky.secret = pickyHook.secret;
      const user = await enrollApiTOTP(server, key, uniqueExternalId());
      const id = (await server.stores.users.findByExternalId(user.externalId))!.id;
      await server.request('POST', `/api/admin/users/${id}/mfa/reset`, { token: admin });
      const reset = await picky.waitFor((r) => r.json.user?.id === id);
      expect(reset.json.type).toBe('mfa.reset');
      expect(reset.signatureValid).toBe(true);
      // The factor.added before it went to the catch-all hook only.
      await receiver.waitFor((r) => r.json.type === 'mfa.reset' && r.json.user?.id === id);
      expect(picky.received.filter((r) => r.json.user?.id === id).map((r) => r.json.type)).toEqual([
        'mfa.reset',
      ]);
      expect(
        (await server.request('DELETE', `/api/admin/webhooks/${pickyHook.id}`, { token: admin })).status,
      ).toBe(204);
    } finally {
      await picky.stop();
    }
  });
});

describe('durable delivery', () => {
  it('a receiver that is down at first gets the event once it is back', async () => {
    const { server, admin } = await startVerifyApiServer(FAST_POLL);
    const port = await closedPort();
    const receiver = await startWebhookReceiver({
      port,
      listening: false,
      nowSeconds: () => server.clock.seconds,
    });
    try {
      const { key } = await createApiKey(server, admin, { name: 'shop' });
      const hook = await registerWebhook(server, admin, receiver.url);
      receiver.secret = hook.secret;
      await enrollApiTOTP(server, key, uniqueExternalId());

      // The first attempt fails (connection refused) and is scheduled again.
      const failed = await eventually(async () => {
        const [first] = await deliveries(server, admin, hook.id);
        return first && first.attempts >= 1 ? first : null;
      });
      expect(failed).toMatchObject({
        status: 'pending',
        lastError: expect.stringContaining('could not be reached'),
      });

      await receiver.start();
      server.clock.advanceSeconds(retryDelaySeconds(failed.attempts));
      const got = await receiver.waitFor((r) => r.json.id === failed.eventId);
      expect(got.signatureValid).toBe(true);
      expect(got.json.type).toBe('factor.added');
      const done = await eventually(async () => {
        const [first] = await deliveries(server, admin, hook.id);
        return first?.status === 'delivered' ? first : null;
      });
      expect(done.attempts).toBe(failed.attempts + 1);
    } finally {
      await server.close();
      await receiver.stop();
    }
  });

  it('no event is lost across a server restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-restart-'));
    const pg = process.env.TWOFOLD_TEST_API_DATABASE === 'postgres' ? await createPostgresDatabase() : null;
    const env = {
      ...FAST_POLL,
      DATABASE_URL: pg ? pg.url : `sqlite:${join(dir, 'twofold.db')}`,
      TWOFOLD_SECRET_KEY: randomBytes(32).toString('base64'),
      TWOFOLD_ADMIN_EMAIL: ADMIN.email,
      TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
    };
    const port = await closedPort();
    const receiver = await startWebhookReceiver({ port, listening: false });
    try {
      // First life: the event is recorded, its delivery fails, the server stops.
      const first = await startTestServer({ env });
      receiver.nowSeconds = () => first.clock.seconds;
      const admin = await adminSession(first);
      const { key } = await createApiKey(first, admin, { name: 'shop' });
      const hook = await registerWebhook(first, admin, receiver.url);
      receiver.secret = hook.secret;
      const user = await enrollApiTOTP(first, key, uniqueExternalId());
      const pending = await eventually(async () => {
        const [row] = await deliveries(first, admin, hook.id);
        return row && row.attempts >= 1 ? row : null;
      });
      await first.close();

      // Second life on the same database: the receiver is back, the event arrives.
      await receiver.start();
      const second = await startTestServer({ env });
      try {
        second.clock.advanceSeconds(retryDelaySeconds(pending.attempts) + 60);
        receiver.nowSeconds = () => second.clock.seconds;
        const got = await receiver.waitFor((r) => r.json.id === pending.eventId);
        expect(got.signatureValid).toBe(true);
        expect(got.json).toMatchObject({ type: 'factor.added', user: { externalId: user.externalId } });
      } finally {
        await second.close();
      }
    } finally {
      await receiver.stop();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
