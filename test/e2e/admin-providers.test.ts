import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cspViolationsOf,
  ensureWebBuild,
  hasChromium,
  hasHorizontalScroll,
  launchBrowser,
  newPage,
  screenshot,
  seriousAxeViolations,
  skipReason,
  submitPassword,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  type HttpStub,
  startTwilioStub,
  TWILIO_TEST_ACCOUNT,
  type TwilioRequest,
} from '../helpers/sms-stubs.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

warnIfSkipped();

const ADMIN = { email: 'root@example.com', password: 'admin password for tests' };
const SMTP_AUTH = { user: 'mailer', pass: 'browser-sink-secret-77' };

describe.skipIf(!hasChromium)(`admin console: Mail & SMS${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;
  let smtp: SmtpSink;
  let twilio: HttpStub<TwilioRequest>;

  beforeAll(async () => {
    await ensureWebBuild();
    smtp = await startSmtpSink({ auth: SMTP_AUTH });
    twilio = await startTwilioStub();
    [server, browser] = await Promise.all([
      startTestServer({
        webRoot: WEB_ROOT,
        env: {
          TWOFOLD_ADMIN_EMAIL: ADMIN.email,
          TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
          MAIL_FROM: 'Twofold <no-reply@twofold.test>',
        },
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await twilio?.close();
  });

  it('points mail and SMS at new providers from the page and sends a test through each', async () => {
    const { page, context } = await newPage(browser);
    await page.goto(server.url);
    await page.waitForURL(/\/signin/);
    await submitPassword(page, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Admin' }).first().click();
    await page.getByRole('link', { name: 'Mail & SMS' }).click();
    await page.waitForURL(/\/admin\/providers$/);
    await page.getByRole('heading', { name: 'Outgoing mail server' }).waitFor();
    // MAIL_FROM is set: the page says so and the field cannot be edited.
    expect(await page.getByText('come from MAIL_FROM').count()).toBe(1);
    expect(await page.locator('input[name=from]').first().isDisabled()).toBe(true);
    await screenshot(page, 'admin-providers-empty-1280');

    const mail = page.locator('form', { has: page.getByRole('heading', { name: 'Outgoing mail server' }) });
    await mail.locator('input[name=host]').fill('127.0.0.1');
    await mail.locator('input[name=port]').fill('70000');
    await mail.locator('select[name=security]').selectOption('none');
    await mail.locator('input[name=user]').fill(SMTP_AUTH.user);
    await mail.locator('input[name=password]').fill(SMTP_AUTH.pass);
    await mail.getByRole('button', { name: 'Save mail server' }).click();
    // The server names the field.
    await mail.locator('.field.has-error input[name=port]').waitFor();
    await mail.locator('input[name=port]').fill(String(smtp.port));
    await mail.getByRole('button', { name: 'Save mail server' }).click();
    await mail.getByText('Set here').waitFor();
    expect(await mail.locator('input[name=password]').inputValue()).toBe('');
    expect(await mail.locator('input[name=password]').getAttribute('placeholder')).toContain('Set');

    await mail.locator('input[name=test-email]').fill('ops@example.com');
    await mail.getByRole('button', { name: 'Send a test message' }).click();
    await page
      .getByTestId('test-result-email')
      .getByText(/Sent to .* via smtp/)
      .waitFor();
    const received = await smtp.waitFor((m) => m.to.includes('ops@example.com'));
    expect(received.subject).toBe('Twofold test message');

    const sms = page.locator('form', { has: page.getByRole('heading', { name: 'SMS provider' }) });
    await sms.locator('select[name=provider]').selectOption('twilio');
    await sms.locator('input[name=accountSid]').fill(TWILIO_TEST_ACCOUNT.TWILIO_ACCOUNT_SID);
    await sms.locator('input[name=authToken]').fill(TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN);
    await sms.locator('input[name=from]').fill(TWILIO_TEST_ACCOUNT.TWILIO_FROM);
    await sms.locator('input[name=apiUrl]').fill(twilio.url);
    await sms.getByRole('button', { name: 'Save SMS provider' }).click();
    await sms.getByText('Set here').waitFor();
    await sms.locator('input[name=test-sms]').fill('+14155552671');
    await sms.getByRole('button', { name: 'Send a test message' }).click();
    await page
      .getByTestId('test-result-sms')
      .getByText(/via twilio/)
      .waitFor();
    expect(twilio.requests.at(-1)!.password).toBe(TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN);

    // Neither secret is anywhere in the page.
    const html = await page.content();
    expect(html).not.toContain(SMTP_AUTH.pass);
    expect(html).not.toContain(TWILIO_TEST_ACCOUNT.TWILIO_AUTH_TOKEN);
    await screenshot(page, 'admin-providers-1280');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 375, height: 800 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'admin-providers-375');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });
});
