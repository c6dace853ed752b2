import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
  cspViolationsOf,
  hasChromium,
  newPage,
  screenshot,
  skipReason,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

/**
 * "Confirm it's you" with a security key: a user whose only factor is a key re-checks
 * a stale session with it (Chromium's virtual authenticator, served on localhost).
 */
describe.skipIf(!hasChromium)(
  `re-checking with a security key${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    let base: string;

    useBrowserSuite({}, (started) => ({ server, browser } = started));
    beforeAll(async () => {
      base = `http://localhost:${new URL(server.url).port}`;
    });

    it('a stale session is re-checked with the key, and the action goes through', {
      timeout: 120_000,
    }, async () => {
      const { context, page } = await newPage(browser);
      await addVirtualAuthenticator(context, page);

      await page.goto(`${base}/signup`);
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('rekey'));
      await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/setup/);
      await page.getByRole('button', { name: /Security key or passkey/ }).click();
      await page.getByLabel('Name of the key').fill('Desk key');
      await page.getByRole('button', { name: 'Register security key' }).click();
      await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
      await page.getByLabel('I have saved my backup codes').check();
      await page.getByRole('button', { name: 'Done' }).click();
      await page.waitForURL(/\/security/);
      await page.locator('.factor-label', { hasText: 'Desk key' }).waitFor();

      // Six minutes later the sign-up no longer counts as a recent check.
      server.clock.advanceSeconds(6 * 60);
      await page.getByRole('button', { name: 'Generate new codes' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Generate new codes' }).click();
      const recheck = page.getByRole('dialog', { name: 'Confirm it’s you' });
      await recheck.waitFor();
      await recheck.getByRole('button', { name: 'Use your security key' }).click();
      await recheck.getByText('Insert or touch your security key').waitFor();
      await screenshot(page, 'reauth-security-key', { fullPage: false });
      await recheck.getByRole('button', { name: 'Continue' }).click();

      // The action is retried: the new codes are shown.
      const codesDialog = page.getByRole('dialog', { name: 'Your new backup codes' });
      await codesDialog.waitFor().catch(async (error) => {
        await screenshot(page, 'reauth-security-key-failed', { fullPage: false });
        throw error;
      });
      expect(await codesDialog.locator('ol.code-grid code').count()).toBe(10);
      const session = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
      expect(Date.parse(session.session.reauthenticatedUntil)).toBeGreaterThan(server.clock.now().getTime());
      expect(cspViolationsOf(page)).toEqual([]);
      await context.close();
    });
  },
);
