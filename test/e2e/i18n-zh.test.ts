import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  cspViolationsOf,
  hasChromium,
  newPage,
  screenshot,
  skipReason,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { type TestServer, totpCode, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

/**
 * Latin-letter words a Chinese page may show: the product name, names of products and
 * standards, the languages in the picker (each in its own language), and what the browser
 * reports about itself (the user agent of a session).
 */
const ALLOWED = new Set([
  'Twofold',
  'TOTP',
  'SMS',
  'otpauth',
  'Google',
  'Microsoft',
  'Authenticator',
  'Password',
  'Authy',
  'YubiKey',
  'Touch',
  'Windows',
  'Hello',
  'PIN',
  'English',
  'Deutsch',
  'Español',
  'Français',
  'Chrome',
  'Linux',
  'API',
]);

/**
 * Every word of three or more Latin letters on the page (text, aria-label, title,
 * placeholder, alt and the document title) that is not allowed: English left untranslated.
 * `remove` are values the user or the server made (the e-mail address, the TOTP key, backup codes).
 */
async function englishLeft(page: Page, remove: readonly string[] = []): Promise<string[]> {
  const text = await page.evaluate(() => {
    const visible = document.body.innerText;
    const labels = [...document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => el.getAttribute(name) ?? ''),
    );
    return [visible, ...labels, document.title].join('\n');
  });
  let rest = text;
  for (const value of remove) rest = rest.replaceAll(value, ' ');
  rest = rest.replace(/\b[a-z0-9]{5}-[a-z0-9]{5}\b/g, ' '); // backup codes
  return (rest.match(/[A-Za-zÀ-ÿ]{3,}/g) ?? []).filter((word) => !ALLOWED.has(word));
}

describe.skipIf(!hasChromium)(`the UI for a Chinese browser${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;

  useBrowserSuite({}, (started) => ({ server, browser } = started));

  it('signs up, sets up the authenticator app, saves backup codes and reaches the security page without English; the picker turns it German', async () => {
    const email = uniqueEmail('zh');
    const password = 'correct horse battery staple';
    const { context, page } = await newPage(browser, { locale: 'zh-CN' });

    // Arriving at / with a Chinese browser: the sign-in page speaks Chinese.
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await screenshot(page, 'zh-sign-in');
    expect(await englishLeft(page)).toEqual([]);

    // Sign-up, with the field errors in Chinese.
    await page.getByRole('link', { name: '创建帐户' }).click();
    await page.getByRole('heading', { name: '创建您的帐户' }).waitFor();
    await page.getByRole('button', { name: '创建帐户' }).click();
    await page.getByText('请输入电子邮件地址，例如 name@example.com。', { exact: true }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('。.');
    await screenshot(page, 'zh-sign-up');
    expect(await englishLeft(page, ['name@example.com'])).toEqual([]);
    await page.getByLabel('电子邮件', { exact: true }).fill(email);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '创建帐户' }).click();

    // The wizard: choose the authenticator app.
    await page.waitForURL(/\/setup/);
    await page.getByRole('heading', { name: '欢迎！请保护您的帐户' }).waitFor();
    await screenshot(page, 'zh-setup-choose');
    expect(await englishLeft(page, [email])).toEqual([]);
    await page.getByRole('button', { name: /身份验证器应用/ }).click();

    // The scan step: the key is read from the page, as a person typing it would.
    await page.getByRole('heading', { name: '扫描二维码' }).waitFor();
    await page.getByRole('button', { name: '无法扫描？请输入此密钥' }).click();
    const grouped = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(grouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const secret = grouped.replace(/\s+/g, '');
    const qr = page.getByRole('img', { name: /二维码/ });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'zh-setup-scan');
    expect(await englishLeft(page, [email, grouped])).toEqual([]);
    await page.getByRole('button', { name: '继续' }).click();

    // The code from the app; six digits submit themselves.
    const codeField = page.getByLabel('6 位验证码');
    await page.getByRole('heading', { name: '输入应用中的验证码' }).waitFor();
    await screenshot(page, 'zh-setup-verify');
    expect(await englishLeft(page, [email])).toEqual([]);
    await codeField.fill(totpCode(server, secret));

    // The backup codes.
    await page.getByRole('heading', { name: '保存您的备用码' }).waitFor();
    await screenshot(page, 'zh-setup-backup-codes');
    expect(await englishLeft(page, [email])).toEqual([]);
    await page.getByLabel('我已保存备用码').check();
    await page.getByRole('button', { name: '完成' }).click();

    // The security page.
    await page.waitForURL(/\/security/);
    await page.getByRole('heading', { name: '双因素认证已开启' }).waitFor();
    await page.getByRole('heading', { name: '近期安全活动' }).waitFor();
    await page.locator('.activity li').first().waitFor();
    expect(await page.title()).toContain('帐户安全');
    await screenshot(page, 'zh-security');
    expect(await englishLeft(page, [email])).toEqual([]);

    // The header's picker turns the page German at once.
    await page.getByRole('banner').getByLabel('语言').selectOption('de');
    await page.getByRole('heading', { name: 'Kontosicherheit' }).waitFor();
    await page
      .getByRole('heading', { name: 'Die Zwei-Faktor-Authentifizierung ist eingeschaltet' })
      .waitFor();
    await page.getByRole('heading', { name: 'Anmeldemethoden' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await screenshot(page, 'zh-security-switched-de');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });
});
