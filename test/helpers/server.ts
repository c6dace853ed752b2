import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.js';
import { openStores } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { decodeBase32 } from '../../src/domain/base32.js';
import { generateTOTP } from '../../src/domain/totp.js';
import { RESPONSE_MISMATCH } from '../../src/http/plugins/response-serializer.js';
import { createLogger } from '../../src/logger.js';
import { ensureFirstAdmin } from '../../src/services/admin/admin-users.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { SecurityNotifier } from '../../src/services/notifications.js';
import type { Stores } from '../../src/storage/stores.js';
import { TestClock } from './clock.js';
import { createPostgresDatabase, type TestPostgresDatabase } from './services.js';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  ctx: ServiceContext;
  stores: Stores;
  clock: TestClock;
  /** Every log line the server wrote, raw. */
  logs: string[];
  dataDir: string;
  /** JSON request helper: returns status, parsed body and headers. */
  request(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
  headers: Headers;
}

/**
 * Starts the real server on a random port over a fresh SQLite file in a temp
 * folder, with a movable clock and captured logs. `TWOFOLD_TEST_API_DATABASE=postgres`
 * runs it on a fresh PostgreSQL database instead (dropped on close), to run the
 * API suites against PostgreSQL.
 */
export async function startTestServer(
  options: {
    env?: Record<string, string>;
    clock?: TestClock;
    notifier?: SecurityNotifier;
    webRoot?: string | null;
    /** The database to run on (default: `TWOFOLD_TEST_API_DATABASE`, else SQLite). */
    database?: 'sqlite' | 'postgres';
    /** Listen on this port (0: any); set it with PUBLIC_URL when the URL must be known up front (OIDC). */
    port?: number;
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twofold-test-'));
  const database =
    options.database ?? (process.env.TWOFOLD_TEST_API_DATABASE === 'postgres' ? 'postgres' : 'sqlite');
  const pgDatabase: TestPostgresDatabase | null =
    database === 'postgres' ? await createPostgresDatabase() : null;
  const env: Record<string, string> = {
    PORT: '0',
    DATABASE_URL: pgDatabase ? pgDatabase.url : `sqlite:${join(dataDir, 'twofold.db')}`,
    TWOFOLD_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const config = loadConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const clock = options.clock ?? new TestClock(new Date());
  const { stores, keyring } = await openStores(config, logger);
  const { app, ctx } = await createApp({
    config,
    stores,
    keyring,
    logger,
    now: clock.now,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    webRoot: options.webRoot === undefined ? null : options.webRoot,
  });
  await ensureFirstAdmin(ctx);
  const url = await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });

  const request = jsonRequester(url);

  return {
    url,
    app,
    ctx,
    stores,
    clock,
    logs,
    dataDir,
    request,
    async close() {
      // Every answer matched the response schema its route declares (see response-serializer.ts).
      const mismatches = logs.filter((line) => line.includes(RESPONSE_MISMATCH));
      await app.close();
      await stores.close();
      await pgDatabase?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      if (mismatches.length > 0)
        throw new Error(`responses that do not match their declared schema:\n${mismatches.join('')}`);
    },
  };
}

/** A JSON request helper bound to a base URL: returns status, parsed body and headers. */
export function jsonRequester(url: string): TestServer['request'] {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const response = await fetch(url + path, {
      method,
      headers,
      body:
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {}
    return { status: response.status, body, headers: response.headers };
  };
}

/** The current TOTP code for a base32 secret at the server's clock. */
export function totpCode(server: TestServer, secretBase32: string, offsetSteps = 0): string {
  return generateTOTP({
    secret: decodeBase32(secretBase32),
    timeSeconds: server.clock.seconds + offsetSteps * 30,
  });
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  // The 'r' keeps the random part from ever reading as a six-digit code in a message body.
  return `${prefix}${counter}-r${randomBytes(3).toString('hex')}@example.com`;
}

export interface EnrolledUser {
  email: string;
  password: string;
  userId: string;
  /** Session token from sign-up (recent auth). */
  token: string;
  secret: string;
  factorId: string;
  backupCodes: string[];
}

/** Signs up and binds an authenticator app; moves the clock one step so the next code is fresh. */
export async function signUpWithTOTP(server: TestServer, email = uniqueEmail()): Promise<EnrolledUser> {
  const password = 'correct horse battery staple';
  const signup = await server.request('POST', '/api/auth/signup', { body: { email, password } });
  if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
  const token = signup.body.session.token as string;
  const setup = await server.request('POST', '/api/mfa/totp/setup', { token, body: {} });
  if (setup.status !== 200) throw new Error(`setup failed: ${JSON.stringify(setup.body)}`);
  const confirm = await server.request('POST', '/api/mfa/totp/confirm', {
    token,
    body: { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
  });
  if (confirm.status !== 200) throw new Error(`confirm failed: ${JSON.stringify(confirm.body)}`);
  server.clock.advanceSeconds(30);
  return {
    email,
    password,
    userId: signup.body.user.id,
    token,
    secret: setup.body.secret,
    factorId: setup.body.factorId,
    backupCodes: confirm.body.backupCodes,
  };
}

/** The password step; returns the mfaToken of an `mfa_required` answer. */
export async function startSignIn(
  server: TestServer,
  user: { email: string; password: string },
): Promise<string> {
  const login = await server.request('POST', '/api/auth/login', {
    body: { email: user.email, password: user.password },
  });
  if (login.status !== 200 || login.body.status !== 'mfa_required')
    throw new Error(`login: ${JSON.stringify(login.body)}`);
  return login.body.mfaToken as string;
}
