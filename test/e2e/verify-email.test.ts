import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  newPage,
  skipReason,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

warnIfSkipped();

describe.skipIf(!hasChromium)(
  `email verification in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
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

    it('the emailed link verifies the address once; a second visit says the link no longer works', async () => {
      const email = uniqueEmail('web-verify');
      const signup = await server.request('POST', '/api/auth/signup', {
        body: { email, password: 'member password 1' },
      });
      expect(signup.status).toBe(201);
      const mail = await smtp.waitFor((m) => m.to.includes(email) && /verify your email/.test(m.subject));
      const link = /(https?:\/\/[^\s"<>]+\/verify-email#token=[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
      const { context, page } = await newPage(browser);
      try {
        await page.goto(link);
        await page.getByText('Your email address is verified').waitFor();
        // The token is taken out of the address bar.
        expect(page.url()).not.toContain('token=');
        const user = await server.stores.users.findByEmail(email);
        expect(user?.emailVerifiedAt).not.toBeNull();
        await page.goto('about:blank'); // the same URL again would only change the fragment
        await page.goto(link);
        await page.getByRole('heading', { name: 'This link doesn’t work' }).waitFor();
      } finally {
        await context.close();
      }
    });
  },
);
