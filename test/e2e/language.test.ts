import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogText } from '../../src/i18n/catalog.js';
import {
  cspViolationsOf,
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  newPage,
  screenshot,
  skipReason,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import {
  signUpWithTOTP,
  startTestServer,
  type TestServer,
  totpCode,
  uniqueEmail,
} from '../helpers/server.js';

warnIfSkipped();

/** Words allowed to stay in Latin letters on a Chinese page: the product name and each language's own name in the picker. */
const ALLOWED = ['Twofold', 'English', 'Deutsch', 'Español', 'Français'];

/** Latin-letter words on the page that are not in {@link ALLOWED}: English that was left untranslated. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const visible = document.body.innerText;
    const labels = [...document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => el.getAttribute(name) ?? ''),
    );
    return [visible, ...labels, document.title].join('\n');
  });
  let rest = text;
  for (const word of ALLOWED) rest = rest.replaceAll(word, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe.skipIf(!hasChromium)(`the UI in another language${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;

  useBrowserSuite({}, (started) => ({ server, browser } = started));

  it('switches the sign-in page to Chinese with the picker: no English remains, <html lang> follows', async () => {
    const user = await signUpWithTOTP(server);
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.title()).toContain('登录');
    await screenshot(page, 'language-sign-in-zh-CN');
    expect(await latinWords(page)).toEqual([]);

    // The field errors are in Chinese too.
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByText('请输入您的电子邮件地址。').waitFor();
    expect(await latinWords(page)).toEqual([]);

    // The choice is kept on this browser.
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();

    // The second step speaks Chinese as well.
    await page.getByLabel('电子邮件', { exact: true }).fill(user.email);
    await page.getByLabel('密码', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { name: '输入身份验证器应用中的验证码' }).waitFor();
    await screenshot(page, 'language-second-step-zh-CN');
    await page.getByLabel('验证码', { exact: true }).fill(totpCode(server, user.secret));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/security/);

    // Signed in, the header's picker saves the language to the account (emails follow it).
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.getByRole('banner').getByLabel('语言').selectOption('de');
    await page.getByRole('banner').getByRole('button', { name: 'Abmelden' }).waitFor();
    // The security page itself follows at once, not only the header.
    await page.getByRole('heading', { name: 'Kontosicherheit' }).waitFor();
    await page
      .getByRole('heading', { name: 'Die Zwei-Faktor-Authentifizierung ist eingeschaltet' })
      .waitFor();
    await page.getByRole('heading', { name: 'Letzte Sicherheitsaktivitäten' }).waitFor();
    await expect.poll(async () => (await server.stores.users.findById(user.userId))?.locale).toBe('de');
    await screenshot(page, 'language-security-de');
    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('a browser asking for French gets French before anything is chosen', async () => {
    const { context, page } = await newPage(browser, { locale: 'fr-FR' });
    await page.goto(`${server.url}/signin`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await context.close();
  });

  it('a password the server refuses is explained in French, not in the server’s English', async () => {
    const { context, page } = await newPage(browser, { locale: 'fr-FR' });
    await page.goto(`${server.url}/signup`);
    await page.getByRole('heading', { name: 'Créez votre compte' }).waitFor();
    await page.getByLabel('E-mail').fill(uniqueEmail('fr'));
    await page.getByLabel('Mot de passe').fill('password1');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    const message = catalogText('fr', 'web.common.field.passwordCommon');
    await page.getByText(message).waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/too common|easy to guess/);
    await screenshot(page, 'language-signup-refused-fr');
    await context.close();
  });
});

describe.skipIf(!hasChromium)(
  `message templates in the admin console${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;
    const ADMIN = { email: 'root@lang.test', password: 'root password 123' };

    beforeAll(async () => {
      await ensureWebBuild();
      [server, browser] = await Promise.all([
        startTestServer({
          webRoot: WEB_ROOT,
          env: { TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password },
        }),
        launchBrowser(),
      ]);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('an admin rewords the Chinese sign-in SMS, is refused without {code}, previews, saves and resets it', async () => {
      const { context, page } = await newPage(browser);
      await page.goto(`${server.url}/admin/templates`);
      await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Message templates' }).waitFor();
      await page.getByLabel('Language', { exact: true }).selectOption('zh-CN');
      const sms = page.getByLabel('SMS text');
      await expect.poll(() => sms.inputValue()).toContain('{code}');

      await sms.fill('您的验证码是 {product}');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('a code message must contain {code}').first().waitFor();

      await sms.fill('{code} 是您的 {product} 验证码，{minutes}内有效。');
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByText('123456 是您的 Twofold 验证码，5 分钟内有效。').waitFor();
      await page.getByText(/UCS-2/).first().waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Edited', { exact: true }).waitFor();
      await screenshot(page, 'admin-templates-zh-CN');
      await page.getByRole('button', { name: 'Reset to default' }).click();
      await page.getByText('Default', { exact: true }).waitFor();
      expect(cspViolationsOf(page)).toEqual([]);
      await context.close();
    });
  },
);
