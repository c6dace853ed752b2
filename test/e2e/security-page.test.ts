import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
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
import { type EnrolledUser, signUpWithTOTP, type TestServer, totpCode } from '../helpers/server.js';

warnIfSkipped();

describe.skipIf(!hasChromium)(
  `account security page in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({}, (started) => ({ server, browser } = started));

    async function signIn(page: Page, user: EnrolledUser): Promise<void> {
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, user.email, user.password);
      server.clock.advanceSeconds(30);
      // A pasted code with a space ("123 456") is cleaned and submits itself.
      const code = totpCode(server, user.secret);
      await page.getByLabel('Verification code').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
      await page.waitForURL(/\/security/);
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
    }

    it('asks for a fresh check when it is stale, regenerates backup codes once, and turns 2FA off', async () => {
      const user = await signUpWithTOTP(server);
      const { context, page } = await newPage(browser);
      await signIn(page, user);

      // Six minutes later the sign-in no longer counts as a recent check.
      server.clock.advanceSeconds(6 * 60);
      await page.getByRole('button', { name: 'Generate new codes' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Generate new codes' }).click();
      const recheck = page.getByRole('dialog', { name: 'Confirm it’s you' });
      await recheck.waitFor();
      // A wrong password is refused inside the dialog.
      await recheck.getByLabel('Password').fill('not the password');
      await recheck.getByRole('button', { name: 'Continue' }).click();
      await recheck.getByRole('alert').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'security-recheck-dialog', { fullPage: false });
      // An authenticator code works as the re-check too.
      await recheck.getByRole('button', { name: 'Use your authenticator app' }).click();
      server.clock.advanceSeconds(30);
      await recheck.getByLabel('Authentication code').fill(totpCode(server, user.secret));
      await recheck.getByRole('button', { name: 'Continue' }).click();

      // The action is retried and the new codes are shown once, with the same download.
      const codesDialog = page.getByRole('dialog', { name: 'Your new backup codes' });
      await codesDialog.waitFor();
      const codes = (await codesDialog.locator('ol.code-grid code').allTextContents()).map((c) => c.trim());
      expect(codes).toHaveLength(10);
      expect(codes).not.toContain(user.backupCodes[0]);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        codesDialog.getByRole('button', { name: 'Download' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`twofold-backup-codes-${user.email}.txt`);
      const text = await readFile(await download.path(), 'utf8');
      for (const code of codes) expect(text).toContain(`\n${code}\n`);
      await codesDialog.getByLabel('I have saved my backup codes').check();
      await codesDialog.getByRole('button', { name: 'Done' }).click();
      await page.getByText('10 of 10 remaining').waitFor();

      // Turning 2FA off (policy allows it here) removes every method.
      await page.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Turn off' }).click();
      await page.getByRole('heading', { name: 'Two-factor authentication is off' }).waitFor();
      await page.getByText('No methods yet.').waitFor();
      await page.getByText('Two-factor authentication turned off').first().waitFor();
      await context.close();
    }, 60_000);
  },
);
