import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

/** Debian's Chromium; the browser suites skip when it is absent. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
/** Why the browser suites are skipped, or null when they run. */
export const skipReason = hasChromium ? null : `browser tests skipped: no Chromium at ${CHROMIUM_PATH}`;

const ROOT = resolve(import.meta.dirname, '../..');
/** The built web UI the test server serves. */
export const WEB_ROOT = join(ROOT, 'web', 'dist');
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Logs the skip reason once per file, so a skipped run still says why. */
export function warnIfSkipped(): void {
  if (skipReason) console.warn(skipReason);
}

/** Headless Chromium with the flags that keep it quiet and sandbox-free in CI containers. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    headless: true,
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh context (its own cookies) and page; downloads are accepted. */
export async function newPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  watchCSP(page);
  return { context, page };
}

const cspViolations = new WeakMap<Page, string[]>();

/**
 * Records every Content-Security-Policy violation the page reports (Chromium logs each
 * refusal to the console), so a test can assert the UI runs under the server's CSP.
 */
function watchCSP(page: Page): void {
  const found: string[] = [];
  cspViolations.set(page, found);
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) found.push(text);
  });
}

/** The CSP violations the page (made by {@link newPage}) reported so far. */
export function cspViolationsOf(page: Page): string[] {
  return [...(cspViolations.get(page) ?? [])];
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale(): boolean {
  const index = join(WEB_ROOT, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(
    newestMtime(join(ROOT, 'web', 'src')),
    newestMtime(join(ROOT, 'web', 'public')),
    newestMtime(join(ROOT, 'web', 'index.html')),
    newestMtime(join(ROOT, 'web', 'vite.config.ts')),
    // The message catalogs (and the locale helpers) the UI shares with the server.
    newestMtime(join(ROOT, 'src', 'i18n')),
    // The User-Agent parser it shares with the server.
    newestMtime(join(ROOT, 'src', 'domain', 'user-agent.ts')),
  );
  return sources > built;
}

/**
 * Builds the web UI with Vite when `web/dist/index.html` is missing or older than the sources.
 * Test files run in parallel workers, so a lock directory makes one build and the rest wait.
 */
export async function ensureWebBuild(): Promise<void> {
  if (!buildIsStale()) return;
  const lock = join(tmpdir(), `twofold-web-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker is building; a lock older than two minutes is left over from a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the web build lock');
      await sleep(250);
      if (!buildIsStale()) return;
    }
  }
  try {
    if (!buildIsStale()) return;
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Saves a screenshot (full page unless told) as `test-results/e2e/<name>.png` and returns its path. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  const dir = join(RESULTS_DIR, 'e2e');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  // Sticky headers land mid-image in a full-page shot taken while scrolled.
  const fullPage = options.fullPage ?? true;
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  return path;
}

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page and returns the serious and critical violations, each as one line
 * (`rule: help — selector`), so an assertion failure reads well.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined',
  );
  // Evaluated through the DevTools protocol: a <script> tag would be refused by the CSP.
  if (!loaded) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context?: unknown, options?: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map(
            (n) =>
              `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').trim()}]` : ''}`,
          )
          .join(', ')}`,
    );
}

/** True when the page scrolls sideways at its current viewport. */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Reads the text of every element matching `selector`. */
export async function texts(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).allTextContents();
}

/** The password step as a person does it: fills Email and Password on the sign-in page, presses Continue. */
export async function submitPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Chromium's own WebAuthn authenticator (DevTools protocol), attached to `page`: it
 * answers security-key and passkey prompts with user presence and verification, a
 * resident key, no UI. `transport` 'internal' stands for a platform passkey, 'usb' for
 * a roaming security key. `setUserVerified(false)` makes its next answers lack
 * verification (a passkey sign-in then refuses them).
 */
export async function addVirtualAuthenticator(
  context: BrowserContext,
  page: Page,
  transport: 'usb' | 'internal' = 'usb',
): Promise<{ setUserVerified: (verified: boolean) => Promise<void> }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport,
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    setUserVerified: async (verified) => {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: verified });
    },
  };
}
