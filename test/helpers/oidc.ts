import * as oidc from 'openid-client';
import type { SecurityNotifier } from '../../src/services/notifications.js';
import type { TestClock } from './clock.js';
import { freePort } from './instances.js';
import { type EnrolledUser, startTestServer, type TestServer, totpCode } from './server.js';
import { createPostgresDatabase } from './services.js';

export const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
/** Where the test relying party says it lives; nothing listens there, the flow stops at the redirect. */
export const RP_CALLBACK = 'https://rp.example.test/callback';
export const RP_LOGGED_OUT = 'https://rp.example.test/bye';

/** A Twofold server with the OpenID Connect provider on (PUBLIC_URL known before it listens). */
export async function startOidcServer(
  options: {
    env?: Record<string, string>;
    clock?: TestClock;
    notifier?: SecurityNotifier;
    webRoot?: string | null;
    /** PostgreSQL: a fresh database, dropped on close. */
    backend?: 'sqlite' | 'postgres';
  } = {},
): Promise<TestServer & { issuer: string }> {
  const port = await freePort();
  const pg = options.backend === 'postgres' ? await createPostgresDatabase() : null;
  const server = await startTestServer({
    ...options,
    port,
    env: {
      ...(pg ? { DATABASE_URL: pg.url } : {}),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWOFOLD_ADMIN_EMAIL: ADMIN.email,
      TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  const close = server.close;
  return Object.assign(server, {
    issuer: `http://127.0.0.1:${port}/oidc`,
    async close() {
      await close();
      await pg?.drop();
    },
  });
}

/** The admin's session token (a system admin without factors signs in with the password). */
export async function adminToken(server: TestServer): Promise<string> {
  const login = await server.request('POST', '/api/auth/login', { body: ADMIN });
  if (login.body?.status !== 'authenticated') throw new Error(`admin login: ${JSON.stringify(login.body)}`);
  return login.body.session.token as string;
}

export interface RegisteredClient {
  clientId: string;
  clientSecret?: string;
  name: string;
  firstParty: boolean;
  requireMfa: boolean;
}

/** Registers an application through the admin API. */
export async function registerClient(
  server: TestServer,
  body: Record<string, unknown> = {},
): Promise<RegisteredClient> {
  const token = await adminToken(server);
  const created = await server.request('POST', '/api/admin/clients', {
    token,
    body: {
      name: 'Test app',
      redirectUris: [RP_CALLBACK],
      postLogoutRedirectUris: [RP_LOGGED_OUT],
      type: 'confidential',
      firstParty: true,
      ...body,
    },
  });
  if (created.status !== 201)
    throw new Error(`client create: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as RegisteredClient;
}

/** openid-client 6 as the relying party, configured by discovery (plain http is allowed: tests run on loopback). */
export async function relyingParty(
  server: { issuer: string },
  client: RegisteredClient,
  auth: 'basic' | 'post' = 'basic',
): Promise<oidc.Configuration> {
  const clientAuth = client.clientSecret
    ? auth === 'basic'
      ? oidc.ClientSecretBasic(client.clientSecret)
      : oidc.ClientSecretPost(client.clientSecret)
    : oidc.None();
  return oidc.discovery(new URL(server.issuer), client.clientId, undefined, clientAuth, {
    execute: [oidc.allowInsecureRequests],
  });
}

/** One authorization request: its URL and the PKCE verifier and state to finish it. */
export async function startAuthorization(
  config: oidc.Configuration,
  params: Record<string, string> = {},
): Promise<{ url: URL; verifier: string; state: string }> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP_CALLBACK,
    scope: 'openid email profile offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    // offline_access (a refresh token) needs prompt=consent (OIDC Core §11).
    prompt: 'consent',
    ...params,
  });
  if (params.prompt === '') url.searchParams.delete('prompt');
  return { url, verifier, state };
}

interface StoredCookie {
  value: string;
  path: string;
}

/**
 * A browser without a screen: a cookie jar (paths honoured) and redirects followed
 * by hand, so a test sees every hop. `origin` is sent on POSTs like a browser does.
 */
export class HttpBrowser {
  readonly cookies = new Map<string, StoredCookie>();
  /** @param rewrite origin → origin: requests for the first go to the second (another instance). */
  constructor(
    readonly baseUrl: string,
    readonly rewrite: Record<string, string> = {},
  ) {}

  private cookieHeader(url: URL): string {
    const out: string[] = [];
    for (const [name, cookie] of this.cookies) {
      const path = cookie.path.replace(/\/$/, '');
      if (url.pathname === path || url.pathname.startsWith(`${path}/`) || path === '')
        out.push(`${name}=${cookie.value}`);
    }
    return out.join('; ');
  }

  private store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, val] = attribute.trim().split('=');
        if (key?.toLowerCase() === 'path' && val) path = val;
        if (key?.toLowerCase() === 'expires' && val && new Date(val).getTime() < Date.now()) expired = true;
        if (key?.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
    void url;
  }

  /** One request, no redirect followed. */
  async fetch(
    target: string | URL,
    init: {
      method?: string;
      json?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    let url = new URL(target, this.baseUrl);
    const publicHost = url.host;
    const to = this.rewrite[url.origin];
    if (to) url = new URL(`${url.pathname}${url.search}`, to);
    const headers: Record<string, string> = {
      cookie: this.cookieHeader(url),
      'user-agent': 'http-browser',
      // Behind a load balancer every instance learns the public host (TRUST_PROXY=true there).
      ...(to ? { 'x-forwarded-host': publicHost, 'x-forwarded-proto': 'http' } : {}),
      ...init.headers,
    };
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const method = init.method ?? (body === undefined ? 'GET' : 'POST');
    if (method !== 'GET') headers.origin = new URL(this.baseUrl).origin;
    const response = await fetch(url, { method, headers, body, redirect: 'manual' });
    this.store(url, response);
    return response;
  }

  /** Follows redirects from `target` until one leaves Twofold (returned) or a page answers (returned). */
  async follow(target: string | URL): Promise<{ url: URL; response: Response | null }> {
    let url = new URL(target, this.baseUrl);
    for (let hop = 0; hop < 20; hop++) {
      if (url.origin !== new URL(this.baseUrl).origin && !this.rewrite[url.origin])
        return { url, response: null };
      const response = await this.fetch(url);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url, response };
      url = new URL(location, url);
    }
    throw new Error('too many redirects');
  }

  async json(
    target: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  ): Promise<{ status: number; body: any }> {
    const response = await this.fetch(target, body === undefined ? { headers } : { json: body, headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}

/** The interaction uid of a `/signin?interaction=…` or `/consent?interaction=…` page URL. */
export function interactionOf(url: URL): string {
  const uid = url.searchParams.get('interaction');
  if (!uid) throw new Error(`not an interaction page: ${url.href}`);
  return uid;
}

/**
 * Signs in at the Twofold pages the way the UI does: password step for this
 * interaction, TOTP code, completion; then follows the browser back to the client.
 * Returns the URL the browser was sent to (the client's callback).
 */
export async function signInWithTOTP(
  server: TestServer,
  browser: HttpBrowser,
  page: URL,
  user: EnrolledUser,
): Promise<URL> {
  const uid = interactionOf(page);
  const login = await browser.json(`/interaction/${uid}/login`, {
    email: user.email,
    password: user.password,
  });
  if (login.body?.status !== 'mfa_required')
    throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  server.clock.advanceSeconds(30);
  const verify = await browser.json('/api/auth/mfa/verify', {
    mfaToken: login.body.mfaToken,
    method: 'totp',
    code: totpCode(server, user.secret),
  });
  if (verify.status !== 200) throw new Error(`verify: ${verify.status} ${JSON.stringify(verify.body)}`);
  return completeAndFollow(browser, uid);
}

/** `POST /interaction/:uid/complete`, then the redirects back to the client (consent pages answered yes). */
export async function completeAndFollow(browser: HttpBrowser, uid: string): Promise<URL> {
  const complete = await browser.json(`/interaction/${uid}/complete`, {});
  if (complete.status !== 200)
    throw new Error(`complete: ${complete.status} ${JSON.stringify(complete.body)}`);
  return followToClient(browser, complete.body.redirectTo);
}

/** Follows redirects; answers consent pages with "Allow"; returns the first URL outside Twofold. */
export async function followToClient(browser: HttpBrowser, target: string | URL): Promise<URL> {
  let next: string | URL = target;
  for (let round = 0; round < 5; round++) {
    const { url, response } = await browser.follow(next);
    if (!response) return url;
    if (url.pathname === '/consent') {
      const consent = await browser.json(`/interaction/${interactionOf(url)}/consent`, { approve: true });
      if (consent.status !== 200) throw new Error(`consent: ${JSON.stringify(consent.body)}`);
      next = consent.body.redirectTo;
      continue;
    }
    return url;
  }
  throw new Error('too many rounds');
}
