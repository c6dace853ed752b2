// Guards the OpenID Connect provider against the flaws identity servers have shipped:
// codes and refresh tokens that can be replayed, redirects to an unregistered URI,
// authorization without PKCE, single sign-on that skips a demanded second factor
// (step-up, keycloak#15237; per-application 2FA, authentik#4089), prompt=login and
// max_age answered from an old session, lockout bypassed through another entry
// point, and sign-out that leaves the identity provider's session alive.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  adminToken,
  completeAndFollow,
  followToClient,
  HttpBrowser,
  interactionOf,
  type RegisteredClient,
  RP_CALLBACK,
  RP_LOGGED_OUT,
  registerClient,
  relyingParty,
  signInWithTOTP,
  startAuthorization,
  startOidcServer,
} from '../helpers/oidc.js';
import {
  type EnrolledUser,
  signUpWithTOTP,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';
import { backendsUnderTest } from '../helpers/services.js';

const BACKENDS = await backendsUnderTest('OIDC flows', ['sqlite', 'postgres']);

async function expectRejected(promise: Promise<unknown>, error: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ error });
}

for (const backend of BACKENDS) {
  describe(`OpenID Connect flows on ${backend}`, () => {
    let server: TestServer & { issuer: string };
    let client: RegisteredClient;
    let config: oidc.Configuration;

    beforeAll(async () => {
      server = await startOidcServer({ backend });
      client = await registerClient(server);
      config = await relyingParty(server, client);
    });
    afterAll(async () => {
      await server?.close();
    });

    /** A full sign-in of a TOTP user in a new browser; returns the browser, callback and tokens. */
    async function signInTOTPUser(user?: EnrolledUser, params: Record<string, string> = {}) {
      const enrolled = user ?? (await signUpWithTOTP(server));
      const started = await startAuthorization(config, params);
      const browser = new HttpBrowser(server.url);
      const { url: page } = await browser.follow(started.url);
      expect(page.pathname).toBe('/signin');
      const callback = await signInWithTOTP(server, browser, page, enrolled);
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
      });
      return { user: enrolled, browser, callback, tokens, started };
    }

    /** Follows an authorization request in `browser`: the sign-in page, or straight back to the client. */
    async function authorize(browser: HttpBrowser, params: Record<string, string> = {}) {
      const started = await startAuthorization(config, params);
      const { url, response } = await browser.follow(started.url);
      return { ...started, landed: url, atClient: response === null };
    }

    it('a code used twice is refused, and the tokens it gave stop working', async () => {
      const { callback, tokens, started } = await signInTOTPUser();
      await expectRejected(
        oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: started.verifier,
          expectedState: started.state,
        }),
        'invalid_grant',
      );
      const introspected = await oidc.tokenIntrospection(config, tokens.access_token);
      expect(introspected.active).toBe(false);
      await expectRejected(oidc.refreshTokenGrant(config, tokens.refresh_token!), 'invalid_grant');
    });

    it('a wrong redirect_uri or an unknown client gets an error page, never a redirect', async () => {
      const started = await startAuthorization(config);
      const wrongRedirect = new URL(started.url);
      wrongRedirect.searchParams.set('redirect_uri', 'https://attacker.example/callback');
      const unknownClient = new URL(started.url);
      unknownClient.searchParams.set('client_id', 'no-such-client');
      const prefixRedirect = new URL(started.url);
      prefixRedirect.searchParams.set('redirect_uri', `${RP_CALLBACK}/../evil`);
      for (const url of [wrongRedirect, unknownClient, prefixRedirect]) {
        const response = await fetch(url, { redirect: 'manual' });
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        const html = await response.text();
        expect(html).toContain('This sign-in request cannot continue');
        // Twofold's page: nothing is loaded from another host.
        expect(html).not.toMatch(/(src|href)=["']?https?:/i);
        expect(html).not.toContain('attacker.example');
      }
    });

    it('PKCE is required of every client, confidential ones included; a missing or wrong verifier is refused', async () => {
      const started = await startAuthorization(config);
      const noChallenge = new URL(started.url);
      noChallenge.searchParams.delete('code_challenge');
      noChallenge.searchParams.delete('code_challenge_method');
      const response = await fetch(noChallenge, { redirect: 'manual' });
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(RP_CALLBACK);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('code')).toBeNull();

      const plain = new URL(started.url);
      plain.searchParams.set('code_challenge_method', 'plain');
      const plainLocation = new URL((await fetch(plain, { redirect: 'manual' })).headers.get('location')!);
      expect(plainLocation.searchParams.get('error')).toBe('invalid_request');

      // A code issued with a challenge: the token endpoint wants the matching verifier.
      const user = await signUpWithTOTP(server);
      const browser = new HttpBrowser(server.url);
      const { url: page } = await browser.follow(started.url);
      const callback = await signInWithTOTP(server, browser, page, user);
      const code = callback.searchParams.get('code')!;
      const tokenEndpoint = config.serverMetadata().token_endpoint!;
      const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
      const exchange = (extra: Record<string, string>) =>
        fetch(tokenEndpoint, {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: RP_CALLBACK,
            ...extra,
          }),
        });
      const missing = await exchange({});
      expect(missing.status).toBe(400);
      expect((await missing.json()).error).toBe('invalid_grant');
    });

    it('refresh tokens rotate; reusing a rotated one revokes the whole grant', async () => {
      const { tokens } = await signInTOTPUser();
      const first = tokens.refresh_token!;
      const rotated = await oidc.refreshTokenGrant(config, first);
      expect(rotated.refresh_token).toBeTruthy();
      expect(rotated.refresh_token).not.toBe(first);
      // The refreshed ID token still says what the sign-in proved.
      expect(rotated.claims()?.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
      expect(rotated.claims()?.twofold_methods).toEqual(['password', 'totp']);

      await expectRejected(oidc.refreshTokenGrant(config, first), 'invalid_grant');
      await expectRejected(oidc.refreshTokenGrant(config, rotated.refresh_token!), 'invalid_grant');
      expect((await oidc.tokenIntrospection(config, rotated.access_token)).active).toBe(false);
    });

    it('prompt=none answers login_required without a session, and a code with one', async () => {
      const fresh = await authorize(new HttpBrowser(server.url), { prompt: 'none' });
      expect(fresh.atClient).toBe(true);
      expect(fresh.landed.searchParams.get('error')).toBe('login_required');

      const { browser } = await signInTOTPUser();
      const silent = await authorize(browser, { prompt: 'none' });
      expect(silent.atClient).toBe(true);
      expect(silent.landed.searchParams.get('code')).toBeTruthy();
      const tokens = await oidc.authorizationCodeGrant(config, silent.landed, {
        pkceCodeVerifier: silent.verifier,
        expectedState: silent.state,
      });
      expect(tokens.claims()?.acr).toBe('mfa');
    });

    it('single sign-on reuses a session that proved the second factor; prompt=login demands a fresh one', async () => {
      const { browser, tokens, user } = await signInTOTPUser();
      const sso = await authorize(browser, { prompt: '' });
      expect(sso.atClient).toBe(true);
      expect(sso.landed.searchParams.get('code')).toBeTruthy();

      server.clock.advanceSeconds(1);
      const forced = await authorize(browser, { prompt: 'login' });
      expect(forced.atClient).toBe(false);
      expect(forced.landed.pathname).toBe('/signin');
      // The session from before this request does not answer it.
      const stale = await browser.json(`/interaction/${interactionOf(forced.landed)}/complete`, {});
      expect(stale.status).toBe(403);

      const again = await signInWithTOTP(server, browser, forced.landed, user);
      const fresh = await oidc.authorizationCodeGrant(config, again, {
        pkceCodeVerifier: forced.verifier,
        expectedState: forced.state,
      });
      expect(fresh.claims()!.auth_time!).toBeGreaterThan(tokens.claims()!.auth_time!);
    });

    it('max_age past: a fresh password and second factor, not the old session', async () => {
      const realNow = new Date();
      server.clock.set(new Date(realNow.getTime() - 2 * 3600 * 1000));
      const user = await signUpWithTOTP(server);
      const { browser, tokens } = await signInTOTPUser(user);
      server.clock.set(realNow);

      const aged = await authorize(browser, { max_age: '600', prompt: '' });
      expect(aged.atClient).toBe(false);
      expect(aged.landed.pathname).toBe('/signin');
      const stale = await browser.json(`/interaction/${interactionOf(aged.landed)}/complete`, {});
      expect(stale.status).toBe(403);

      const again = await signInWithTOTP(server, browser, aged.landed, user);
      const fresh = await oidc.authorizationCodeGrant(config, again, {
        pkceCodeVerifier: aged.verifier,
        expectedState: aged.state,
        maxAge: 600,
      });
      expect(fresh.claims()!.auth_time!).toBeGreaterThan(tokens.claims()!.auth_time! + 3600);
    });

    it('acr_values=mfa: a password-only user is walked into enrollment, then gets acr mfa', async () => {
      const email = uniqueEmail('pwd');
      const password = 'correct horse battery staple';
      expect((await server.request('POST', '/api/auth/signup', { body: { email, password } })).status).toBe(
        201,
      );

      // Without step-up: password only, acr pwd.
      const browser = new HttpBrowser(server.url);
      const plain = await authorize(browser, { prompt: '' });
      const uid = interactionOf(plain.landed);
      const login = await browser.json(`/interaction/${uid}/login`, { email, password });
      expect(login.body.status).toBe('authenticated');
      const back = await completeAndFollow(browser, uid);
      const pwdOnly = await oidc.authorizationCodeGrant(config, back, {
        pkceCodeVerifier: plain.verifier,
        expectedState: plain.state,
      });
      expect(pwdOnly.claims()?.acr).toBe('pwd');
      expect(pwdOnly.claims()?.amr).toEqual(['pwd']);

      // Step-up: the password-only session is not enough; enrollment comes first.
      const stepUp = await authorize(browser, { acr_values: 'mfa', prompt: '' });
      expect(stepUp.atClient).toBe(false);
      const stepUid = interactionOf(stepUp.landed);
      const stale = await browser.json(`/interaction/${stepUid}/complete`, {});
      expect(stale.status).toBe(403);
      const second = await browser.json(`/interaction/${stepUid}/login`, { email, password });
      expect(second.body.status).toBe('mfa_enrollment_required');
      const bearer = { authorization: `Bearer ${second.body.mfaToken}` };
      const setup = await browser.json('/api/mfa/totp/setup', {}, bearer);
      expect(setup.status).toBe(200);
      const confirm = await browser.json(
        '/api/mfa/totp/confirm',
        { factorId: setup.body.factorId, code: totpCode(server, setup.body.secret) },
        bearer,
      );
      expect(confirm.status).toBe(200);
      const stepped = await completeAndFollow(browser, stepUid);
      const mfa = await oidc.authorizationCodeGrant(config, stepped, {
        pkceCodeVerifier: stepUp.verifier,
        expectedState: stepUp.state,
      });
      expect(mfa.claims()?.acr).toBe('mfa');
      expect(mfa.claims()?.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    });

    it('an essential acr claim of mfa is a step-up too, and a TOTP session answers it', async () => {
      const { browser } = await signInTOTPUser(undefined, { acr_values: 'mfa' });
      const essential = await authorize(browser, {
        prompt: '',
        claims: JSON.stringify({ id_token: { acr: { essential: true, value: 'mfa' } } }),
      });
      expect(essential.atClient).toBe(true);
      const tokens = await oidc.authorizationCodeGrant(config, essential.landed, {
        pkceCodeVerifier: essential.verifier,
        expectedState: essential.state,
      });
      expect(tokens.claims()?.acr).toBe('mfa');
    });

    it('an application that requires 2FA walks a password-only user into enrollment', async () => {
      const strict = await registerClient(server, { name: 'Strict app', requireMfa: true });
      const strictConfig = await relyingParty(server, strict, 'post');
      const email = uniqueEmail('strict');
      const password = 'correct horse battery staple';
      await server.request('POST', '/api/auth/signup', { body: { email, password } });
      const browser = new HttpBrowser(server.url);
      const started = await startAuthorization(strictConfig, { prompt: '' });
      const { url } = await browser.follow(started.url);
      const login = await browser.json(`/interaction/${interactionOf(url)}/login`, { email, password });
      expect(login.body.status).toBe('mfa_enrollment_required');
      // Completing with no session at all is refused.
      expect((await browser.json(`/interaction/${interactionOf(url)}/complete`, {})).status).toBe(401);
    });

    it('lockout and attempt limits hold when signing in through an application', async () => {
      const user = await signUpWithTOTP(server);
      const browser = new HttpBrowser(server.url);
      const wrong = totpCode(server, user.secret) === '000000' ? '111111' : '000000';
      let locked = false;
      for (let round = 0; round < 3 && !locked; round++) {
        const { landed } = await authorize(browser, { prompt: '' });
        const login = await browser.json(`/interaction/${interactionOf(landed)}/login`, {
          email: user.email,
          password: user.password,
        });
        if (login.status === 423) {
          locked = true;
          break;
        }
        for (let attempt = 0; attempt < 5; attempt++) {
          const verify = await browser.json('/api/auth/mfa/verify', {
            mfaToken: login.body.mfaToken,
            method: 'totp',
            code: wrong,
          });
          if (verify.status === 423) locked = true;
        }
      }
      expect(locked).toBe(true);
      const { landed } = await authorize(browser, { prompt: '' });
      const refused = await browser.json(`/interaction/${interactionOf(landed)}/login`, {
        email: user.email,
        password: user.password,
      });
      expect(refused.status).toBe(423);
      expect(refused.body.error.code).toBe('account_locked');
      const refusals = await server.stores.database.db
        .selectFrom('audit_events')
        .select('details')
        .where('type', '=', 'oidc_sign_in_refused')
        .execute();
      expect(refusals.some((row) => JSON.parse(row.details).clientId === client.clientId)).toBe(true);
    });

    it('RP-initiated logout ends the provider session and the Twofold session', async () => {
      const { browser, tokens } = await signInTOTPUser();
      const endSession = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: RP_LOGGED_OUT,
        state: 'bye-state',
      });
      const confirmPage = await browser.fetch(endSession);
      expect(confirmPage.status).toBe(200);
      const html = await confirmPage.text();
      expect(html).toContain('Yes, sign me out');
      expect(html).not.toMatch(/(src|href)=["']?https?:/i);
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
      const confirmed = await browser.fetch(new URL('/oidc/session/end/confirm', server.url), {
        form: { xsrf, logout: 'yes' },
      });
      expect(confirmed.status).toBe(303);
      const location = new URL(confirmed.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(RP_LOGGED_OUT);
      expect(location.searchParams.get('state')).toBe('bye-state');

      expect((await browser.json('/api/auth/session')).status).toBe(401);
      const silent = await authorize(browser, { prompt: 'none' });
      expect(silent.landed.searchParams.get('error')).toBe('login_required');
      // Tokens granted for offline access outlive the sign-out by design (OIDC Core §11).
    });

    it('a user sees and revokes the applications they granted; the tokens stop working', async () => {
      const { browser, tokens } = await signInTOTPUser();
      const listed = await browser.json('/api/oidc/grants');
      expect(listed.status).toBe(200);
      expect(listed.body.grants).toEqual([
        expect.objectContaining({
          clientId: client.clientId,
          name: 'Test app',
          scopes: expect.arrayContaining(['openid', 'email']),
        }),
      ]);
      const revoked = await browser.fetch(`/api/oidc/grants/${client.clientId}`, { method: 'DELETE' });
      expect(revoked.status).toBe(204);
      expect((await browser.json('/api/oidc/grants')).body.grants).toEqual([]);
      expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
      await expectRejected(oidc.refreshTokenGrant(config, tokens.refresh_token!), 'invalid_grant');
    });

    it('a third-party application asks for consent; refusing sends access_denied to it', async () => {
      const third = await registerClient(server, { name: 'Third party', firstParty: false, type: 'public' });
      expect(third.clientSecret).toBeUndefined();
      const thirdConfig = await relyingParty(server, third);
      const { browser, user } = await signInTOTPUser();
      void user;
      const started = await startAuthorization(thirdConfig, { prompt: '' });
      const { url } = await browser.follow(started.url);
      expect(url.pathname).toBe('/consent');
      const details = await browser.json(`/interaction/${interactionOf(url)}/details`);
      expect(details.body).toMatchObject({ clientName: 'Third party', prompt: 'consent' });
      const denied = await browser.json(`/interaction/${interactionOf(url)}/consent`, { approve: false });
      const back = await followToClient(browser, denied.body.redirectTo);
      expect(back.searchParams.get('error')).toBe('access_denied');
      // A public client may not introspect: it learns nothing.
      const allowed = await startAuthorization(thirdConfig, { prompt: '' });
      const { url: again } = await browser.follow(allowed.url);
      const yes = await browser.json(`/interaction/${interactionOf(again)}/consent`, { approve: true });
      const callback = await followToClient(browser, yes.body.redirectTo);
      const tokens = await oidc.authorizationCodeGrant(thirdConfig, callback, {
        pkceCodeVerifier: allowed.verifier,
        expectedState: allowed.state,
      });
      expect(tokens.claims()?.acr).toBe('mfa');
      expect(await oidc.tokenIntrospection(thirdConfig, tokens.access_token)).toEqual({ active: false });
      expect(
        (await oidc.fetchUserInfo(thirdConfig, tokens.access_token, oidc.skipSubjectCheck)).sub,
      ).toBeTruthy();
    });

    it('a rotated secret replaces the old one; a deleted client’s tokens stop working', async () => {
      const app = await registerClient(server, { name: 'Rotating app' });
      const token = await adminToken(server);
      const rotated = await server.request('POST', `/api/admin/clients/${app.clientId}/secret`, { token });
      expect(rotated.status).toBe(200);
      const oldConfig = await relyingParty(server, app);
      const newConfig = await relyingParty(server, { ...app, clientSecret: rotated.body.clientSecret });
      const started = await startAuthorization(newConfig);
      const browser = new HttpBrowser(server.url);
      const { url } = await browser.follow(started.url);
      const callback = await signInWithTOTP(server, browser, url, await signUpWithTOTP(server));
      await expect(
        oidc.authorizationCodeGrant(oldConfig, callback, {
          pkceCodeVerifier: started.verifier,
          expectedState: started.state,
        }),
      ).rejects.toThrow();
      const tokens = await oidc.authorizationCodeGrant(newConfig, callback, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
      });
      expect((await server.request('DELETE', `/api/admin/clients/${app.clientId}`, { token })).status).toBe(
        204,
      );
      const userinfo = await fetch(config.serverMetadata().userinfo_endpoint!, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(userinfo.status).toBe(401);
      void ADMIN;
    });
  });
}
