import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  cspViolationsOf,
  hasChromium,
  newPage,
  screenshot,
  skipReason,
  submitPassword,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, totpCode, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

/** Signs out with the header's button and waits for the sign-in page. */
async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin/);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

async function enterPassword(page: Page, email: string, password: string): Promise<void> {
  await submitPassword(page, email, password);
}

describe.skipIf(!hasChromium)(
  `sign-up, authenticator app and backup codes in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({}, (started) => ({ server, browser } = started));

    it('signs up, binds TOTP, downloads backup codes, signs in with TOTP and with a single-use backup code', async () => {
      const { context, page } = await newPage(browser);
      const email = uniqueEmail('alice');
      const password = 'correct horse battery staple';

      // Sign up.
      await page.goto(`${server.url}/signup`);
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();

      // The wizard: choose the authenticator app.
      await page.waitForURL(/\/setup/);
      await page.getByRole('button', { name: /Authenticator app/ }).click();

      // Step 1: the QR code, and the key for manual entry.
      const qr = page.getByRole('img', { name: /QR code/ });
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await page.getByRole('button', { name: /Can.t scan\? Enter this key/ }).click();
      const grouped = (await page.getByTestId('totp-secret').textContent()) ?? '';
      expect(grouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
      const secret = grouped.replace(/\s+/g, '');
      expect(secret.length).toBeGreaterThanOrEqual(32);
      await screenshot(page, 'setup-qr-step');
      await page.getByRole('button', { name: 'Continue' }).click();

      // Step 2: the code from the app; focus is already in the field and six digits submit.
      const codeField = page.getByLabel('6-digit code');
      await codeField.waitFor();
      expect(await codeField.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await codeField.getAttribute('inputmode')).toBe('numeric');
      await page.keyboard.type(totpCode(server, secret));

      // Step 3: backup codes — download, then the required checkbox before Done.
      await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
      const codes = (await page.locator('ol.code-grid code').allTextContents()).map((c) => c.trim());
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
      await screenshot(page, 'setup-backup-codes-step');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`twofold-backup-codes-${email}.txt`);
      const path = await download.path();
      const text = await readFile(path, 'utf8');
      const lines = text.split('\n');
      expect(lines[0]).toMatch(/^Twofold backup codes for /);
      expect(lines[0]).toContain(email);
      for (const code of codes) expect(lines).toContain(code);
      expect(text).toMatch(/each code works once/i);

      const done = page.getByRole('button', { name: 'Done' });
      expect(await done.isDisabled()).toBe(true);
      await page.getByLabel('I have saved my backup codes').check();
      await done.click();

      // The security page shows 2FA on, the factor and 10 backup codes.
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
      await page.getByText('10 of 10 remaining').waitFor();
      await screenshot(page, 'security-page');
      // The setup wizard (QR code as a data: image), sign-in and this page ran under the server's CSP.
      expect(cspViolationsOf(page)).toEqual([]);

      // Sign in with the authenticator app (the next time step: the enrollment code was spent).
      await signOut(page);
      await enterPassword(page, email, password);
      await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
      await screenshot(page, 'sign-in-totp-step');
      // A wrong code says how many attempts are left and clears the field.
      const wrong = totpCode(server, secret) === '000000' ? '111111' : '000000';
      await page.keyboard.type(wrong);
      await expect
        .poll(() =>
          page
            .getByRole('alert')
            .filter({ hasText: /attempts? left/ })
            .count(),
        )
        .toBeGreaterThan(0);
      server.clock.advanceSeconds(30);
      await page.getByLabel('Verification code').fill(totpCode(server, secret));
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Account security' }).waitFor();

      // Sign in with a backup code through "Try another way".
      await signOut(page);
      await enterPassword(page, email, password);
      await page.getByRole('button', { name: 'Try another way' }).click();
      await page.getByRole('button', { name: 'Backup code' }).click();
      const backupField = page.getByLabel('Backup code');
      expect(await backupField.getAttribute('inputmode')).toBe('text');
      await backupField.fill(codes[0]!);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/security/);
      await page.getByText('9 of 10 remaining').waitFor();

      // The same backup code is refused the second time.
      await signOut(page);
      await enterPassword(page, email, password);
      await page.getByRole('button', { name: 'Try another way' }).click();
      await page.getByRole('button', { name: 'Backup code' }).click();
      await page.getByLabel('Backup code').fill(codes[0]!);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /already used/ })
        .waitFor();
      expect(page.url()).toMatch(/\/signin/);

      await context.close();
    }, 90_000);
  },
);
