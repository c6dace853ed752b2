import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSystemPolicy } from '../../src/domain/policy.js';
import {
  hasChromium,
  newPage,
  screenshot,
  seriousAxeViolations,
  skipReason,
  submitPassword,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { signUpWithTOTP, type TestServer, totpCode } from '../helpers/server.js';

warnIfSkipped();

describe.skipIf(!hasChromium)(`remember this browser${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;

  useBrowserSuite({}, (started) => ({ server, browser } = started));
  beforeAll(async () => {
    const policy = defaultSystemPolicy();
    policy.rememberBrowser = { enabled: true, days: 14 };
    await server.stores.settings.savePolicy(policy, server.clock.now());
  });

  it('skips the second step on that browser only, lists it on the security page, and forgets it', async () => {
    const user = await signUpWithTOTP(server);
    const { context, page } = await newPage(browser);
    const passwordStep = async () => {
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, user.email, user.password);
    };

    await passwordStep();
    const remember = page.getByLabel('Don’t ask again on this browser for 14 days');
    await remember.check();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'remember-browser-1-offer', { fullPage: false });
    server.clock.advanceSeconds(30);
    await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
    await page.waitForURL(/\/security/);
    const device = (await context.cookies()).find((c) => c.name === 'twofold_device');
    expect(device?.httpOnly).toBe(true);

    // Signed out, then back with the password only: no code asked on this browser.
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL(/\/signin/);
    await passwordStep();
    await page.waitForURL(/\/security/);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Remembered browsers' }) });
    await card.getByText('This browser').waitFor();
    await screenshot(page, 'remember-browser-2-security-page');

    // Another browser (no cookie) is asked for the code as before.
    const other = await newPage(browser);
    await other.page.goto(`${server.url}/signin`);
    await other.page.getByLabel('Email', { exact: true }).fill(user.email);
    await other.page.getByLabel('Password', { exact: true }).fill(user.password);
    await other.page.getByRole('button', { name: 'Continue' }).click();
    await other.page.getByLabel('Verification code').waitFor();
    await other.context.close();

    // Forgotten: the next sign-in asks for the code again.
    await card
      .getByRole('button', { name: /^Forget/ })
      .first()
      .click();
    // The toast (the activity list below now also says "Remembered browser forgotten").
    await page
      .locator('.toast')
      .getByText(/forgotten/)
      .waitFor();
    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.waitForURL(/\/signin/);
    await passwordStep();
    await page.getByLabel('Verification code').waitFor();
    await context.close();
  }, 60_000);
});
