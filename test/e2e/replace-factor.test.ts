// Issue 10, bypass 3, in the browser: when policy disallows a user's only factor, the
// sign-in page asks for that old factor first and only then walks the user through
// binding an allowed one (SECURITY.md rule 24) — the password alone never does.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  hasChromium,
  newPage,
  screenshot,
  skipReason,
  submitPassword,
  warnIfSkipped,
} from '../helpers/browser.js';
import { useBrowserSuite } from '../helpers/browser-suite.js';
import { signUpWithTOTP, type TestServer, totpCode } from '../helpers/server.js';

warnIfSkipped();

describe.skipIf(!hasChromium)(
  `replacing a disallowed factor in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({}, (started) => ({ server, browser } = started));

    /** The newest 6-digit code the dev outbox holds for `to`. */
    async function outboxCode(to: string): Promise<string> {
      for (let i = 0; i < 50; i++) {
        const { body } = await server.request('GET', '/api/dev/outbox');
        const message = (body.messages as Array<{ to: string; text: string }>).find(
          (m) => m.to === to && /\b\d{6}\b/.test(m.text),
        );
        const code = message?.text.match(/\b\d{6}\b/)?.[0];
        if (code) return code;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no code for ${to} in the outbox`);
    }

    it('proves the old authenticator app, then binds email, then lands signed in', async () => {
      const user = await signUpWithTOTP(server);
      const policy = await server.stores.settings.getPolicy();
      policy.methods.totp.enabled = false;
      await server.stores.settings.savePolicy(policy, server.clock.now());

      const { page } = await newPage(browser);
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, user.email, user.password);

      await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
      await page.getByText('Your 2FA method changed').waitFor();
      await screenshot(page, 'replace-factor-prove-old');
      await page.getByLabel('Verification code').fill(totpCode(server, user.secret));

      await page.getByText('Set up a new 2FA method').waitFor();
      await page.getByRole('button', { name: /Email code/ }).click();
      await page.getByLabel('Email address for codes').waitFor();
      await page.getByRole('button', { name: 'Send code' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await page.getByLabel('6-digit code').fill(await outboxCode(user.email));

      await page.waitForURL(/\/security/);
      const factors = (await server.request('GET', '/api/mfa', { token: user.token })).body;
      expect(factors.factors.map((f: { type: string }) => f.type).sort()).toEqual(['email', 'totp']);
    });
  },
);
