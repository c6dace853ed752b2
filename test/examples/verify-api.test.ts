import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequester, type TestServer, totpCode } from '../helpers/server.js';
import { createApiKey, startVerifyApiServer } from '../helpers/verify-api.js';

let server: TestServer;
let shop: ChildProcess;
let call: TestServer['request'];
const alice = { username: 'alice', password: 'alice password 1' };

beforeAll(async () => {
  const started = await startVerifyApiServer();
  server = started.server;
  const { key } = await createApiKey(server, started.admin, { name: 'shop example' });
  shop = spawn(process.execPath, ['examples/verify-api/app.mjs'], {
    env: { ...process.env, TWOFOLD_URL: server.url, TWOFOLD_API_KEY: key, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    shop.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    shop.once('exit', (code) => reject(new Error(`the example exited with ${code}`)));
  });
  call = jsonRequester(`http://127.0.0.1:${port}`);
});
afterAll(async () => {
  shop?.kill();
  await server?.close();
});

describe('examples/verify-api: an app with its own passwords and Twofold for the second factor', () => {
  it('enrolls, then signs in only with the password and a fresh code', async () => {
    expect((await call('POST', '/login', { body: { ...alice, password: 'wrong' } })).status).toBe(401);
    // No second factor yet: the password is enough.
    expect((await call('POST', '/login', { body: alice })).body).toEqual({ signedIn: true });

    const setup = await call('POST', '/enroll', { body: alice });
    expect(setup.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const confirm = await call('POST', '/enroll/confirm', {
      body: { ...alice, factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
    });
    expect(confirm.body.backupCodes).toHaveLength(10);
    server.clock.advanceSeconds(30);

    const asked = await call('POST', '/login', { body: alice });
    expect(asked.status).toBe(401);
    expect(asked.body).toEqual({ secondFactor: 'required', methods: ['totp', 'backup_code'] });

    const code = totpCode(server, setup.body.secret);
    expect((await call('POST', '/login', { body: { ...alice, code } })).body).toEqual({ signedIn: true });
    // The same code again is a replay.
    const replay = await call('POST', '/login', { body: { ...alice, code } });
    expect(replay.status).toBe(401);
    expect(replay.body.result).toBe('reject');
    // A wrong password never reaches Twofold, even with a good backup code.
    const backup = confirm.body.backupCodes[0];
    expect(
      (
        await call('POST', '/login', {
          body: { ...alice, password: 'x', method: 'backup_code', code: backup },
        })
      ).status,
    ).toBe(401);
    expect(
      (await call('POST', '/login', { body: { ...alice, method: 'backup_code', code: backup } })).body,
    ).toEqual({ signedIn: true });
  });
});
