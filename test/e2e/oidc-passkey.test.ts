import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
  cspViolationsOf,
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  newPage,
  screenshot,
  skipReason,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { freePort } from '../helpers/instances.js';
import { ADMIN, RP_CALLBACK, registerClient, relyingParty, startAuthorization } from '../helpers/oidc.js';
import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

/**
 * "Sign in with a passkey" on the sign-in page of an application's request (OpenID
 * Connect): the passkey's session completes the interaction, and the ID token says
 * what the key proved. Served on localhost (WebAuthn refuses 127.0.0.1 as an rpID),
 * with Chromium's virtual authenticator; the relying party is openid-client.
 */
describe.skipIf(!hasChromium)(
  `passkey sign-in for an application${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    let base: string;

    beforeAll(async () => {
      await ensureWebBuild();
      const port = await freePort();
      base = `http://localhost:${port}`;
      [server, browser] = await Promise.all([
        startTestServer({
          port,
          webRoot: WEB_ROOT,
          env: {
            PUBLIC_URL: base,
            TWOFOLD_ADMIN_EMAIL: ADMIN.email,
            TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
            LOG_LEVEL: 'warn',
          },
        }),
        launchBrowser(),
      ]);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('the passkey button completes the request; amr says the key and user verification, not pwd', {
      timeout: 120_000,
    }, async () => {
      const { context, page } = await newPage(browser);
      const authenticator = await addVirtualAuthenticator(context, page, 'internal');

      // An account whose passkey lives in this browser's authenticator.
      await page.goto(`${base}/signup`);
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('oidcpasskey'));
      await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/setup/);
      await page.getByRole('button', { name: /Security key or passkey/ }).click();
      await page.getByLabel('Name of the key').fill('Laptop passkey');
      await page.getByRole('button', { name: 'Register security key' }).click();
      await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
      await page.getByLabel('I have saved my backup codes').check();
      await page.getByRole('button', { name: 'Done' }).click();
      await page.waitForURL(/\/security/);
      const userId = (await page.evaluate(async () => (await fetch('/api/auth/session')).json())).user.id;
      // From here the page's passkey autofill (conditional UI) cannot pass: the key does not verify
      // its user, which a passkey sign-in requires. The sign-in page stays, where a person would choose.
      await authenticator.setUserVerified(false);
      await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/signin/);

      // The application sends the browser to Twofold: its sign-in page offers the passkey.
      const client = await registerClient(server);
      const config = await relyingParty({ issuer: `${base}/oidc` }, client);
      const nonce = oidc.randomNonce();
      const { url, verifier, state } = await startAuthorization(config, { nonce });
      await page.goto(url.href);
      await page.waitForURL(/\/signin\?interaction=/);
      const button = page.getByRole('button', { name: 'Sign in with a passkey' });
      await button.waitFor();
      await screenshot(page, 'oidc-passkey-sign-in');

      // Nothing listens at the relying party's address: the request that reaches it is the answer.
      await authenticator.setUserVerified(true);
      const reachedApp = page.waitForRequest((r) => r.url().startsWith(RP_CALLBACK));
      await button.click();
      const callback = new URL(
        (
          await reachedApp.catch(async (error) => {
            await screenshot(page, 'oidc-passkey-failed');
            throw error;
          })
        ).url(),
      );

      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      });
      const claims = tokens.claims()!;
      expect(claims.sub).toBe(userId);
      expect(claims.acr).toBe('mfa');
      expect(claims.amr).toEqual(expect.arrayContaining(['user', 'mfa']));
      expect(claims.amr).toContainEqual(expect.stringMatching(/^(hwk|swk)$/));
      expect(claims.amr).not.toContain('pwd');
      expect(claims.twofold_methods).toEqual(['webauthn']);
      expect(cspViolationsOf(page)).toEqual([]);
      await context.close();
    });
  },
);
