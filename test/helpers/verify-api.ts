import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifyWebhookSignature } from '../../src/delivery/webhook-sms.js';
import { startTestServer, type TestServer, totpCode } from './server.js';

export const ADMIN = { email: 'root@example.com', password: 'root password 123' };

/** A test server with a first system admin; `admin` is their session token. */
export async function startVerifyApiServer(
  env: Record<string, string> = {},
): Promise<{ server: TestServer; admin: string }> {
  const server = await startTestServer({
    env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password, ...env },
  });
  return { server, admin: await adminSession(server) };
}

export async function adminSession(server: TestServer): Promise<string> {
  const login = await server.request('POST', '/api/auth/login', { body: ADMIN });
  if (login.body.status !== 'authenticated') throw new Error(`admin login: ${JSON.stringify(login.body)}`);
  return login.body.session.token as string;
}

/** Creates an API key through the admin API; returns the key (shown once) and its id. */
export async function createApiKey(
  server: TestServer,
  admin: string,
  body: { name: string; orgId?: string },
): Promise<{ key: string; id: string }> {
  const res = await server.request('POST', '/api/admin/api-keys', { token: admin, body });
  if (res.status !== 201) throw new Error(`api key: ${JSON.stringify(res.body)}`);
  return { key: res.body.key, id: res.body.id };
}

export interface ApiEnrolled {
  externalId: string;
  secret: string;
  factorId: string;
  backupCodes: string[];
}

/** Enrolls TOTP for `externalId` through /api/v1; moves the clock a step so the next code is fresh. */
export async function enrollApiTOTP(
  server: TestServer,
  key: string,
  externalId: string,
  body: Record<string, unknown> = {},
): Promise<ApiEnrolled> {
  const path = `/api/v1/users/${encodeURIComponent(externalId)}/enroll/totp`;
  const setup = await server.request('POST', path, { token: key, body });
  if (setup.status !== 200) throw new Error(`enroll: ${setup.status} ${JSON.stringify(setup.body)}`);
  const confirm = await server.request('POST', `${path}/confirm`, {
    token: key,
    body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
  });
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  server.clock.advanceSeconds(30);
  return {
    externalId,
    secret: setup.body.secret,
    factorId: setup.body.factorId,
    backupCodes: confirm.body.backupCodes,
  };
}

let counter = 0;
export function uniqueExternalId(prefix = 'app-user'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
  /** Whether `X-Twofold-Signature` verified with the secret given at start. */
  signatureValid: boolean;
}

/**
 * A webhook receiver on 127.0.0.1, like an application's: checks the signature
 * with `secret` (set after the webhook is registered) at the server's clock,
 * answers 204, and can be stopped and started again on the same port.
 */
export interface WebhookReceiver {
  url: string;
  port: number;
  secret: string;
  nowSeconds: () => number;
  received: ReceivedWebhook[];
  waitFor(predicate: (r: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startWebhookReceiver(
  options: { port?: number; listening?: boolean; nowSeconds?: () => number } = {},
): Promise<WebhookReceiver> {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  const waiters = new Set<{
    predicate: (r: ReceivedWebhook) => boolean;
    resolve: (r: ReceivedWebhook) => void;
  }>();
  const receiver: WebhookReceiver = {
    url: '',
    port: options.port ?? 0,
    secret: '',
    nowSeconds: options.nowSeconds ?? (() => Date.now() / 1000),
    received: [],
    waitFor(predicate, timeoutMs = 10_000) {
      const found = receiver.received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching webhook within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    async start() {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (c: Buffer) => chunks.push(c));
        request.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const signature = request.headers['x-twofold-signature'];
          const entry: ReceivedWebhook = {
            headers: request.headers,
            body,
            json: JSON.parse(body),
            signatureValid: verifyWebhookSignature(
              receiver.secret,
              body,
              typeof signature === 'string' ? signature : null,
              receiver.nowSeconds(),
            ),
          };
          receiver.received.push(entry);
          for (const waiter of waiters) {
            if (waiter.predicate(entry)) {
              waiters.delete(waiter);
              waiter.resolve(entry);
            }
          }
          response.writeHead(204).end();
        });
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server!.listen(receiver.port, '127.0.0.1', () => resolve()));
      receiver.port = (server.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${receiver.port}/hooks/twofold`;
    },
    async stop() {
      if (!server) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = null;
    },
  };
  if (options.listening !== false) await receiver.start();
  else receiver.url = `http://127.0.0.1:${receiver.port}/hooks/twofold`;
  return receiver;
}

/** Polls `probe` until it returns a value (not a timed assertion: it only waits for an outcome). */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
