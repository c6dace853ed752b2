import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieName } from '../../src/http/session-cookie.js';
import {
  hasChromium,
  hasHorizontalScroll,
  newPage,
  screenshot,
  skipReason,
  submitPassword,
  warnIfSkipped,
} from '../helpers/browser.js';
import { TEST_ADMIN, useBrowserSuite } from '../helpers/browser-suite.js';
import { enableSMS, PASSWORD, uniquePhone } from '../helpers/otp.js';
import { signUpWithTOTP, type TestServer, totpCode, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;
const PHONE = { width: 375, height: 667 };

/**
 * Issue 16 ("The web UI as a daily tool"), its smaller items: the address kept when a sign-in
 * expires, toasts that stay on their own step, the owner's own address and number in full,
 * "add another" saying what exists, the activity list kept current, the sticky Save bar clear of
 * a field's error, and a chart legend readable at 375 px.
 */
describe.skipIf(!hasChromium)(
  `the web UI as a daily tool, smaller items${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));
    beforeAll(async () => {
      await enableSMS(server);
    });

    /** A browser signed in with a session token made through the API. */
    async function signedIn(
      token: string,
      options: Parameters<typeof newPage>[1] = {},
    ): Promise<{ context: BrowserContext; page: Page }> {
      const opened = await newPage(browser, options);
      await opened.context.addCookies([
        { name: sessionCookieName(server.ctx.config), value: token, url: server.url },
      ]);
      return opened;
    }

    /** The newest 6-digit code the dev outbox holds for `to`. */
    async function outboxCode(to: string): Promise<string> {
      for (let i = 0; i < 50; i++) {
        const { body } = await server.request('GET', '/api/dev/outbox');
        const message = (body.messages as { to: string; text: string }[]).find(
          (m) => m.to === to && /\b\d{6}\b/.test(m.text),
        );
        const code = message?.text.match(/\b\d{6}\b/)?.[0];
        if (code) return code;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no code for ${to} in the outbox`);
    }

    /** Binds an email address or phone through the API (session token, the dev outbox's code). */
    async function bind(token: string, type: 'email' | 'sms', destination: string): Promise<void> {
      const setup = await server.request('POST', `/api/mfa/${type}/setup`, {
        token,
        body: type === 'sms' ? { phone: destination } : { email: destination },
      });
      expect(setup.status).toBe(200);
      const confirm = await server.request('POST', `/api/mfa/${type}/confirm`, {
        token,
        body: { factorId: setup.body.factorId, code: await outboxCode(destination) },
      });
      expect(confirm.status).toBe(200);
    }

    async function signUp(): Promise<{ email: string; token: string }> {
      const email = uniqueEmail('daily');
      const res = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
      expect(res.status).toBe(201);
      return { email, token: res.body.session.token };
    }

    it('1. "sign-in expired" keeps the email filled in; "Not you?" clears it', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await newPage(browser);
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, user.email, user.password);
      await page.getByLabel('Verification code').waitFor();

      // The pending sign-in outlives its ten minutes: the code is refused, the person starts again.
      server.clock.advanceSeconds(11 * 60);
      await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
      await page.getByText('Your sign-in expired').waitFor();
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(user.email);
      // The address is there: the password is what to type next.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
      await screenshot(page, 'daily-sign-in-expired-keeps-email', { fullPage: false });

      // Same person again: password, then "Not you?" on the second step clears the address.
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: `Not ${user.email}? Sign in with another account` }).click();
      await page.getByLabel('Email', { exact: true }).waitFor();
      expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('');
      await context.close();
    });

    it('2. a toast stays on the step it was shown on', async () => {
      const { token } = await signUp();
      const { context, page } = await signedIn(token);
      // The page's own timers under the test's control: a toast can only go because the step changed.
      await page.clock.install();
      await page.goto(`${server.url}/setup`);
      await page.getByRole('button', { name: /Authenticator app/ }).click();
      await page.getByRole('button', { name: 'Can’t scan? Enter this key' }).click();
      // From here the page's clock moves only when the test says so.
      await page.clock.pauseAt(Date.now() + 60_000);
      await page.getByRole('button', { name: 'Copy key' }).click();
      const toast = page.locator('.toast');
      await toast.waitFor();
      await screenshot(page, 'daily-toast-on-its-step', { fullPage: false });

      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('6-digit code').waitFor();
      // Effects run after a frame: let a little page time pass, far less than the toast's own 3.5 s.
      await page.clock.runFor(200);
      await toast.waitFor({ state: 'detached' });
      expect(await toast.count()).toBe(0);
      await screenshot(page, 'daily-toast-gone-next-step', { fullPage: false });

      // A toast that reports what led to a new page ("2FA method added") is shown on that page.
      await page.getByRole('button', { name: 'Back to the QR code' }).click();
      await page.getByRole('button', { name: 'Can’t scan? Enter this key' }).click();
      const key = (await page.getByTestId('totp-secret').textContent())?.replace(/\s/g, '') ?? '';
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('6-digit code').fill(totpCode(server, key));
      await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
      await page.getByLabel('I have saved my backup codes').check();
      await page.getByRole('button', { name: 'Done' }).click();
      await page.waitForURL(/\/security/);
      await page.clock.runFor(200);
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
      expect(await toast.textContent()).toContain('2FA method added');

      // Any other toast goes with the page it was shown on.
      await page.clock.resume();
      await page.getByRole('button', { name: 'Generate new codes' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Generate new codes' }).click();
      const codes = page.getByRole('dialog', { name: 'Your new backup codes' });
      await codes.getByRole('button', { name: 'Copy' }).waitFor();
      await page.clock.pauseAt(Date.now() + 120_000);
      await codes.getByRole('button', { name: 'Copy' }).click();
      await toast.getByText(/Backup codes copied|Could not copy/).waitFor();
      await codes.getByLabel('I have saved my backup codes').check();
      await codes.getByRole('button', { name: 'Done' }).click();
      await page.clock.runFor(200);
      await codes.waitFor({ state: 'detached' });
      await page.getByRole('link', { name: 'Add a method' }).click();
      await page.clock.runFor(200);
      await page.getByRole('heading', { name: 'Add another method' }).waitFor();
      await toast.waitFor({ state: 'detached' });
      await context.close();
    });

    it('3. the security page shows the owner’s own email and phone in full', async () => {
      const { email, token } = await signUp();
      const phone = uniquePhone();
      await bind(token, 'email', email);
      await bind(token, 'sms', phone);
      const { context, page } = await signedIn(token);
      await page.goto(`${server.url}/security`);
      const destinations = page.getByTestId('factor-destination');
      await destinations.first().waitFor();
      // The number is written for reading ("+1 555 932 1966"), every digit of it there.
      const shown = (await destinations.allTextContents()).map((t) => t.trim());
      expect(shown.map((t) => (t.includes('@') ? t : t.replace(/[\s()-]/g, ''))).sort()).toEqual(
        [email, phone].sort(),
      );
      expect(shown.find((t) => !t.includes('@'))).toMatch(/^\+1 \d/);
      // The masked labels ("Email j***@e***.com") are not shown next to them.
      expect(await page.getByRole('region', { name: 'Sign-in methods' }).textContent()).not.toContain('***');
      await screenshot(page, 'daily-security-own-destinations');
      await context.close();
    });

    it('4. "Add another method" says which methods are already set up', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await signedIn(user.token);
      await page.goto(`${server.url}/security`);
      await page.getByRole('link', { name: 'Add a method' }).click();
      await page.getByRole('heading', { name: 'Add another method' }).waitFor();
      const app = page.getByRole('button', { name: /Authenticator app/ });
      await expect(app.textContent()).resolves.toContain('Already set up');
      await expect(app.textContent()).resolves.toContain('You already have an authenticator app');
      // A method the account does not have keeps its ordinary description.
      const email = page.getByRole('button', { name: /Email/ });
      await expect(email.textContent()).resolves.not.toContain('Already set up');
      await screenshot(page, 'daily-add-another-method', { fullPage: false });
      await context.close();
    });

    it('5. the activity list shows a change made on the page at once', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await signedIn(user.token);
      await page.goto(`${server.url}/security`);
      const activity = page.locator('.activity');
      await activity.locator('li').first().waitFor();
      expect(await activity.textContent()).not.toContain('New backup codes generated');

      await page.getByRole('button', { name: 'Generate new codes' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Generate new codes' }).click();
      const codes = page.getByRole('dialog', { name: 'Your new backup codes' });
      await codes.waitFor();
      await codes.getByLabel('I have saved my backup codes').check();
      await codes.getByRole('button', { name: 'Done' }).click();
      await codes.waitFor({ state: 'detached' });
      await activity.getByText('New backup codes generated').waitFor();

      // Renaming a method is an event too.
      await page
        .getByRole('button', { name: /^Rename/ })
        .first()
        .click();
      await page.getByLabel('New name').fill('Work phone');
      await page.getByRole('button', { name: 'Save name' }).click();
      await activity.getByText('2FA method renamed').waitFor();
      await screenshot(page, 'daily-activity-refreshed');
      await context.close();
    });

    it('6. at 375 px the sticky Save bar never covers the focused field’s error', async () => {
      const { context, page } = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.waitForURL(/\/security|\/setup/);
      await page.goto(`${server.url}/admin/policy`);
      const field = page.locator('input[name="limits.mfaTokenTtlSeconds"]');
      await field.fill('5');
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page.locator('input[name="limits.mfaTokenTtlSeconds"][aria-invalid="true"]').waitFor();

      /** Where the focused field's error is against the sticky bar (and the header). */
      const layout = () =>
        page.evaluate(() => {
          const focused = document.activeElement as HTMLElement;
          const error = focused.closest('.field')?.querySelector('.field-error');
          const bar = document.querySelector('.sticky-actions');
          if (!error || !bar) throw new Error('no field error or no sticky bar');
          return {
            name: focused.getAttribute('name'),
            errorBottom: error.getBoundingClientRect().bottom,
            fieldTop: focused.getBoundingClientRect().top,
            barTop: bar.getBoundingClientRect().top,
          };
        });

      // After the failed save the page focuses the field: it and its message are above the bar.
      const afterSave = await layout();
      expect(afterSave.name).toBe('limits.mfaTokenTtlSeconds');
      expect(afterSave.errorBottom).toBeLessThanOrEqual(afterSave.barTop);
      expect(afterSave.fieldTop).toBeGreaterThanOrEqual(0);
      await screenshot(page, 'daily-sticky-bar-error-375', { fullPage: false });

      // From the top of the page, focusing the field (as Tab does) scrolls it clear of the bar too.
      await page.evaluate(() => {
        (document.activeElement as HTMLElement).blur();
        window.scrollTo(0, 0);
      });
      await field.focus();
      const afterFocus = await layout();
      expect(afterFocus.errorBottom).toBeLessThanOrEqual(afterFocus.barTop);
      await screenshot(page, 'daily-sticky-bar-focus-375', { fullPage: false });
      await context.close();
    });

    it('7. at 375 px the adoption chart’s labels are full-size text and wrap', async () => {
      const { context, page } = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.waitForURL(/\/security|\/setup/);
      await page.goto(`${server.url}/admin`);
      const rows = page.locator('.chart .bar-row');
      await rows.first().waitFor();
      const measured = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.chart .bar-label, .chart .bar-value')).map(
          (el) => {
            const box = el.getBoundingClientRect();
            return {
              text: el.textContent,
              // The rendered size: CSS pixels on screen, no SVG scaling in between.
              fontSize: Number.parseFloat(getComputedStyle(el).fontSize),
              right: box.right,
              width: box.width,
            };
          },
        ),
      );
      expect(measured.length).toBeGreaterThanOrEqual(4);
      for (const label of measured) {
        expect(label.fontSize, label.text ?? '').toBeGreaterThanOrEqual(13);
        expect(label.right, label.text ?? '').toBeLessThanOrEqual(PHONE.width);
        expect(label.width).toBeGreaterThan(0);
      }
      expect(await hasHorizontalScroll(page)).toBe(false);
      await page.locator('.chart').scrollIntoViewIfNeeded();
      await screenshot(page, 'daily-adoption-chart-375', { fullPage: false });
      await context.close();
    });
  },
);
