import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  HttpBrowser,
  registerClient,
  relyingParty,
  signInWithTOTP,
  startAuthorization,
  startOidcServer,
} from '../helpers/oidc.js';
import { signUpWithTOTP, startTestServer, type TestServer } from '../helpers/server.js';
import { backendsUnderTest } from '../helpers/services.js';

/*
 * Two instances on one database, as behind a load balancer (one PUBLIC_URL): the
 * provider keeps nothing in process memory, so a request authorized on one
 * instance is finished and redeemed on the other, and both publish one JWKS.
 */
const BACKENDS = await backendsUnderTest('OIDC across two instances', ['sqlite', 'postgres']);

for (const backend of BACKENDS) {
  describe(`OpenID Connect across two instances on ${backend}`, () => {
    let a: TestServer & { issuer: string };
    let b: TestServer;

    beforeAll(async () => {
      a = await startOidcServer({ backend });
      b = await startTestServer({
        clock: a.clock,
        env: {
          DATABASE_URL: a.ctx.config.databaseUrl,
          TWOFOLD_SECRET_KEY: a.ctx.config.secretKey!,
          PUBLIC_URL: a.ctx.config.publicUrl!,
          TWOFOLD_ADMIN_EMAIL: ADMIN.email,
          TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
          LOG_LEVEL: 'warn',
          TRUST_PROXY: 'true',
        },
      });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('both instances publish the same signing keys', async () => {
      const jwksA = await (await fetch(`${a.url}/oidc/jwks`)).json();
      const jwksB = await (await fetch(`${b.url}/oidc/jwks`)).json();
      expect(jwksB).toEqual(jwksA);
      expect(jwksA.keys).toHaveLength(2);
    });

    it('the browser signs in on instance B; the client redeems the code on instance A', async () => {
      const user = await signUpWithTOTP(a);
      const client = await registerClient(a);
      const config = await relyingParty(a, client);
      const started = await startAuthorization(config);
      // Every request of the browser goes to B (the issuer's origin is A's).
      const browser = new HttpBrowser(a.url, { [new URL(a.url).origin]: new URL(b.url).origin });
      const { url: page } = await browser.follow(started.url);
      expect(page.pathname).toBe('/signin');
      const callback = await signInWithTOTP(a, browser, page, user);
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
      });
      expect(tokens.claims()?.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.access_token).toBeTruthy();
    });
  });
}
