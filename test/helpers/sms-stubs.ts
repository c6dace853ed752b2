import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StubMode = 'ok' | 'fail' | 'hang';

export interface HttpStub<T> {
  url: string;
  requests: T[];
  /** `ok` answers like the real service, `fail` answers 500, `hang` never answers. */
  mode: StubMode;
  waitFor(predicate: (request: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function startStub<T>(
  handle: (
    request: IncomingMessage,
    body: string,
    response: ServerResponse,
    stub: HttpStub<T>,
    record: (entry: T) => void,
  ) => void,
): Promise<HttpStub<T>> {
  const sockets = new Set<Socket>();
  const waiters = new Set<{ predicate: (r: T) => boolean; resolve: (r: T) => void }>();
  const requests: T[] = [];
  const stub: HttpStub<T> = {
    url: '',
    requests,
    mode: 'ok',
    waitFor(predicate, timeoutMs = 5000) {
      const found = requests.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching request within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const record = (entry: T) => {
    requests.push(entry);
    for (const waiter of waiters) {
      if (waiter.predicate(entry)) {
        waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response, stub, record));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export interface TwilioRequest {
  method: string;
  path: string;
  accountSid: string | null;
  /** Basic auth credentials as sent. */
  username: string | null;
  password: string | null;
  contentType: string | null;
  form: Record<string, string>;
}

export const TWILIO_TEST_ACCOUNT = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789',
  TWILIO_FROM: '+15005550006',
};

/**
 * A local stand-in for Twilio's Messages API. It checks what Twilio checks — the
 * path with the account SID, HTTP Basic auth with SID and token, a form body with
 * `To`, `From` (or `MessagingServiceSid`) and `Body` — and answers like Twilio:
 * `201` with the message resource, or Twilio's error JSON.
 */
export async function startTwilioStub(account = TWILIO_TEST_ACCOUNT): Promise<HttpStub<TwilioRequest>> {
  return startStub<TwilioRequest>((request, body, response, stub, record) => {
    const path = request.url ?? '';
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const [username = null, password = null] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':')
      : [];
    const form = Object.fromEntries(new URLSearchParams(body));
    const entry: TwilioRequest = {
      method: request.method ?? '',
      path,
      accountSid: match?.[1] ?? null,
      username,
      password,
      contentType: request.headers['content-type'] ?? null,
      form,
    };
    record(entry);
    if (stub.mode === 'hang') return;
    if (stub.mode === 'fail')
      return json(response, 500, { code: 20500, message: 'Internal Server Error', status: 500 });
    if (request.method !== 'POST' || !match)
      return json(response, 404, {
        code: 20404,
        message: 'The requested resource was not found',
        status: 404,
      });
    if (
      username !== account.TWILIO_ACCOUNT_SID ||
      password !== account.TWILIO_AUTH_TOKEN ||
      match[1] !== username
    ) {
      return json(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    if (
      !entry.contentType?.startsWith('application/x-www-form-urlencoded') ||
      !form.To ||
      !form.Body ||
      !(form.From || form.MessagingServiceSid)
    ) {
      return json(response, 400, { code: 21604, message: "A 'To' phone number is required.", status: 400 });
    }
    json(response, 201, {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: username,
      to: form.To,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      body: form.Body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      error_code: null,
      error_message: null,
    });
  });
}

export interface WebhookRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, exactly as signed. */
  body: string;
  json: { to: string; body: string; code: string | null; purpose: string };
}

/** A local SMS webhook receiver: records each POST and answers `200 {"id"}`. */
export async function startWebhookReceiver(): Promise<HttpStub<WebhookRequest>> {
  return startStub<WebhookRequest>((request, body, response, stub, record) => {
    let parsed: WebhookRequest['json'] = { to: '', body: '', code: null, purpose: '' };
    try {
      parsed = JSON.parse(body);
    } catch {}
    record({ path: request.url ?? '', headers: request.headers, body, json: parsed });
    if (stub.mode === 'hang') return;
    if (stub.mode === 'fail') return json(response, 503, { error: 'unavailable' });
    json(response, 200, { id: `wh_${randomBytes(8).toString('hex')}` });
  });
}
