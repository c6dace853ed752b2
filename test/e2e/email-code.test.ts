import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
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
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  text: string;
}

describe.skipIf(!hasChromium)(`email codes in the browser${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;
  /** Null when the email routes and the dev outbox are there; otherwise why the spec skips. */
  let missing: string | null = null;

  useBrowserSuite({}, (started) => ({ server, browser } = started));
  beforeAll(async () => {
    const setup = await server.request('POST', '/api/mfa/email/setup', { body: {} });
    const outbox = await server.request('GET', '/api/dev/outbox');
    if (setup.status === 404) missing = 'POST /api/mfa/email/setup answers 404 (email codes not there yet)';
    else if (outbox.status === 404) missing = 'GET /api/dev/outbox answers 404 (no dev outbox)';
    if (missing) console.warn(`email browser spec skipped: ${missing}`);
  });

  /** Waits for a message to `to` that is not in `seen`, and returns its 6-digit code. */
  async function nextCode(to: string, seen: Set<string>): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const { body } = await server.request('GET', '/api/dev/outbox');
      // Newest first; notifications (no code) to the same address are passed over.
      const message = (body.messages as OutboxMessage[]).find(
        (m) => m.to === to && !seen.has(m.id) && /\b\d{6}\b/.test(m.text),
      );
      const code = message?.text.match(/\b\d{6}\b/)?.[0];
      if (message && code) {
        seen.add(message.id);
        return code;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no new code for ${to} in the outbox`);
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
  }

  it('sets up email codes and signs in with a code read from the dev outbox', async (ctx) => {
    if (missing) ctx.skip(missing);
    const { context, page } = await newPage(browser);
    const email = uniqueEmail('emily');
    const password = 'correct horse battery staple';
    const seen = new Set<string>();

    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: /Email code/ }).click();

    // The address defaults to the account's; send, then type the code from the outbox.
    const address = page.getByLabel('Email address for codes');
    expect(await address.inputValue()).toBe(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.getByText(/Resend code in \d:\d\d/).waitFor();
    await page.getByLabel('6-digit code').fill(await nextCode(email, seen));
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await page.getByLabel('I have saved my backup codes').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL(/\/security/);
    await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();

    // Sign in again: the preferred method is email; "Send code" shows the masked address.
    await signOut(page);
    await submitPassword(page, email, password);
    await page.getByRole('heading', { name: 'Get a code by email' }).waitFor();
    // The enrollment code opened the resend cooldown (per account): step past it on the server's clock.
    server.clock.advanceSeconds(31);
    await page.getByRole('button', { name: 'Send code' }).click();
    const destination = await page.locator('.destination').textContent();
    expect(destination).toContain('*');
    expect(destination).not.toBe(email);
    const resend = page.getByRole('button', { name: /Resend code in \d:\d\d/ });
    expect(await resend.isDisabled()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-email-code');
    await page.getByLabel('Verification code').fill(await nextCode(email, seen));
    await page.waitForURL(/\/security/);

    // Later, removing the method asks for a fresh check, which an emailed code can pass.
    server.clock.advanceSeconds(6 * 60);
    await page.getByRole('button', { name: /Remove/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    const recheck = page.getByRole('dialog', { name: 'Confirm it’s you' });
    await recheck.getByRole('button', { name: 'Use a code by email' }).click();
    await recheck.getByRole('button', { name: 'Send code' }).click();
    await recheck.getByLabel('Code from the email').fill(await nextCode(email, seen));
    await recheck.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication is off' }).waitFor();

    // The outbox page lists the messages the server would have sent.
    await page.goto(`${server.url}/dev/outbox`);
    await page.locator('.outbox-item').first().waitFor();
    expect(await page.locator('.outbox-item', { hasText: email }).count()).toBeGreaterThanOrEqual(2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'dev-outbox');
    // The setup wizard (QR code as a data: image), sign-in and this page ran under the server's CSP.
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
