import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { signUpWithTOTP, type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;
const LOCALES = join(import.meta.dirname, '..', '..', 'src', 'i18n', 'locales');

/** Every word of 3+ letters in a catalog's texts, lower-cased. */
function catalogWords(locale: string): Set<string> {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') texts.push(node.replace(/\{\w+\}/g, ' '));
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(JSON.parse(readFileSync(join(LOCALES, `${locale}.json`), 'utf8')));
  return new Set(
    texts
      .join(' ')
      .toLowerCase()
      .match(/[a-z]{3,}/g) ?? [],
  );
}

/**
 * English words: those of the English catalog that the German one does not use (so "Status",
 * "Browser" or "System", the same in both, do not count), and the little words of English prose.
 */
const german = catalogWords('de');
const ENGLISH = new Set(
  [
    ...catalogWords('en'),
    ...'the and for with from this that not are has have was were will you your all any none more shown no yes'.split(
      ' ',
    ),
  ].filter((word) => !german.has(word)),
);

/** Names, formats and codes that stay as they are in every language. */
const ALLOWED = [
  'Twofold',
  'English',
  'Español',
  'Français',
  'TOTP',
  'SMS',
  'API',
  'OIDC',
  'CSV',
  'JSON Lines',
  'NIST',
];

/** English words left on the page: visible text, aria-labels and placeholders, minus e-mail addresses. */
async function englishWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // The audit log's Details column quotes each event's stored details (field names and values) as data.
    const data = [...document.querySelectorAll<HTMLElement>('.audit-table td:last-child')].map(
      (td) => td.innerText,
    );
    let visible = document.body.innerText;
    for (const cell of data) if (cell) visible = visible.replace(cell, ' ');
    const labels = [...document.querySelectorAll('[aria-label],[placeholder]')].flatMap((el) =>
      ['aria-label', 'placeholder'].map((name) => el.getAttribute(name) ?? ''),
    );
    return [visible, ...labels, document.title].join('\n');
  });
  let rest = text.replace(/\S+@\S+/g, ' ');
  for (const word of ALLOWED) rest = rest.replaceAll(word, ' ');
  return (rest.match(/[A-Za-z]{3,}/g) ?? []).filter((word) => ENGLISH.has(word.toLowerCase()));
}

describe.skipIf(!hasChromium)(`the admin console in German${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;

  useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));

  it('shows the overview, users, policy and audit log with no English left', async () => {
    const token = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
    // Something to show: an organization that requires 2FA with a grace period, a member who has
    // not set it up, and a user with an authenticator app.
    const org = await server.request('POST', '/api/admin/orgs', { token, body: { name: 'Acme' } });
    expect(org.status).toBe(201);
    const member = await server.request('POST', '/api/admin/users', {
      token,
      body: {
        email: uniqueEmail('member'),
        password: 'member password 1',
        role: 'member',
        orgId: org.body.id,
      },
    });
    expect(member.status).toBe(201);
    await signUpWithTOTP(server);
    const policy = await server.request('PUT', '/api/admin/mfa/policy', {
      token,
      body: { enforcement: { scope: 'organizations', organizationIds: [org.body.id], gracePeriodDays: 7 } },
    });
    expect(policy.status).toBe(200);
    const saved = await server.request('PUT', '/api/account/locale', { token, body: { locale: 'de' } });
    expect(saved.status).toBe(200);

    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/signin`);
    await submitPassword(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/security|\/setup/);

    await page.goto(`${server.url}/admin`);
    await page.getByRole('heading', { name: 'Übersicht', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Verbreitung' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.title()).toContain('Verwaltungsübersicht');
    await screenshot(page, 'admin-i18n-overview-de');
    expect(await englishWords(page)).toEqual([]);

    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Benutzer' })
      .click();
    await page.getByRole('heading', { name: 'Benutzer', exact: true }).waitFor();
    await page.locator('td').getByText('In Schonfrist', { exact: true }).first().waitFor();
    await page
      .getByRole('status')
      .getByText(/Benutzer angezeigt/)
      .waitFor();
    await screenshot(page, 'admin-i18n-users-de');
    expect(await englishWords(page)).toEqual([]);

    await page.goto(`${server.url}/admin/policy`);
    await page.getByRole('radiogroup', { name: 'Zwei-Faktor-Authentifizierung verlangen für' }).waitFor();
    await screenshot(page, 'admin-i18n-policy-de');
    expect(await englishWords(page)).toEqual([]);

    await page.goto(`${server.url}/admin/audit`);
    await page.getByRole('heading', { name: 'Prüfprotokoll' }).waitFor();
    await page
      .getByRole('status')
      .getByText(/Ereignisse angezeigt/)
      .waitFor();
    await page.locator('.audit-table tbody tr').first().waitFor();
    await screenshot(page, 'admin-i18n-audit-de');
    expect(await englishWords(page)).toEqual([]);

    expect(cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it('shows the other sections in German too', async () => {
    const token = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
    await server.request('PUT', '/api/account/locale', { token, body: { locale: 'de' } });
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/signin`);
    await submitPassword(page, ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/security|\/setup/);
    const sections: [path: string, heading: string, ready: string][] = [
      ['orgs', 'Organisationen', 'Richtlinie der Organisation'],
      ['profiles', 'Organisationsprofile', 'Profil speichern'],
      ['applications', 'Anwendungen', 'Anwendung registrieren'],
      ['templates', 'Nachrichtenvorlagen', 'Auf Standard zurücksetzen'],
      ['providers', 'E-Mail & SMS', 'SMS-Anbieter speichern'],
      ['api-keys', 'API-Schlüssel', 'Noch keine Webhooks.'],
    ];
    for (const [path, heading, ready] of sections) {
      await page.goto(`${server.url}/admin/${path}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.getByText(ready, { exact: true }).first().waitFor();
      await screenshot(page, `admin-i18n-${path}-de`);
      // Placeholders of message templates ({code}, {product}) are names, not words.
      const words = await englishWords(page);
      expect(
        words.filter((word) => !PLACEHOLDER_NAMES.includes(word)),
        path,
      ).toEqual([]);
    }
    await context.close();
  });
});

/** The placeholder names the templates page lists. */
const PLACEHOLDER_NAMES = ['code', 'minutes', 'product', 'user'];
