import { readFileSync } from 'node:fs';
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
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;

/** Every row of the audit table that stands for one event (not an expanded detail row). */
function eventRows(page: Page) {
  return page.locator('tbody.audit-event > tr:not(.audit-detail)');
}

describe.skipIf(!hasChromium)(`audit log in the browser${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let browser: Browser;
  let userEmail: string;

  useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));
  beforeAll(async () => {
    const token = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
    userEmail = uniqueEmail('a-rather-long-address-for-the-audit-table');
    const created = await server.request('POST', '/api/admin/users', {
      token,
      body: { email: userEmail, password: 'member password 123', role: 'member' },
    });
    // A history an admin would read during an incident: long details, a long user agent.
    const at = Date.parse('2026-03-02T09:00:00Z');
    for (let i = 0; i < 12; i++) {
      await server.stores.audit.append({
        type: i % 3 === 0 ? 'sign_in_failed' : i % 3 === 1 ? 'factor_added' : 'policy_changed',
        userId: i % 3 === 2 ? null : created.body.id,
        actorId: i % 3 === 2 ? created.body.id : null,
        orgId: null,
        ip: '2001:db8:85a3::8a2e:370:7334',
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131 Safari/537.36 #${i}`,
        details:
          i % 3 === 2
            ? {
                changes: {
                  'enforcement.scope': { from: 'none', to: 'all' },
                  'enforcement.gracePeriodDays': { from: 0, to: 7 },
                  'methods.sms.enabled': { from: false, to: true },
                  'limits.lockoutSeconds': { from: 900, to: 1800 },
                },
              }
            : { methods: ['password', 'totp'], step: 'password', failures: i, reason: 'x'.repeat(120) },
        at: new Date(at - i * 3_600_000),
      });
    }
  });

  it('reads one line per event at 1280 px, expands, filters by type and date, and exports the filtered rows', async () => {
    const { page } = await newPage(browser);
    // A deep link: the sign-in brings the admin back to the audit log with its filters.
    await page.goto(`${server.url}/admin/audit?from=2026-03-01&to=2026-03-02`);
    await page.waitForURL(/\/signin/);
    await submitPassword(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expect.poll(() => eventRows(page).count()).toBe(12);
    expect(await page.getByLabel('From').inputValue()).toBe('2026-03-01');

    // Fits its box: no sideways scroll on the page or in the table, every row one line tall.
    expect(await hasHorizontalScroll(page)).toBe(false);
    const wrap = await page
      .locator('.table-wrap')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(wrap.scroll).toBeLessThanOrEqual(wrap.client);
    const heights = await eventRows(page).evaluateAll((rows) =>
      rows.map((r) => r.getBoundingClientRect().height),
    );
    expect(Math.max(...heights)).toBeLessThan(56);
    // The human summary, not raw JSON.
    await page
      .getByText('enforcement.scope: none → all; enforcement.gracePeriodDays: 0 → 7', { exact: false })
      .first()
      .waitFor();
    expect(await page.locator('tbody').first().textContent()).not.toContain('{"');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit-1280');

    // A row expands to the full details.
    await eventRows(page).first().getByRole('button').click();
    const detail = page.locator('tr.audit-detail');
    await detail.waitFor();
    expect(await detail.locator('pre').textContent()).toContain('"methods"');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'admin-audit-expanded-1280');

    // The type filter offers known types by name; the URL keeps the filters.
    await page.getByLabel('Event type').selectOption('policy_changed');
    await expect.poll(() => eventRows(page).count()).toBe(4);
    await page.waitForURL(/type=policy_changed/);
    await page.getByLabel('To').fill('2026-03-01');
    await expect.poll(() => eventRows(page).count()).toBe(1);

    // Export: the download carries exactly the filtered events.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^twofold-audit-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('policy_changed');
    const [jsonl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export JSON Lines' }).click(),
    ]);
    const lines = readFileSync((await jsonl.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['policy_changed']);

    // At 375 px each event is a card, nothing scrolls sideways.
    await page.getByLabel('Event type').selectOption('');
    await page.getByLabel('To').fill('2026-03-02');
    await expect.poll(() => eventRows(page).count()).toBe(12);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await hasHorizontalScroll(page)).toBe(false);
    await eventRows(page).nth(2).getByRole('button').click();
    await page.locator('tr.audit-detail').waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await screenshot(page, 'admin-audit-375');
    await page.locator('tr.audit-detail').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-audit-375-expanded', { fullPage: false });
    await page.context().close();
  }, 60_000);
});
