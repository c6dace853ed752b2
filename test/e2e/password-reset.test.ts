import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  newPage,
  screenshot,
  seriousAxeViolations,
  skipReason,
  submitPassword,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { resetLinkIn } from '../helpers/recovery.js';
import { signUpWithTOTP, startTestServer, type TestServer, totpCode } from '../helpers/server.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

warnIfSkipped();

describe.skipIf(!hasChromium)(`password reset in the browser${skipReason ? ` (${skipReason})` : ''}`, () => {
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
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('from the sign-in page to a new password by the emailed link, then password and TOTP again', async () => {
    const user = await signUpWithTOTP(server);
    const newPassword = 'a brand new passphrase';
    const { context, page } = await newPage(browser);

    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgot password?' }).waitFor();
    await screenshot(page, 'password-reset-0-sign-in', { fullPage: false });
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(user.email);
    await screenshot(page, 'password-reset-1-forgot', { fullPage: false });
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'password-reset-2-check-email', { fullPage: false });

    const mail = await smtp.waitFor(
      (m) => m.to.includes(user.email) && /reset your password/.test(m.subject),
    );
    const { link } = resetLinkIn(mail);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    // The token is taken out of the address bar once read.
    expect(page.url()).not.toContain('token');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill('not the same');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The two passwords don’t match.').waitFor();
    await page.getByLabel('Confirm new password').fill(newPassword);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'password-reset-3-new-password', { fullPage: false });
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password was changed').waitFor();
    await screenshot(page, 'password-reset-4-done', { fullPage: false });
    // Nobody was signed in by the reset.
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'twofold_session')).toBeUndefined();

    // The same link does not work twice (opened again from the mail, in a new tab).
    const again = await context.newPage();
    await again.goto(link);
    await again.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await again.getByLabel('New password', { exact: true }).fill('another new passphrase');
    await again.getByLabel('Confirm new password').fill('another new passphrase');
    await again.getByRole('button', { name: 'Set new password' }).click();
    await again.getByRole('heading', { name: 'This link doesn’t work' }).waitFor();
    await screenshot(again, 'password-reset-5-link-used', { fullPage: false });
    await again.close();

    // Sign in: the new password, then the authenticator app as usual.
    await page.goto(`${server.url}/signin`);
    await submitPassword(page, user.email, newPassword);
    await page.getByLabel('Verification code').waitFor();
    await screenshot(page, 'password-reset-6-second-step', { fullPage: false });
    server.clock.advanceSeconds(30);
    await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
    await page.waitForURL(/\/security/);
    await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
    await context.close();
  }, 60_000);

  it('lists sessions on the security page, signs out everywhere else, and changes the password', async () => {
    const user = await signUpWithTOTP(server);
    // Another session elsewhere (the sign-up's API session).
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/signin`);
    await submitPassword(page, user.email, user.password);
    server.clock.advanceSeconds(30);
    await page.getByLabel('Verification code').fill(totpCode(server, user.secret));
    await page.waitForURL(/\/security/);

    const card = page.locator('section', {
      has: page.getByRole('heading', { name: 'Where you’re signed in' }),
    });
    await card.getByText('This device').waitFor();
    expect(await card.locator('li').count()).toBe(2);
    await screenshot(page, 'security-sessions');
    await card.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere else' }).click();
    await page.getByText('Signed out of every other session').waitFor();
    await expect.poll(() => card.locator('li').count()).toBe(1);
    expect((await server.request('GET', '/api/auth/session', { token: user.token })).status).toBe(401);

    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill(user.password);
    await page.getByLabel('New password', { exact: true }).fill('changed passphrase 42');
    await page.getByLabel('Confirm new password').fill('changed passphrase 42');
    await screenshot(page, 'security-change-password', { fullPage: false });
    await page.locator('form.password-form').getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions were signed out.').waitFor();
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: 'changed passphrase 42' },
    });
    expect(login.body.status).toBe('mfa_required');
    await context.close();
  }, 60_000);
});
