import type { Browser } from 'playwright-core';
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
import { TEST_ADMIN, useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;

/**
 * The organization policy form confirms an enforcement change with the server's dry run
 * (`POST /api/admin/orgs/:orgId/mfa/policy/preview`), as the system policy form does:
 * cancelling saves nothing; confirming saves.
 */
describe.skipIf(!hasChromium)(
  `organization policy confirmation in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));

    it('requiring 2FA shows who it affects; Cancel saves nothing, confirming saves', async () => {
      // An organization with two members, neither with a second factor.
      const root = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
      const org = await server.request('POST', '/api/admin/orgs', { token: root, body: { name: 'Globex' } });
      expect(org.status).toBe(201);
      for (const n of [1, 2]) {
        const member = await server.request('POST', '/api/admin/users', {
          token: root,
          body: {
            email: uniqueEmail(`globex${n}`),
            password: 'member password 123',
            role: 'member',
            orgId: org.body.id,
          },
        });
        expect(member.status).toBe(201);
      }
      const stored = async () =>
        (await server.request('GET', `/api/admin/orgs/${org.body.id}/mfa/policy`, { token: root })).body;

      const { page, context } = await newPage(browser);
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.waitForURL(/\/security/);
      await page.goto(`${server.url}/admin/orgs`);
      await page.getByRole('button', { name: 'Globex' }).click();
      await page.getByRole('heading', { name: 'Globex' }).waitFor();
      await page.getByText('Customize for this organization').click();
      await page.getByLabel('Require two-factor authentication for all members').check();
      await page.getByLabel('Grace period for members').fill('5');

      // The dry run, in the dialog: two members affected, both without 2FA, five days.
      await page.getByRole('button', { name: 'Save organization policy' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change who must use two-factor authentication?' });
      await dialog.waitFor();
      const text = await dialog.getByTestId('org-policy-preview').textContent();
      expect(text).toMatch(/Requires two-factor authentication for 2 users/);
      expect(text).toMatch(/2 have not set it up/);
      expect(text).toMatch(/5 days/);
      await screenshot(page, 'org-policy-confirm', { fullPage: false });

      // Cancel: nothing saved, the form keeps the admin's choices.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await stored()).requireForAllMembers).not.toBe(true);
      expect(await page.getByLabel('Require two-factor authentication for all members').isChecked()).toBe(
        true,
      );

      // Confirm: saved.
      await page.getByRole('button', { name: 'Save organization policy' }).click();
      await dialog.getByRole('button', { name: 'Save organization policy' }).click();
      await page.getByText('Policy saved for Globex').waitFor();
      const saved = await stored();
      expect(saved).toMatchObject({ useSystemPolicy: false, requireForAllMembers: true, gracePeriodDays: 5 });

      // The requirement stays on, the grace period changes: the dry run says whose deadline moves.
      // (After a save the page reloads the organization's policy into the form: let it land first.)
      await page.waitForLoadState('networkidle');
      await page.getByLabel('Grace period for members').fill('10');
      expect(await page.getByLabel('Grace period for members').inputValue()).toBe('10');
      await page.getByRole('button', { name: 'Save organization policy' }).click();
      await dialog.waitFor();
      const moved = await dialog.getByTestId('org-policy-preview').textContent();
      expect(moved).toMatch(/2 have not set it up/);
      expect(moved).toMatch(/The setup deadline changes for 2 users who have not set it up\./);
      await screenshot(page, 'org-policy-confirm-grace', { fullPage: false });
      await dialog.getByRole('button', { name: 'Save organization policy' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await stored()).gracePeriodDays).toBe(10);

      // A change that is not an enforcement change (the methods) saves without asking.
      await page.waitForLoadState('networkidle');
      await page.getByLabel('Email code').uncheck();
      await page.getByRole('button', { name: 'Save organization policy' }).click();
      await expect.poll(async () => (await stored()).methods).not.toContain('email');
      expect(await dialog.isVisible()).toBe(false);
      expect(cspViolationsOf(page)).toEqual([]);
      await context.close();
    }, 90_000);
  },
);
