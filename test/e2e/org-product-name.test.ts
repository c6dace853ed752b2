import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  cspViolationsOf,
  hasChromium,
  newPage,
  screenshot,
  seriousAxeViolations,
  skipReason,
  submitPassword,
  warnIfSkipped,
} from '../helpers/browser.js';
import { TEST_ADMIN, useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;
const PASSWORD = 'org admin password 123';

/**
 * Per-organization product name in messages (issue 16 item 9) in the real console: a
 * system admin gives a new organization its own name and sees the example subject
 * line follow the field; the organization's own admin then clears it, back to "Twofold".
 */
describe.skipIf(!hasChromium)(
  `organization product name in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));

    it('a system admin sets it with a live subject preview; the org admin clears it', async () => {
      const { page, context } = await newPage(browser);
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.waitForURL(/\/security/);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
      await page
        .getByRole('navigation', { name: 'Admin' })
        .getByRole('link', { name: 'Organizations' })
        .click();
      await page.getByLabel('New organization name').fill('Acme Corp');
      await page.getByRole('button', { name: 'Create organization' }).click();
      await page.getByRole('heading', { name: 'Acme Corp' }).waitFor();

      const field = page.getByLabel('Product name in messages');
      const preview = page.getByTestId('product-name-preview');
      // Empty: the system's name, said in the help text and shown in the example.
      expect(await field.inputValue()).toBe('');
      await page.getByText('instead of “Twofold”').waitFor();
      await preview.getByText('123456 is your Twofold verification code').waitFor();
      await field.fill('Acme Secure');
      await preview.getByText('123456 is your Acme Secure verification code').waitFor();
      await page.getByRole('button', { name: 'Save product name' }).click();
      await page.getByText('Product name saved for Acme Corp').waitFor();
      await screenshot(page, 'org-product-name');
      expect(await seriousAxeViolations(page)).toEqual([]);

      const token = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
      const orgs = (await server.request('GET', '/api/admin/orgs', { token })).body.orgs;
      const acme = orgs.find((o: { name: string }) => o.name === 'Acme Corp');
      expect(acme.productName).toBe('Acme Secure');
      // The saved name is what the form shows after a reload.
      await page.reload();
      await page.getByRole('heading', { name: 'Acme Corp' }).waitFor();
      await page.getByRole('button', { name: 'Acme Corp' }).click();
      await expect.poll(() => page.getByLabel('Product name in messages').inputValue()).toBe('Acme Secure');
      expect(cspViolationsOf(page)).toEqual([]);
      await context.close();

      // The organization's own admin may change it too: cleared, the messages say "Twofold" again.
      const orgAdmin = uniqueEmail('orgadmin');
      const created = await server.request('POST', '/api/admin/users', {
        token,
        body: { email: orgAdmin, password: PASSWORD, role: 'org_admin', orgId: acme.id },
      });
      expect(created.status).toBe(201);
      const second = await newPage(browser);
      await second.page.goto(`${server.url}/signin`);
      await submitPassword(second.page, orgAdmin, PASSWORD);
      await second.page.waitForURL(/\/security|\/setup/);
      await second.page.goto(`${server.url}/admin/orgs`);
      const own = second.page.getByLabel('Product name in messages');
      await expect.poll(() => own.inputValue()).toBe('Acme Secure');
      await own.fill('');
      await second.page
        .getByTestId('product-name-preview')
        .getByText('123456 is your Twofold verification code')
        .waitFor();
      await second.page.getByRole('button', { name: 'Save product name' }).click();
      await second.page.getByText('Product name saved for Acme Corp').waitFor();
      await screenshot(second.page, 'org-product-name-org-admin');
      const after = (await server.request('GET', '/api/admin/orgs', { token })).body.orgs;
      expect(after.find((o: { id: string }) => o.id === acme.id).productName).toBeNull();
      await second.context.close();
    });
  },
);
