import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  hasChromium,
  hasHorizontalScroll,
  newPage,
  screenshot,
  seriousAxeViolations,
  skipReason,
  submitPassword,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { type EnrolledUser, signUpWithTOTP, type TestServer, totpCode } from '../helpers/server.js';

warnIfSkipped();

/** Name of the element that has focus: `input[name=email]`, `h1`, … */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const name = el.getAttribute('name');
    return `${el.tagName.toLowerCase()}${name ? `[name=${name}]` : ''}`;
  });
}

describe.skipIf(!hasChromium)(
  `keyboard, small screens and axe-core${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({}, (started) => ({ server, browser } = started));

    /** Signs in through the UI with the user's authenticator app (a fresh time step each time). */
    async function signIn(page: Page, user: EnrolledUser): Promise<void> {
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, user.email, user.password);
      server.clock.advanceSeconds(30);
      await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Account security' }).waitFor();
    }

    it('signs in with the keyboard only', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await newPage(browser);
      await page.goto(`${server.url}/signin`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await screenshot(page, 'sign-in');

      // Focus starts in the first field; Tab moves on; Enter submits.
      expect(await focused(page)).toBe('input[name=email]');
      await page.keyboard.type(user.email);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('input[name=password]');
      await page.keyboard.type(user.password);
      await page.keyboard.press('Enter');

      // The second step focuses the code field; six digits submit on their own.
      await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
      expect(await focused(page)).toBe('input[name=code]');
      server.clock.advanceSeconds(30);
      await page.keyboard.type(totpCode(server, user.secret));
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Account security' }).waitFor();

      // Sign out from the keyboard too: Tab until the header's "Sign out" button has focus.
      let reached = false;
      for (let i = 0; i < 12 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(
          () =>
            document.activeElement?.tagName === 'BUTTON' &&
            /Sign out/.test(document.activeElement.textContent ?? ''),
        );
      }
      expect(reached).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/signin/);
      await context.close();
    }, 60_000);

    it('fits a 375 px wide screen without sideways scrolling', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await newPage(browser, {
        viewport: { width: 375, height: 760 },
        isMobile: true,
        hasTouch: true,
      });

      await page.goto(`${server.url}/signin`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'sign-in-375');

      await page.goto(`${server.url}/signup`);
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);

      await page.goto(`${server.url}/signin`);
      await submitPassword(page, user.email, user.password);
      await page.getByRole('button', { name: 'Try another way' }).click();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'sign-in-second-step-375');
      server.clock.advanceSeconds(30);
      await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'security-page-375');

      // The wizard's authenticator step: on a phone it leads with the app link and the key,
      // and shows the QR code (for another device) on demand.
      await page.getByRole('link', { name: 'Add a method' }).click();
      await page.getByRole('button', { name: /Authenticator app/ }).click();
      await page.getByRole('link', { name: 'Open in authenticator app' }).waitFor();
      await page.getByTestId('totp-secret').waitFor();
      await page.getByRole('button', { name: /Show the QR code/ }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'setup-qr-step-375');
      await context.close();
    }, 60_000);

    it('has no serious or critical axe-core violations on the sign-in, setup and security pages', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await newPage(browser);
      const report: Record<string, string[]> = {};
      const check = async (name: string) => {
        report[name] = await seriousAxeViolations(page);
      };

      await page.goto(`${server.url}/signin`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await check('sign-in');
      // Errors on the page are part of the check too.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('Enter your email address.').waitFor();
      await check('sign-in with errors');

      await page.goto(`${server.url}/signup`);
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await check('sign-up');

      await page.goto(`${server.url}/signin`);
      await submitPassword(page, user.email, user.password);
      await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
      await page.getByRole('button', { name: 'Try another way' }).click();
      await check('second step');
      await page.getByRole('button', { name: 'Backup code' }).click();
      await page.getByLabel('Backup code').waitFor();
      await check('second step, backup code');
      await page.getByRole('button', { name: 'Try another way' }).click();
      await page.getByRole('button', { name: 'Authenticator app' }).click();
      server.clock.advanceSeconds(30);
      await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
      await page.getByText('Recent security activity').waitFor();
      await check('security');

      await page
        .getByRole('button', { name: /Remove/ })
        .first()
        .click();
      await page.getByRole('dialog').waitFor();
      await check('security, remove dialog');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('link', { name: 'Add a method' }).click();
      await page.getByRole('button', { name: /Authenticator app/ }).waitFor();
      await check('setup, choose');
      await page.getByRole('button', { name: /Authenticator app/ }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      await page.getByRole('button', { name: /Enter this key/ }).click();
      await check('setup, QR');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('6-digit code').waitFor();
      await check('setup, code');

      await page.goto(`${server.url}/dev/outbox`);
      await page.getByRole('heading', { name: 'Dev outbox' }).waitFor();
      await check('dev outbox');

      await page.goto(`${server.url}/no-such-page`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await check('not found');

      const failures = Object.entries(report).filter(([, v]) => v.length > 0);
      expect(failures, JSON.stringify(failures, null, 2)).toEqual([]);
      await context.close();
    }, 90_000);

    it('follows a dark system theme and stays accessible in it', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await newPage(browser, { colorScheme: 'dark' });
      await page.goto(`${server.url}/signin`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).not.toBe('rgb(245, 246, 250)');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in-dark');
      await signIn(page, user);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'security-page-dark');
      await context.close();
    }, 60_000);
  },
);
