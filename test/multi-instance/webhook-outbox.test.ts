import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import { backendsUnderTest, createPostgresDatabase } from '../helpers/services.js';
import {
  ADMIN,
  adminSession,
  createApiKey,
  enrollApiTOTP,
  eventually,
  startWebhookReceiver,
  uniqueExternalId,
} from '../helpers/verify-api.js';

const BACKENDS = await backendsUnderTest('webhook outbox across instances', ['sqlite', 'postgres']);

for (const backend of BACKENDS) {
  describe(backend, () => {
    it('two instances polling one outbox send every event, each attempt once', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'twofold-outbox-'));
      const pg = backend === 'postgres' ? await createPostgresDatabase() : null;
      const env = {
        WEBHOOK_POLL_INTERVAL_MS: '10',
        DATABASE_URL: pg ? pg.url : `sqlite:${join(dir, 'twofold.db')}`,
        TWOFOLD_SECRET_KEY: randomBytes(32).toString('base64'),
        TWOFOLD_ADMIN_EMAIL: ADMIN.email,
        TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
      };
      const receiver = await startWebhookReceiver();
      const a = await startTestServer({ env });
      const b = await startTestServer({ env });
      try {
        const admin = await adminSession(a);
        const { key } = await createApiKey(a, admin, { name: 'shop' });
        const hook = await a.request('POST', '/api/admin/webhooks', {
          token: admin,
          body: { url: receiver.url },
        });
        receiver.secret = hook.body.secret;
        const ids: string[] = [];
        for (let i = 0; i < 12; i++) {
          const externalId = uniqueExternalId('multi');
          ids.push(externalId);
          await enrollApiTOTP(i % 2 ? a : b, key, externalId);
        }
        await eventually(async () => receiver.received.length >= 12);
        // Let both workers poll a few more rounds: nothing further arrives.
        await eventually(async () => {
          const { deliveries } = (
            await a.request('GET', `/api/admin/webhooks/${hook.body.id}/deliveries`, { token: admin })
          ).body;
          return (
            deliveries.length === 12 && deliveries.every((d: { status: string }) => d.status === 'delivered')
          );
        });
        const eventIds = receiver.received.map((r) => r.json.id);
        expect(new Set(eventIds).size).toBe(12);
        expect(eventIds).toHaveLength(12);
        expect(receiver.received.map((r) => r.json.user.externalId).sort()).toEqual([...ids].sort());
        expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
      } finally {
        await a.close();
        await b.close();
        await receiver.stop();
        await pg?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
