import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
  cspViolationsOf,
  hasChromium,
  newPage,
  screenshot,
  skipReason,
  submitPassword,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin/);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

/**
 * Security keys and passkeys in Chromium, with the DevTools Protocol's virtual
 * authenticator (CTAP2, internal transport, resident keys, user verification). The
 * page is served as http://localhost:<port>: Chromium refuses 127.0.0.1 as an rpID.
 */
describe.skipIf(!hasChromium)(
  `security keys and passkeys in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    let base: string;

    useBrowserSuite({}, (started) => ({ server, browser } = started));
    beforeAll(async () => {
      base = `http://localhost:${new URL(server.url).port}`;
    });

    it('registers a key on the security page, signs in with password + key, then with a passkey alone', {
      timeout: 120_000,
    }, async () => {
      const { context, page } = await newPage(browser);
      const authenticator = await addVirtualAuthenticator(context, page, 'internal');
      const email = uniqueEmail('keyholder');
      const password = 'correct horse battery staple';

      await page.goto(`${base}/signup`);
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();

      // The setup wizard offers the key; name it and let the authenticator answer.
      await page.waitForURL(/\/setup/);
      await page.getByRole('button', { name: /Security key or passkey/ }).click();
      await page.getByLabel('Name of the key').fill('Virtual key');
      await screenshot(page, 'webauthn-name-key');
      await page.getByRole('button', { name: 'Register security key' }).click();
      await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
      await page.getByLabel('I have saved my backup codes').check();
      await page.getByRole('button', { name: 'Done' }).click();

      await page.waitForURL(/\/security/);
      await page.locator('.factor-label', { hasText: 'Virtual key' }).waitFor();
      await page.getByText('Synced passkey').or(page.getByText('Single-device key')).first().waitFor();
      await screenshot(page, 'webauthn-security-page');

      // Password, then "Use your security key". The virtual authenticator answers the sign-in
      // page's passkey autofill (conditional UI) at once, where a person would pick the passkey:
      // without user verification that answer is refused, and the password step goes on.
      await authenticator.setUserVerified(false);
      await signOut(page);
      await screenshot(page, 'webauthn-sign-in-page');
      await submitPassword(page, email, password);
      await page.getByRole('heading', { name: 'Use your security key' }).waitFor();
      await screenshot(page, 'webauthn-second-step');
      await authenticator.setUserVerified(true);
      await page.getByRole('button', { name: 'Use your security key' }).click();
      await page.waitForURL(/\/security/).catch(async (error) => {
        await screenshot(page, 'webauthn-second-step-failed');
        throw error;
      });
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();

      // A passkey alone: no password (the autofill answers with user verification now).
      // The page is on /security before and after: wait for the new session itself (sign-out,
      // the sign-in page's autofill and the way back can be quicker than any URL check).
      await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
      const sessionAmr = () =>
        page.evaluate(async () => {
          const answer = await fetch('/api/auth/session');
          return answer.ok ? ((await answer.json()).session?.amr ?? null) : null;
        });
      await expect
        .poll(async () => (await sessionAmr())?.includes('pwd') === false, { timeout: 15_000 })
        .toBe(true);
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
      const amr = await sessionAmr();
      expect(amr).toEqual(expect.arrayContaining(['webauthn', 'user']));
      expect(amr).not.toContain('pwd');
      expect(cspViolationsOf(page)).toEqual([]);
      await context.close();
    });
  },
);
