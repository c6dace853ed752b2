import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureWebBuild, launchBrowser, WEB_ROOT } from './browser.js';
import { startTestServer, type TestServer } from './server.js';

/** The first administrator of browser suites started with `admin: true`. */
export const TEST_ADMIN = { email: 'root@example.com', password: 'admin password for tests' } as const;

type ServerOptions = NonNullable<Parameters<typeof startTestServer>[0]>;

/**
 * The setup every browser suite shares: the web build, a test server serving it and
 * Chromium, started together before the suite and closed after it. Call it inside the
 * `describe`; `started` hands over the two (the suite keeps its own `server` and
 * `browser` variables). Hooks registered after this one run after it, so a suite's own
 * `beforeAll` can use the server. With `admin`, the server's first administrator is
 * {@link TEST_ADMIN}; `server` adds to or overrides the test server's options.
 * @example
 * let server: TestServer;
 * let browser: Browser;
 * useBrowserSuite({ admin: true }, (s) => ({ server, browser } = s));
 */
export function useBrowserSuite(
  options: { admin?: boolean; server?: ServerOptions },
  started: (suite: { server: TestServer; browser: Browser }) => void,
): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureWebBuild();
    const env = {
      ...(options.admin
        ? { TWOFOLD_ADMIN_EMAIL: TEST_ADMIN.email, TWOFOLD_ADMIN_PASSWORD: TEST_ADMIN.password }
        : {}),
      ...options.server?.env,
    };
    [server, browser] = await Promise.all([
      startTestServer({ webRoot: WEB_ROOT, ...options.server, env }),
      launchBrowser(),
    ]);
    started({ server, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
