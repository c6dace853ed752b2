import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
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
 * The browser's Back button on the setup wizard's backup-codes step: it asks first, and
 * declining keeps the user on the step with the same codes; agreeing leaves.
 */
describe.skipIf(!hasChromium)(`Back on the backup-codes step${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  useBrowserSuite({}, (started) => ({ server, browser } = started));
  beforeAll(async () => {
    // Security keys need localhost (Chromium refuses 127.0.0.1 as an rpID).
    base = `http://localhost:${new URL(server.url).port}`;
  });

  it('asks before Back loses the codes; staying keeps them, leaving leaves', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await newPage(browser);
    await addVirtualAuthenticator(context, page);
    // From the sign-in page, in the app: Back has somewhere to go.
    await page.goto(`${base}/signin`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('backbutton'));
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/setup/);
    await page.getByRole('button', { name: /Security key or passkey/ }).click();
    await page.getByRole('button', { name: 'Register security key' }).click();
    const step = page.getByRole('heading', { name: 'Save your backup codes' });
    await step.waitFor();
    const codes = await page.locator('ol.code-grid code').allTextContents();
    expect(codes).toHaveLength(10);

    // Back, and "stay": the same step, the same codes, still at /setup.
    const asked: string[] = [];
    page.once('dialog', async (dialog) => {
      asked.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goBack({ waitUntil: 'commit' });
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('saved your backup codes');
    await step.waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');
    expect(await page.locator('ol.code-grid code').allTextContents()).toEqual(codes);
    await screenshot(page, 'backup-codes-back-stayed');

    // Back again asks again (the guard is re-armed); agreeing leaves the step.
    page.once('dialog', async (dialog) => {
      asked.push(dialog.message());
      await dialog.accept();
    });
    await page.goBack({ waitUntil: 'commit' });
    await expect.poll(() => asked.length).toBe(2);
    // Back at the sign-in page, which sends a signed-in user on to the security page.
    await page.waitForURL(/\/security/);
    await page.getByRole('heading', { name: 'Account security' }).waitFor();
    expect(await step.count()).toBe(0);
    await screenshot(page, 'backup-codes-back-left');
    await context.close();
  });

  it('once the codes are saved the guard takes its history entry away: one Back leaves the page', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await newPage(browser);
    await addVirtualAuthenticator(context, page);
    const asked: string[] = [];
    page.on('dialog', async (dialog) => {
      asked.push(dialog.message());
      await dialog.dismiss();
    });
    // History: /signin, then /setup (the sign-up page replaces itself with it).
    await page.goto(`${base}/signin`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('backdone'));
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/setup/);
    await page.getByRole('button', { name: /Security key or passkey/ }).click();
    await page.getByRole('button', { name: 'Register security key' }).click();
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await page.getByLabel('I have saved my backup codes').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL(/\/security/);
    await page.getByRole('heading', { name: 'Account security' }).waitFor();

    // New codes from the security page: the guard arms again, in a dialog on the same URL.
    await page.getByRole('button', { name: 'Generate new codes' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Generate new codes' }).click();
    const fresh = page.getByRole('heading', { name: 'Your new backup codes' });
    await fresh.waitFor();
    await page.getByLabel('I have saved my backup codes').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await fresh.waitFor({ state: 'detached' });
    await screenshot(page, 'backup-codes-saved-security');

    // One Back leaves /security for the page before it (the wizard); no question is asked.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForURL(/\/setup/);
    // And one more Back leaves the wizard too: its guard's entry went when its codes were saved.
    await page.goBack({ waitUntil: 'commit' });
    await expect.poll(() => new URL(page.url()).pathname).not.toBe('/setup');
    expect(asked).toEqual([]);
    await context.close();
  });
});
