import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  newPage,
  RESULTS_DIR,
  skipReason,
  submitPassword,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { freePort } from '../helpers/instances.js';
import { resetLinkIn } from '../helpers/recovery.js';
import { startTestServer, type TestServer, totpCode, uniqueEmail } from '../helpers/server.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

warnIfSkipped();

/**
 * Issue 16's walk: every screen a person reaches, at 1280 and 375 px, light and dark. Each
 * screen is checked in the page (no sideways scroll, no text outside its box, nothing wider
 * than the viewport) and saved as test-results/screen-walk/<screen>-<width>-<scheme>.png for a
 * person to look at.
 */

const ADMIN = { email: 'root@example.com', password: 'admin password for the walk' };
const PASSWORD = 'member password for the walk';
/** Addresses as long as real ones get: the tables must neither overflow nor break them mid-word. */
const LONG_EMAILS = [
  'maximilian.alexander.featherstonehaugh-worthington@research.example-university.edu',
  'customer-support.escalations.europe-middle-east-africa@subsidiary.example.com',
];
const SIZES = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const OUT_DIR = join(RESULTS_DIR, 'screen-walk');

/**
 * Runs in the page: what is wrong with the layout as drawn. Each problem is one line naming
 * the element. Text inside an element meant to scroll sideways (overflow-x auto or scroll) or
 * meant to be cut with an ellipsis is left alone, and so is visually hidden text (`.sr-only`).
 */
function layoutProblems(): string[] {
  const viewport = document.documentElement.clientWidth;
  const problems: string[] = [];
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > viewport)
    problems.push(`the page is ${scrollWidth} px wide in a ${viewport} px viewport`);

  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element) => {
    let s = styles.get(el);
    if (!s) {
      s = getComputedStyle(el);
      styles.set(el, s);
    }
    return s;
  };
  /** 'hidden' (not drawn), 'scroll' (inside a sideways scroller) or null. */
  const exemptions = new Map<Element, 'hidden' | 'scroll' | null>();
  const exemption = (el: Element | null): 'hidden' | 'scroll' | null => {
    if (!el || el === document.documentElement) return null;
    const known = exemptions.get(el);
    if (known !== undefined) return known;
    const s = style(el);
    const rect = el.getBoundingClientRect();
    let result: 'hidden' | 'scroll' | null = null;
    if (s.display === 'none' || s.visibility === 'hidden' || s.clip !== 'auto' || s.clipPath !== 'none')
      result = 'hidden';
    // Cut with an ellipsis on purpose (the full text is in its title or elsewhere on the page).
    else if (s.textOverflow === 'ellipsis' && s.overflowX !== 'visible') result = 'hidden';
    else if ((rect.width <= 1 || rect.height <= 1) && s.overflow !== 'visible') result = 'hidden';
    else if (el !== document.body && (s.overflowX === 'auto' || s.overflowX === 'scroll')) result = 'scroll';
    else result = exemption(el.parentElement);
    exemptions.set(el, result);
    return result;
  };
  const name = (el: Element) => {
    const cls =
      typeof el.className === 'string' && el.className
        ? `.${el.className.trim().split(/\s+/).join('.')}`
        : '';
    return `${el.tagName.toLowerCase()}${cls}`;
  };

  // Text that runs out of the box that holds it (or out of the viewport).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const reported = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('script, style, noscript, select, textarea, svg')) continue;
    if (exemption(parent)) continue;
    let box: Element = parent;
    while (box.parentElement && /^(inline|contents)$/.test(style(box).display)) box = box.parentElement;
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    if (rects.length === 0) continue;
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    const outer = box.getBoundingClientRect();
    const snippet = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    if (right > viewport + 1)
      problems.push(`"${snippet}" (${name(parent)}) ends at ${Math.round(right)} px, past the viewport`);
    else if ((right > outer.right + 1 || left < outer.left - 1) && !reported.has(box)) {
      reported.add(box);
      problems.push(
        `"${snippet}" overflows ${name(box)} (text ${Math.round(left)}–${Math.round(right)}, box ${Math.round(outer.left)}–${Math.round(outer.right)})`,
      );
    }
  }

  // An open dialog fits the screen, or scrolls within it.
  for (const dialog of document.querySelectorAll('dialog[open], [role="dialog"]')) {
    const rect = dialog.getBoundingClientRect();
    if (rect.width === 0) continue;
    const scrolls = dialog.scrollHeight > dialog.clientHeight && /auto|scroll/.test(style(dialog).overflowY);
    if (rect.left < -1 || rect.right > viewport + 1)
      problems.push(`a dialog spans ${Math.round(rect.left)}–${Math.round(rect.right)} px`);
    if ((rect.top < -1 || rect.bottom > window.innerHeight + 1) && !scrolls)
      problems.push(
        `a dialog spans ${Math.round(rect.top)}–${Math.round(rect.bottom)} px of a ${window.innerHeight} px screen`,
      );
  }

  // Boxes whose content spills out sideways (not meant to scroll): the innermost ones.
  const spilling: Element[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    const s = style(el);
    if (s.display === 'inline' || s.display === 'contents' || s.overflowX !== 'visible') continue;
    if (el.closest('svg') || el.scrollWidth <= el.clientWidth + 1 || exemption(el)) continue;
    spilling.push(el);
  }
  for (const el of spilling) {
    if (spilling.some((other) => other !== el && el.contains(other))) continue;
    problems.push(`the content of ${name(el)} is ${el.scrollWidth} px wide in ${el.clientWidth} px`);
  }

  // Boxes wider than the viewport: the outermost one only.
  for (const el of document.body.querySelectorAll('*')) {
    if (exemption(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.right <= viewport + 1) continue;
    if (style(el).position === 'fixed' && rect.left >= viewport) continue;
    const parentRect = el.parentElement?.getBoundingClientRect();
    if (parentRect && parentRect.right > viewport + 1 && !exemption(el.parentElement)) continue;
    problems.push(`${name(el)} reaches ${Math.round(rect.right)} px, past the ${viewport} px viewport`);
  }
  return problems;
}

