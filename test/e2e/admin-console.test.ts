import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
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
import { TEST_ADMIN, useBrowserSuite } from '../helpers/browser-suite.js';
import { signUpWithTOTP, type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;
const PASSWORD = 'member password 123';

function userRow(page: Page, email: string) {
  return page.locator('tbody tr').filter({ hasText: email });
}

describe.skipIf(!hasChromium)(
  `admin console: users and policy${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    const emails: Record<string, string> = {};

    useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));
    beforeAll(async () => {
      const token = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
      for (const name of ['locked', 'plain']) {
        emails[name] = uniqueEmail(`firstname.${name}-lastname`);
        const res = await server.request('POST', '/api/admin/users', {
          token,
          body: { email: emails[name], password: PASSWORD, role: 'member' },
        });
        if (name === 'locked')
          await server.stores.users.markPasswordThrottled(
            res.body.id,
            new Date(server.clock.now().getTime() + 3_600_000),
          );
      }
      emails.enrolled = (await signUpWithTOTP(server)).email;
    });

    it('links the Overview tiles to the filtered users table, which shows compliance and whole emails', async () => {
      const { page, context } = await newPage(browser);
      // A deep link on first load: sign in, land on the filtered table.
      await page.goto(`${server.url}/admin/users?compliance=not_required`);
      await page.waitForURL(/\/signin/);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await userRow(page, emails.plain!).waitFor();
      expect(await page.getByLabel('Compliance').inputValue()).toBe('not_required');
      expect(await userRow(page, emails.enrolled!).count()).toBe(0);

      // The Locked tile opens the table filtered to locked users.
      await page.goto(`${server.url}/admin`);
      await page.getByRole('link', { name: /Locked/ }).click();
      await page.waitForURL(/\/admin\/users\?locked=true/);
      await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
      await userRow(page, emails.locked!).waitFor();
      expect(await page.getByLabel('Status').inputValue()).toBe('true');

      // Everyone, at 1280 px: compliance per row, each email on one line.
      await page.goto(`${server.url}/admin/users`);
      await userRow(page, emails.enrolled!).getByText('Enrolled').waitFor();
      await userRow(page, emails.plain!).getByText('Not required').waitFor();
      await screenshot(page, 'admin-users-compliance-1280');
      // Never broken mid-word: the name wraps only at a dot or hyphen; at 1280 px a domain like
      // these (its parts, split after each dot, are `.nowrap`) stays on one line.
      const domains = await page.locator('.cell-email').evaluateAll((cells) =>
        cells.map((cell) => {
          const parts = [...cell.querySelectorAll(':scope > .nowrap')];
          return {
            email: cell.textContent,
            rects: Math.max(...parts.map((el) => el.getClientRects().length)),
            lines: new Set(parts.map((el) => Math.round(el.getBoundingClientRect().top))).size,
          };
        }),
      );
      expect(domains.length).toBe(4);
      expect(domains.filter((d) => d.rects !== 1 || d.lines !== 1)).toEqual([]);
      // Every column, the actions included, fits the box: nothing scrolls sideways.
      const wrap = await page
        .locator('.table-wrap')
        .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(wrap.scroll).toBeLessThanOrEqual(wrap.client);
      expect(await hasHorizontalScroll(page)).toBe(false);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'admin-users-compliance-375');
      await context.close();
    }, 60_000);

    it('on a phone, the section row scrolls to the current section and hints at the hidden ones', async () => {
      const { page, context } = await newPage(browser, { viewport: { width: 375, height: 800 } });
      await page.goto(`${server.url}/admin/audit`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Admin' }).locator('ul');
      const current = nav.locator('[aria-current="page"]');
      await expect
        .poll(async () => {
          const [box, link] = [await nav.boundingBox(), await current.boundingBox()];
          return !!box && !!link && link.x >= box.x && link.x + link.width <= box.x + box.width;
        })
        .toBe(true);
      // The row does scroll (the sections do not fit), so the hint has something to say.
      expect(await nav.evaluate((el) => el.scrollWidth > el.clientWidth && el.scrollLeft > 0)).toBe(true);
      await screenshot(page, 'admin-nav-375', { fullPage: false });
      await context.close();
    }, 60_000);

    it('says what enforcement will do before saving, then walks an admin without 2FA into setup', async () => {
      const { page, context } = await newPage(browser);
      await page.goto(`${server.url}/admin/policy`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { name: '2FA policy' }).waitFor();
      await page
        .getByRole('radiogroup', { name: 'Require two-factor authentication for' })
        .getByText('All users', { exact: true })
        .click();
      await page.getByLabel('Grace period').fill('7');
      await page.getByRole('button', { name: 'Save policy' }).click();
      const dialog = page.getByRole('dialog');
      // root, locked, plain, enrolled: 4 users; all but one without a factor.
      await dialog
        .getByText(
          /^Requires two-factor authentication for 4 users; 3 have not set it up; they get 7 days \(until .+\)\.$/,
        )
        .waitFor();
      await dialog.getByText('This includes you').waitFor();
      // Nothing saved yet.
      const before = await server.stores.settings.getPolicy();
      expect(before.enforcement.scope).toBe('none');
      await screenshot(page, 'admin-policy-confirm-1280', { fullPage: false });
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await hasHorizontalScroll(page)).toBe(false);
      await screenshot(page, 'admin-policy-confirm-375', { fullPage: false });
      await page.setViewportSize({ width: 1280, height: 860 });
      await dialog.getByRole('button', { name: 'Save policy' }).click();
      // Saved, and the admin is taken straight to set up their own second factor.
      await page.waitForURL(/\/setup/);
      await page.getByRole('button', { name: /Authenticator app/ }).waitFor();
      expect((await server.stores.settings.getPolicy()).enforcement.scope).toBe('all');
      await screenshot(page, 'admin-policy-then-setup');
      await context.close();
    }, 60_000);
  },
);
