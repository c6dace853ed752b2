import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HttpBrowser,
  RP_CALLBACK,
  registerClient,
  relyingParty,
  signInWithTOTP,
  startAuthorization,
  startOidcServer,
} from '../helpers/oidc.js';
import { signUpWithTOTP, type TestServer } from '../helpers/server.js';

describe('OpenID Connect: authorization code + PKCE with a TOTP user', () => {
  let server: TestServer & { issuer: string };
  beforeAll(async () => {
    server = await startOidcServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('publishes discovery with code flow only, PKCE S256 and acr values mfa and pwd', async () => {
    const response = await fetch(`${server.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = await response.json();
    expect(metadata.issuer).toBe(server.issuer);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.acr_values_supported).toEqual(expect.arrayContaining(['mfa', 'pwd']));
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
    expect(metadata.grant_types_supported).not.toContain('implicit');
    expect(metadata.grant_types_supported).not.toContain('password');
    expect(metadata.grant_types_supported).not.toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect(metadata.end_session_endpoint).toBe(`${server.issuer}/session/end`);
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']),
    );
    const jwks = await (await fetch(metadata.jwks_uri)).json();
    expect(jwks.keys.map((k: { alg: string }) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const key of jwks.keys) expect(key.d).toBeUndefined();
  });

  it('signs a user in with password and TOTP; the ID token says pwd, otp, mfa', async () => {
    const user = await signUpWithTOTP(server);
    const client = await registerClient(server);
    const config = await relyingParty(server, client);
    const nonce = oidc.randomNonce();
    const { url, verifier, state } = await startAuthorization(config, { nonce });

    const browser = new HttpBrowser(server.url);
    const { url: page } = await browser.follow(url);
    expect(page.pathname).toBe('/signin');
    const callback = await signInWithTOTP(server, browser, page, user);
    expect(`${callback.origin}${callback.pathname}`).toBe(RP_CALLBACK);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(user.userId);
    expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(claims.acr).toBe('mfa');
    expect(claims.twofold_methods).toEqual(['password', 'totp']);
    expect(typeof claims.auth_time).toBe('number');
    expect(claims.email).toBe(user.email);
    expect(claims.email_verified).toBe(false);
    expect(tokens.refresh_token).toBeTruthy();

    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.userId);
    expect(info.email).toBe(user.email);

    // Audited with the application, and counted per application.
    const { events } = await server.stores.audit.list({ userId: user.userId, limit: 20 });
    const signIn = events.find((e) => e.type === 'oidc_sign_in');
    expect(signIn?.details).toMatchObject({ clientId: client.clientId, methods: ['password', 'totp'] });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(
      `twofold_oidc_sign_ins_total{client="${client.clientId}",outcome="authenticated"} 1`,
    );
  });
});