/** Two animation frames: the layout after a resize or a colour-scheme switch has been drawn. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

describe.skipIf(!hasChromium)(`a walk through every screen${skipReason ? ` (${skipReason})` : ''}`, () => {
  let server: TestServer;
  let smtp: SmtpSink;
  let browser: Browser;
  let adminSecret: string;
  let verifyLink: string;
  let resetLink: string;
  /** Problems found, per screen and size: empty at the end. */
  const problems: Record<string, string[]> = {};
  const visited: string[] = [];

  /**
   * Looks at the page as it is now in each size and scheme: checks it, saves a screenshot.
   * `extra` adds the checks particular to a screen; dialogs are shot as the viewport shows them.
   */
  async function walk(
    page: Page,
    screen: string,
    options: { fullPage?: boolean; extra?: (page: Page, width: number) => Promise<string[]> } = {},
  ): Promise<void> {
    visited.push(screen);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await settle(page);
        const found = await page.evaluate(layoutProblems);
        if (options.extra) found.push(...(await options.extra(page, size.width)));
        if (found.length) problems[`${screen}-${size.width}-${colorScheme}`] = found;
        const fullPage = options.fullPage ?? true;
        if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({
          path: join(OUT_DIR, `${screen}-${size.width}-${colorScheme}.png`),
          fullPage,
          animations: 'disabled',
        });
      }
    }
    await page.setViewportSize(SIZES[0]);
    await page.emulateMedia({ colorScheme: 'light' });
  }

  /** Goes to `path` and waits for its main heading and for its data to load. */
  async function open(page: Page, path: string, heading?: string | RegExp): Promise<void> {
    await page.goto(`${server.url}${path}`);
    await ready(page, heading);
  }

  async function ready(page: Page, heading?: string | RegExp): Promise<void> {
    await (heading
      ? page.getByRole('heading', { name: heading, level: 1 })
      : page.locator('h1').first()
    ).waitFor();
    await page.waitForLoadState('networkidle');
  }

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    await ensureWebBuild();
    const port = await freePort();
    smtp = await startSmtpSink();
    [server, browser] = await Promise.all([
      startTestServer({
        webRoot: WEB_ROOT,
        port,
        env: {
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          TWOFOLD_ADMIN_EMAIL: ADMIN.email,
          TWOFOLD_ADMIN_PASSWORD: ADMIN.password,
          SMTP_URL: smtp.url,
          MAIL_FROM: 'Twofold <no-reply@twofold.test>',
          LOG_LEVEL: 'warn',
        },
      }),
      launchBrowser(),
    ]);

    // The admin's console holds what a running installation holds.
    const token = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
    const must = async (method: string, path: string, body: unknown, status = 201) => {
      const res = await server.request(method, path, { token, body });
      if (res.status !== status) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const userIds: string[] = [];
    for (const email of [...LONG_EMAILS, uniqueEmail('dana'), uniqueEmail('lee')])
      userIds.push(
        (await must('POST', '/api/admin/users', { email, password: PASSWORD, role: 'member' })).id,
      );
    await server.stores.users.markPasswordThrottled(
      userIds[1]!,
      new Date(server.clock.now().getTime() + 3_600_000),
    );
    await must('POST', '/api/admin/orgs', { name: 'Northwind Research & Development International' });
    await must('POST', '/api/admin/orgs', { name: 'Acme' });
    await must('POST', '/api/admin/api-keys', { name: 'storefront checkout (production)' });
    await must('POST', '/api/admin/clients', {
      name: 'Team wiki',
      redirectUris: ['https://wiki.example.test/oauth/callback/with/a/rather/long/path'],
      postLogoutRedirectUris: ['https://wiki.example.test/bye'],
      type: 'confidential',
      firstParty: true,
    });
    const at = server.clock.now().getTime();
    for (let i = 0; i < 9; i++) {
      await server.stores.audit.append({
        type: i % 3 === 0 ? 'sign_in_failed' : i % 3 === 1 ? 'factor_added' : 'policy_changed',
        userId: i % 3 === 2 ? null : userIds[i % 2]!,
        actorId: i % 3 === 2 ? userIds[0]! : null,
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
                },
              }
            : { methods: ['password', 'totp'], step: 'password', failures: i, reason: 'x'.repeat(120) },
        at: new Date(at - (i + 1) * 3_600_000),
      });
    }

    // The deep links a person opens from their mail.
    const signup = await server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail('a-new-person-with-a-long-name'), password: PASSWORD },
    });
    if (signup.status !== 201) throw new Error(`signup: ${JSON.stringify(signup.body)}`);
    const verifyMail = await smtp.waitFor((m) => /verify your email/.test(m.subject));
    verifyLink = /(https?:\/\/[^\s"<>]+\/verify-email#token=[A-Za-z0-9_-]+)/.exec(verifyMail.text)![1]!;
    await server.request('POST', '/api/auth/password/forgot', { body: { email: LONG_EMAILS[0] } });
    resetLink = resetLinkIn(await smtp.waitFor((m) => /reset your password/.test(m.subject))).link;

    // Last: the admin proves a second factor from now on.
    const setup = await must('POST', '/api/mfa/totp/setup', {}, 200);
    await must(
      'POST',
      '/api/mfa/totp/confirm',
      { factorId: setup.factorId, code: totpCode(server, setup.secret) },
      200,
    );
    adminSecret = setup.secret;
    server.clock.advanceSeconds(30);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('signed out, then a new member through the setup wizard to the security page', async () => {
    for (const key of Object.keys(problems)) delete problems[key];
    const { context, page } = await newPage(browser);
    try {
      await page.goto(`${server.url}/`);
      await page.waitForURL(/\/signin/);
      await ready(page, 'Sign in');
      await walk(page, 'sign-in');
      // The errors a person sees first, under the fields.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('Enter your email address.').waitFor();
      await walk(page, 'sign-in-errors');
      // A focus ring on a button, as the keyboard shows it (from a field, whose focus is always shown).
      await page.getByLabel('Password', { exact: true }).focus();
      for (let i = 0; i < 4; i++) {
        const onButton = await page.evaluate(
          () => document.activeElement?.textContent?.trim() === 'Continue',
        );
        if (onButton) break;
        await page.keyboard.press('Tab');
      }
      await walk(page, 'sign-in-focus', { fullPage: false });

      await open(page, '/forgot-password', 'Reset your password');
      await walk(page, 'forgot-password');
      await page.getByLabel('Email', { exact: true }).fill(LONG_EMAILS[1]!);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await ready(page, 'Check your email');
      await walk(page, 'forgot-password-sent');
      await page.goto('about:blank');
      await page.goto(resetLink);
      await ready(page, 'Choose a new password');
      await walk(page, 'reset-password');
      await page.goto('about:blank');
      await page.goto(verifyLink);
      await page.getByText('Your email address is verified').waitFor();
      await page.waitForLoadState('networkidle');
      await walk(page, 'verify-email');
      await open(page, '/no-such-page', 'Page not found');
      await walk(page, 'not-found');

      await open(page, '/signup', 'Create your account');
      await walk(page, 'sign-up');
      await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('jordan.alexandra.montgomery-smythe'));
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/setup/);
      await page.getByRole('button', { name: /Authenticator app/ }).waitFor();
      await page.waitForLoadState('networkidle');
      await walk(page, 'setup-choose');

      await page.getByRole('button', { name: /Authenticator app/ }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      await page.getByRole('button', { name: /Enter this key/ }).click();
      await page.getByTestId('totp-secret').waitFor();
      await walk(page, 'setup-qr');
      const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('6-digit code').waitFor();
      await walk(page, 'setup-code');
      await page.getByLabel('6-digit code').fill(totpCode(server, secret));
      await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
      await walk(page, 'setup-backup-codes');
      await page.getByLabel('I have saved my backup codes').check();
      await page.getByRole('button', { name: 'Done' }).click();
      server.clock.advanceSeconds(30);

      await open(page, '/security', 'Account security');
      await page.getByText('Recent security activity').waitFor();
      await walk(page, 'security');
      await page
        .getByRole('button', { name: /Remove/ })
        .first()
        .click();
      await page.getByRole('dialog').waitFor();
      await walk(page, 'security-remove-dialog', { fullPage: false });
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    } finally {
      await context.close();
    }
    expect(problems).toEqual({});
  }, 120_000);

  it('the admin: second step, then every section of the console', async () => {
    for (const key of Object.keys(problems)) delete problems[key];
    const { context, page } = await newPage(browser);
    const admin: BrowserContext = context;
    try {
      await open(page, '/signin', 'Sign in');
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await ready(page, 'Enter the code from your authenticator app');
      await walk(page, 'second-step');
      await page.getByRole('button', { name: 'Try another way' }).click();
      await walk(page, 'second-step-other-ways');
      await page.getByLabel('Verification code').fill(totpCode(server, adminSecret));
      await page.waitForURL(/\/security/);

      await open(page, '/admin', 'Overview');
      await walk(page, 'admin-overview');

      await open(page, '/admin/users', 'Users');
      await page.locator('tbody tr').filter({ hasText: LONG_EMAILS[0]! }).waitFor();
      const emailsWhole = async (p: Page, width: number) => {
        const found: string[] = [];
        // At 1280 px every column, the actions included, fits the box: nothing scrolls sideways.
        const wrap = await p.locator('.table-wrap').evaluate((el) => ({
          scroll: el.scrollWidth,
          client: el.clientWidth,
          columns: [...el.querySelectorAll('thead th')].map((th) =>
            Math.round(th.getBoundingClientRect().width),
          ),
        }));
        if (width >= 1280 && wrap.scroll > wrap.client)
          found.push(
            `the users table scrolls: ${wrap.scroll} > ${wrap.client} (columns ${wrap.columns.join(', ')})`,
          );
        // A domain never breaks; the name part wraps only at a dot or hyphen.
        const lines = await p
          .locator('.cell-email > .nowrap')
          .evaluateAll((spans) => spans.map((el) => el.getClientRects().length));
        if (lines.some((n) => n > 1)) found.push('an email domain breaks across lines');
        return found;
      };
      await walk(page, 'admin-users', { extra: emailsWhole });
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.getByRole('dialog').waitFor();
      await walk(page, 'admin-users-add-dialog', { fullPage: false });
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await open(page, '/admin/users?compliance=not_required&locked=true', 'Users');
      await walk(page, 'admin-users-filtered', { extra: emailsWhole });

      await open(page, '/admin/audit', 'Audit log');
      const rows = page.locator('tbody.audit-event > tr:not(.audit-detail)');
      await rows.first().waitFor();
      await rows.first().getByRole('button').click();
      await page.locator('tr.audit-detail').waitFor();
      await walk(page, 'admin-audit', {
        extra: async (p, width) => {
          if (width < 1280) return [];
          const found: string[] = [];
          const wrap = await p
            .locator('.table-wrap')
            .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
          if (wrap.scroll > wrap.client)
            found.push(`the audit table scrolls: ${wrap.scroll} > ${wrap.client}`);
          const heights = await p
            .locator('tbody.audit-event > tr:not(.audit-detail)')
            .evaluateAll((all) => all.map((r) => r.getBoundingClientRect().height));
          if (Math.max(...heights) >= 56) found.push(`an audit row is ${Math.max(...heights)} px tall`);
          // The time is read whole; the other cells may end in an ellipsis (the row expands).
          const cut = await p.locator('tbody.audit-event > tr:not(.audit-detail)').evaluateAll((all) =>
            all.flatMap((r) =>
              [...r.querySelectorAll('td')]
                .slice(0, 1)
                .filter((td) => td.scrollWidth > td.clientWidth)
                .map((td) => td.textContent ?? ''),
            ),
          );
          found.push(...cut.map((text) => `the time "${text}" is cut short`));
          return found;
        },
      });

      await open(page, '/admin/policy', '2FA policy');
      await walk(page, 'admin-policy');
      // Saving a stricter policy says what it will do first, in a dialog.
      await page
        .getByRole('radiogroup', { name: 'Require two-factor authentication for' })
        .getByText('All users', { exact: true })
        .click();
      await page.getByRole('button', { name: 'Save policy' }).click();
      await page
        .getByRole('dialog')
        .getByText(/^Requires two-factor authentication for/)
        .waitFor();
      await walk(page, 'admin-policy-confirm-dialog', { fullPage: false });
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await open(page, '/admin/orgs', 'Organizations');
      await walk(page, 'admin-orgs');
      await open(page, '/admin/profiles', 'Organization profiles');
      await walk(page, 'admin-profiles');
      await open(page, '/admin/providers', 'Mail & SMS');
      await walk(page, 'admin-providers');
      await open(page, '/admin/templates');
      await walk(page, 'admin-templates');
      await open(page, '/admin/applications');
      await walk(page, 'admin-applications');
      await open(page, '/admin/api-keys', 'API keys');
      await walk(page, 'admin-api-keys');
    } finally {
      await admin.close();
    }
    expect(problems).toEqual({});
  }, 120_000);
});
