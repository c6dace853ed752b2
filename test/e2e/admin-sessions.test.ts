import type { Browser } from 'playwright-core';
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
import { TEST_ADMIN, useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;

describe.skipIf(!hasChromium)(
  `an admin ends a user's sessions${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));

    it('from the users table: lists the sessions, signs out one, then everywhere', async () => {
      const adminToken = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session
        .token;
      const email = uniqueEmail('member');
      const password = 'member password 1';
      await server.request('POST', '/api/admin/users', {
        token: adminToken,
        body: { email, password, role: 'member' },
      });
      const signIn = async (agent: string) =>
        (
          await server.request('POST', '/api/auth/login', {
            body: { email, password },
            headers: { 'user-agent': agent },
          })
        ).body.session.token as string;
      const mac = await signIn('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Version/17.0 Safari/605.1.15');
      const phone = await signIn('Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36');

      const { context, page } = await newPage(browser);
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.waitForURL(/\/security|\/setup/);
      await page.goto(`${server.url}/admin/users?q=${encodeURIComponent(email)}`);
      await page.getByRole('button', { name: `Sessions of ${email}` }).click();
      const dialog = page.getByRole('dialog', { name: `Sessions of ${email}` });
      await dialog.locator('.factor-title', { hasText: 'Safari on macOS' }).waitFor();
      await dialog.locator('.factor-title', { hasText: 'Chrome on Android' }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'admin-user-sessions', { fullPage: false });

      await dialog.getByRole('button', { name: 'Sign out Safari on macOS' }).click();
      await page.getByText('Session signed out').waitFor();
      expect((await server.request('GET', '/api/auth/session', { token: mac })).status).toBe(401);
      expect((await server.request('GET', '/api/auth/session', { token: phone })).status).toBe(200);

      await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
      await dialog.getByText('No active sessions.').waitFor();
      expect((await server.request('GET', '/api/auth/session', { token: phone })).status).toBe(401);
      await context.close();
    }, 60_000);
  },
);
