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
import { TEST_ADMIN, useBrowserSuite } from '../helpers/browser-suite.js';
import { signUpWithTOTP, type TestServer, totpCode } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;

/** The path, query and hash the page is on. */
function here(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}${url.hash}`;
}

async function enterPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await submitPassword(page, email, password);
}

/**
 * These start where a person starts — the server's root, or a link from an email — not at
 * `/signin`. Opening `/` signed out used to show a blank page: the hand-written router lost
 * a redirect made from a child effect before its own listener subscribed.
 */
describe.skipIf(!hasChromium)(`first run in the browser${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;

  useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));

  it('`/` signed out lands on sign-in; signed in it lands on the account page', async () => {
    const { context, page } = await newPage(browser);
    const user = await signUpWithTOTP(server);

    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/signin$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'first-run-root-signed-out');

    await enterPassword(page, user.email, user.password);
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
    await page.keyboard.type(totpCode(server, user.secret));
    await page.waitForURL(/\/security$/);
    await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();

    // A fresh visit to the root, signed in: the account page.
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/security$/);
    await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
    await screenshot(page, 'first-run-root-signed-in');

    // The header's links route in the page; a reload of any of them works as a deep link.
    await page.getByRole('banner').getByRole('link', { name: 'Outbox' }).click();
    await page.waitForURL(/\/dev\/outbox$/);
    await page.reload();
    await page.getByRole('banner').getByRole('link', { name: 'Security' }).waitFor();

    // Signing out from the header comes back to sign-in; `/` then shows sign-in again.
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/signin$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('a deep link signed out (`/security`) goes through sign-in with both steps and arrives there', async () => {
    const { context, page } = await newPage(browser);
    const user = await signUpWithTOTP(server);
    await page.goto(`${server.url}/security`);
    await page.waitForURL(/\/signin\?next=%2Fsecurity$/);
    await enterPassword(page, user.email, user.password);
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
    await page.keyboard.type(totpCode(server, user.secret));
    await page.waitForURL(/\/security$/);
    await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('an admin deep link with a query (`/admin/users?q=…`) signed out → sign in → that very page', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/admin/users?q=root`);
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/users?q=root');
    await screenshot(page, 'first-run-admin-deep-link-sign-in');
    await enterPassword(page, ADMIN.email, ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/admin/users');
    expect(here(page)).toBe('/admin/users?q=root');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.locator('tbody tr').filter({ hasText: ADMIN.email }).waitFor();
    expect(await page.getByLabel(/Search/).inputValue()).toBe('root');
    await screenshot(page, 'first-run-admin-deep-link-arrived');

    // `/admin` signed in opens the overview; the section links route in the page.
    await page.goto(`${server.url}/admin`);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('`next` only ever leads to a path on this origin (no open redirect)', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/signin`);
    await enterPassword(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/security$/);
    // Signed in, /signin sends the visitor straight on to `next` — or, refused, to /security.
    for (const next of [
      '//evil.example/',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example/',
      'javascript:alert(document.domain)',
      ' //evil.example',
      '/\t/evil.example',
      '/signin',
      '/api/auth/session',
    ]) {
      await page.goto(`${server.url}/signin?next=${encodeURIComponent(next)}`);
      await page.waitForURL((url) => url.pathname !== '/signin');
      expect(new URL(page.url()).origin, next).toBe(server.url);
      expect(here(page), next).toBe('/security');
    }
    await page.goto(`${server.url}/signin?next=${encodeURIComponent('/admin/orgs')}`);
    await page.waitForURL(/\/admin\/orgs$/);
    await context.close();
  });

  it('signed out: the dev outbox stands alone, an unknown page says so, /admin asks to sign in', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/dev/outbox`);
    await page
      .getByRole('heading', { name: /outbox/i })
      .first()
      .waitFor();
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.waitForURL(/\/signin$/);

    await page.goto(`${server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();

    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/signin\?next=%2Fadmin$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(cspViolationsOf(page)).toEqual([]);

    // The watcher sees what the policy refuses (so the empty lists above mean something).
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red }';
      document.head.append(style);
    });
    await expect.poll(() => cspViolationsOf(page).length).toBeGreaterThan(0);
    await context.close();
  });
});
