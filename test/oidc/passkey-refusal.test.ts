// A passkey sign-in on an application's sign-in page (OpenID Connect) goes through
// `/interaction/:uid/passkey`: a refused key is recorded as a refusal for that
// application (oidc_sign_in_refused with its client id), like a refused password at
// `/interaction/:uid/login`; an accepted one completes the request.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/instances.js';
import {
  ADMIN,
  completeAndFollow,
  HttpBrowser,
  interactionOf,
  type RegisteredClient,
  RP_CALLBACK,
  registerClient,
  relyingParty,
  startAuthorization,
} from '../helpers/oidc.js';
import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';
import { SoftAuthenticator } from '../helpers/webauthn-authenticator.js';

describe('passkey sign-in on an application’s sign-in page', () => {
  let server: TestServer;
  let base: string;
  let client: RegisteredClient;
  let config: oidc.Configuration;

  beforeAll(async () => {
    // WebAuthn refuses 127.0.0.1 as a relying party id: the server lives on localhost.
    const port = await freePort();
    base = `http://localhost:${port}`;
    server = await startTestServer({
      port,
      env: {
        PUBLIC_URL: base,
        TWOFOLD_ADMIN_EMAIL: ADMIN.email,
        TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
      },
    });
    client = await registerClient(server);
    config = await relyingParty({ issuer: `${base}/oidc` }, client);
  });
  afterAll(async () => server?.close());

  /** A new account whose passkey lives in the returned software authenticator. */
  async function userWithPasskey() {
    const email = uniqueEmail('oidcpasskey');
    const signup = await server.request('POST', '/api/auth/signup', {
      body: { email, password: 'correct horse battery staple' },
    });
    expect(signup.status).toBe(201);
    const token = signup.body.session.token as string;
    const key = new SoftAuthenticator({ origin: base, synced: true, counter: 'zero' });
    const setup = await server.request('POST', '/api/mfa/webauthn/setup', {
      token,
      body: { label: 'Laptop passkey' },
    });
    expect(setup.status).toBe(200);
    const confirm = await server.request('POST', '/api/mfa/webauthn/confirm', {
      token,
      body: { factorId: setup.body.factorId, response: key.register(setup.body.options) },
    });
    expect(confirm.status).toBe(200);
    return { userId: signup.body.user.id as string, key };
  }

  /** A browser sent to Twofold's sign-in page by the application; returns it and the interaction uid. */
  async function atSignInPage(params: Record<string, string> = {}) {
    const started = await startAuthorization(config, { prompt: '', ...params });
    const browser = new HttpBrowser(base);
    const { url } = await browser.follow(started.url);
    expect(url.pathname).toBe('/signin');
    return { browser, uid: interactionOf(url), started };
  }

  async function passkeyAnswer(browser: HttpBrowser, key: SoftAuthenticator, userVerified: boolean) {
    const options = await browser.json('/api/auth/passkey/options', {});
    expect(options.status).toBe(200);
    return {
      challengeId: options.body.challengeId as string,
      response: key.authenticate(options.body.options, { userVerified }),
    };
  }

  async function refusalsFor(clientId: string) {
    const rows = await server.stores.database.db
      .selectFrom('audit_events')
      .select(['details', 'type'])
      .where('type', '=', 'oidc_sign_in_refused')
      .execute();
    return rows
      .map((row) => JSON.parse(row.details) as { clientId: string; reason: string })
      .filter((details) => details.clientId === clientId);
  }

  it('a refused passkey is recorded as a refusal for the application; the accepted one completes the request', async () => {
    const { userId, key } = await userWithPasskey();
    const { browser, uid, started } = await atSignInPage({ nonce: 'n-passkey' });
    const before = (await refusalsFor(client.clientId)).length;

    // The key does not verify its user: a passkey sign-in needs that (both factors).
    const refused = await browser.json(
      `/interaction/${uid}/passkey`,
      await passkeyAnswer(browser, key, false),
    );
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_credentials');
    const refusals = await refusalsFor(client.clientId);
    expect(refusals).toHaveLength(before + 1);
    expect(refusals.at(-1)).toEqual({ clientId: client.clientId, reason: 'invalid_credentials' });
    // The failure also counts against the account, like any refused second step.
    const failed = await server.stores.database.db
      .selectFrom('audit_events')
      .select('type')
      .where('user_id', '=', userId)
      .where('type', '=', 'second_factor_failed')
      .execute();
    expect(failed).toHaveLength(1);

    // The same page, the key verifies its user: the session answers the request.
    const accepted = await browser.json(
      `/interaction/${uid}/passkey`,
      await passkeyAnswer(browser, key, true),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'authenticated', user: { id: userId } });
    const callback = await completeAndFollow(browser, uid);
    expect(`${callback.origin}${callback.pathname}`).toBe(RP_CALLBACK);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: 'n-passkey',
    });
    expect(tokens.claims()).toMatchObject({ sub: userId, acr: 'mfa', twofold_methods: ['webauthn'] });
    expect(await refusalsFor(client.clientId)).toHaveLength(before + 1);
  });

  it('an unknown key is refused and recorded for the application, revealing nothing about accounts', async () => {
    const { browser, uid } = await atSignInPage();
    const before = (await refusalsFor(client.clientId)).length;
    const stranger = new SoftAuthenticator({ origin: base });
    stranger.register({ rp: { id: 'localhost' }, challenge: 'x', user: { id: 'someone' } });
    const refused = await browser.json(
      `/interaction/${uid}/passkey`,
      await passkeyAnswer(browser, stranger, true),
    );
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_credentials');
    expect(await refusalsFor(client.clientId)).toHaveLength(before + 1);
  });

  it('another browser cannot use the request: its passkey step finds no interaction', async () => {
    const { key } = await userWithPasskey();
    const { uid } = await atSignInPage();
    const other = new HttpBrowser(base);
    const answer = await other.json(`/interaction/${uid}/passkey`, await passkeyAnswer(other, key, true));
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });
});
