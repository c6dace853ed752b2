/**
 * Issue 16, the end user's items in the real UI: refused codes say why and what is at stake
 * (4), Remove / Turn off are decided before asking (2), backup codes cannot be skipped silently
 * (3), enrolling on a phone (5), one vocabulary (10). Screenshots at 1280 and 375 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolationsOf,
  ensureWebBuild,
  hasChromium,
  hasHorizontalScroll,
  launchBrowser,
  newPage,
  screenshot,
  skipReason,
  submitPassword,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { emailCodeFor, enableSMS, PASSWORD } from '../helpers/otp.js';
import {
  type EnrolledUser,
  signUpWithTOTP,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

warnIfSkipped();

const PHONE = { width: 375, height: 812 };

describe.skipIf(!hasChromium)(`end-user screens of issue 16${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let smtp: SmtpSink;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuild();
    smtp = await startSmtpSink();
    [server, browser] = await Promise.all([
      startTestServer({
        webRoot: WEB_ROOT,
        env: { SMTP_URL: smtp.url, MAIL_FROM: 'Twofold <no-reply@twofold.test>' },
      }),
      launchBrowser(),
    ]);
    await enableSMS(server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  async function setEnforcement(scope: 'none' | 'all') {
    const policy = await server.stores.settings.getPolicy();
    policy.enforcement = { ...policy.enforcement, scope, organizationIds: [], gracePeriodDays: 0 };
    await server.stores.settings.savePolicy(policy, server.clock.now());
  }

  /** A code none of the user's current window matches. */
  function wrongCode(secret: string): string {
    const window = [-1, 0, 1].map((d) => totpCode(server, secret, d));
    for (let n = 314159; ; n = (n + 1) % 1_000_000) {
      const code = String(n).padStart(6, '0');
      if (!window.includes(code)) return code;
    }
  }

  /** From `/`, signed out: the password, then the authenticator code; lands on the security page. */
  async function signInWithTOTP(page: Page, user: EnrolledUser): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/signin/);
    await submitPassword(page, user.email, user.password);
    server.clock.advanceSeconds(30);
    await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
    await page.waitForURL(/\/security/);
  }

  /** Both widths of one screen; the narrow one must not scroll sideways. */
  async function shootBoth(page: Page, name: string): Promise<void> {
    await page.setViewportSize({ width: 1280, height: 860 });
    await screenshot(page, `${name}-1280`);
    await page.setViewportSize(PHONE);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, `${name}-375`);
    await page.setViewportSize({ width: 1280, height: 860 });
  }

  it('item 4: a replayed code says "already used", and before the lockout the page says what is at stake', async () => {
    const user = await signUpWithTOTP(server);
    // Five wrong codes on an earlier sign-in: the account has five left before it locks.
    const earlier = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    for (let i = 0; i < 5; i++) {
      await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: earlier.body.mfaToken, method: 'totp', code: wrongCode(user.secret) },
      });
    }
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/signin/);
    await submitPassword(page, user.email, user.password);
    const field = page.getByLabel('Verification code');
    await field.fill(wrongCode(user.secret));
    await page
      .getByText('That code didn’t work. 4 more wrong codes lock your account for 15 minutes.')
      .waitFor();

    // The code that confirmed the app at sign-up is spent: a replay is told apart from a wrong code.
    server.clock.advanceSeconds(-30);
    await field.fill(totpCode(server, user.secret));
    await page
      .getByText(
        'This code was already used — wait for the next one in your app. 3 more wrong codes lock your account for 15 minutes.',
      )
      .waitFor();
    server.clock.advanceSeconds(30);
    await shootBoth(page, 'code-error-used-lockout');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('item 4: the right email code after it expired says so, with what to do', async () => {
    const email = uniqueEmail('late');
    const signup = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    const token = signup.body.session.token as string;
    let mark = smtp.messages.length;
    const setup = await server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    await server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId: setup.body.factorId, code: await emailCodeFor(smtp, email, mark) },
    });
    server.clock.advanceSeconds(31);

    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/security`);
    await page.waitForURL(/\/signin/);
    await submitPassword(page, email, PASSWORD);
    mark = smtp.messages.length;
    await page.getByRole('button', { name: 'Send code' }).click();
    const code = await emailCodeFor(smtp, email, mark);
    server.clock.advanceSeconds(301);
    await page.getByLabel('Verification code').fill(code);
    await page.getByText('This code has expired — send a new one. 4 attempts left.').waitFor();
    await shootBoth(page, 'code-error-expired');
    await context.close();
  }, 60_000);

  it('item 2 and 10: under enforcement Remove and Turn off are disabled with the reason, naming no organization', async () => {
    await setEnforcement('none');
    const user = await signUpWithTOTP(server);
    await setEnforcement('all');
    try {
      const { context, page } = await newPage(browser);
      await signInWithTOTP(page, user);
      await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
      const remove = page.getByRole('button', { name: /Remove/ });
      expect(await remove.isDisabled()).toBe(true);
      await page
        .getByText(
          'Your administrator requires two-factor authentication for your account, so you can’t remove your only usable method. Add another method first.',
        )
        .waitFor();
      expect(
        await page.getByRole('button', { name: 'Turn off two-factor authentication' }).isDisabled(),
      ).toBe(true);
      await page.getByText('Required by Twofold (the system policy)').waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toMatch(/organization|workspace|two-step|recovery code/i);
      await shootBoth(page, 'security-remove-blocked');
      await context.close();
    } finally {
      await setEnforcement('none');
    }
  }, 60_000);

  it('item 3: the backup codes step cannot be left silently — header links and the browser ask first', async () => {
    const email = uniqueEmail('codes');
    await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/setup`);
    await page.waitForURL(/\/signin/);
    await submitPassword(page, email, PASSWORD);
    await page.waitForURL(/\/setup|\/security/);
    if (!page.url().includes('/setup')) await page.goto(`${server.url}/setup`);
    await page.getByRole('button', { name: /Authenticator app/ }).click();
    await page.getByRole('button', { name: 'Can’t scan? Enter this key' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('6-digit code').fill(totpCode(server, secret));
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await page.getByText('This is the only time these codes are shown.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
    await shootBoth(page, 'setup-backup-codes');

    // The header's link asks; declining keeps the user on the step.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    expect(asked).toEqual([expect.stringMatching(/^confirm: .*saved your backup codes/)]);
    expect(new URL(page.url()).pathname).toBe('/setup');

    // Closing or reloading the tab: the page cancels beforeunload, so the browser asks.
    const cancels = () =>
      page.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    expect(await cancels()).toBe(true);
    // Ticked: nothing is asked any more.
    await page.getByLabel('I have saved my backup codes').check();
    // The guard is dropped by an effect after the re-render, not synchronously with the click.
    await expect.poll(cancels).toBe(false);
    await context.close();
  }, 60_000);

  it('item 3: once ticked, Done leaves without a question', async () => {
    const email = uniqueEmail('ticked');
    await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/signin?next=/setup`);
    await submitPassword(page, email, PASSWORD);
    await page.waitForURL(/\/setup/);
    await page.getByRole('button', { name: /Authenticator app/ }).click();
    await page.getByRole('button', { name: 'Can’t scan? Enter this key' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('6-digit code').fill(totpCode(server, secret));
    let asked = false;
    page.on('dialog', (dialog) => {
      asked = true;
      void dialog.dismiss();
    });
    await page.getByLabel('I have saved my backup codes').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL(/\/security/);
    expect(asked).toBe(false);
    await context.close();
  }, 60_000);

  it('item 5: on a phone the authenticator step leads with "Open in authenticator app" and the key; the QR code comes second', async () => {
    const email = uniqueEmail('phone');
    await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    const { context, page } = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto(`${server.url}/signin?next=/setup`);
    await submitPassword(page, email, PASSWORD);
    await page.waitForURL(/\/setup/);
    await page.getByRole('button', { name: /Authenticator app/ }).click();
    const open = page.getByRole('link', { name: 'Open in authenticator app' });
    await open.waitFor();
    expect(await open.getAttribute('href')).toMatch(/^otpauth:\/\/totp\/Twofold:.*secret=[A-Z2-7]+/);
    expect(await page.getByTestId('totp-secret').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Copy key' }).isVisible()).toBe(true);
    expect(await page.locator('.qr-frame img').count()).toBe(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'setup-totp-phone-375');
    await page.getByRole('button', { name: 'Show the QR code to scan from another device' }).click();
    await page.locator('.qr-frame img').waitFor();
    await context.close();

    // On a desktop the QR code leads, as before.
    const desk = await newPage(browser);
    await desk.page.goto(`${server.url}/signin?next=/setup`);
    await submitPassword(desk.page, email, PASSWORD);
    await desk.page.waitForURL(/\/setup/);
    await desk.page.getByRole('button', { name: /Authenticator app/ }).click();
    await desk.page.locator('.qr-frame img').waitFor();
    expect(await desk.page.getByRole('link', { name: 'Open in authenticator app' }).count()).toBe(0);
    await screenshot(desk.page, 'setup-totp-desktop-1280');
    await desk.context.close();
  }, 60_000);

  it('item 5: a phone number is a country and the national number, sent as E.164', async () => {
    const email = uniqueEmail('sms');
    const signup = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/signin?next=/setup`);
    await submitPassword(page, email, PASSWORD);
    await page.waitForURL(/\/setup/);
    await page.getByRole('button', { name: /Text message/ }).click();
    const country = page.getByLabel('Country');
    expect(await country.inputValue()).toBe('US');
    await country.selectOption('GB');
    await page.getByLabel('Mobile phone number').fill('07400 123456');
    await shootBoth(page, 'setup-phone-country');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('heading', { name: 'Check your phone' }).waitFor();
    const factors = await server.stores.database.db
      .selectFrom('factors')
      .select(['destination'])
      .where('user_id', '=', signup.body.user.id)
      .execute();
    expect(factors.map((f) => f.destination)).toEqual(['+447400123456']);
    await context.close();
  }, 60_000);
});
