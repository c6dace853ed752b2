import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  newPage,
  screenshot,
  skipReason,
  submitPassword,
  WEB_ROOT,
  warnIfSkipped,
} from '../helpers/browser.js';
import { freePort, PROJECT_ROOT } from '../helpers/instances.js';
import { ADMIN, adminToken, registerClient, startOidcServer } from '../helpers/oidc.js';
import { signUpWithTOTP, type TestServer, totpCode } from '../helpers/server.js';

warnIfSkipped();

/** Starts examples/node-app against `issuer` and waits until it answers. */
async function startExampleApp(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'examples/node-app/app.js')], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`example app exited (${code}): ${output.join('')}`)));
    child.stdout?.on('data', () => {
      if (output.join('').includes('example app on')) resolve();
    });
  });
  return child;
}

describe.skipIf(!hasChromium)(
  `the example relying party signs a user in through Twofold in Chromium${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer & { issuer: string };
    let browser: Browser;
    let app: ChildProcess | undefined;
    let appUrl: string;

    beforeAll(async () => {
      await ensureWebBuild();
      [server, browser] = await Promise.all([startOidcServer({ webRoot: WEB_ROOT }), launchBrowser()]);
      const port = await freePort();
      appUrl = `http://127.0.0.1:${port}`;
      const client = await registerClient(server, {
        name: 'Example app',
        redirectUris: [`${appUrl}/callback`],
        firstParty: false,
      });
      app = await startExampleApp(
        {
          ISSUER: server.issuer,
          CLIENT_ID: client.clientId,
          CLIENT_SECRET: client.clientSecret!,
          APP_URL: appUrl,
        },
        port,
      );
    });

    afterAll(async () => {
      app?.kill('SIGTERM');
      await browser?.close();
      await server?.close();
    });

    it('password, TOTP and consent on Twofold’s pages; the app shows the email, acr mfa and amr pwd otp mfa', async () => {
      const user = await signUpWithTOTP(server);
      const { page } = await newPage(browser);
      await page.goto(appUrl);
      await page.getByRole('link', { name: 'Sign in with Twofold' }).click();

      // Twofold's own sign-in page, for this application's request.
      await page.waitForURL(/\/signin\?interaction=/);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await submitPassword(page, user.email, user.password);
      await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
      server.clock.advanceSeconds(30);
      await page.getByLabel('Verification code').fill(totpCode(server, user.secret));

      // A third-party application: the consent screen lists what it asks for.
      await page.waitForURL(/\/consent\?interaction=/);
      await page.getByRole('heading', { name: 'Example app wants to use your account' }).waitFor();
      await expect.poll(() => page.getByText('See your email address').count()).toBe(1);
      await screenshot(page, 'oidc-consent');
      await page.getByRole('button', { name: 'Allow' }).click();

      await page.waitForURL(`${appUrl}/callback**`);
      await page.getByRole('heading', { name: 'Signed in' }).waitFor();
      expect(await page.locator('#email').textContent()).toBe(user.email);
      expect(await page.locator('#acr').textContent()).toBe('mfa');
      expect((await page.locator('#amr').textContent())?.split(' ')).toEqual(
        expect.arrayContaining(['pwd', 'otp', 'mfa']),
      );

      // The same browser is signed in to Twofold: the security page lists the application.
      await page.goto(`${server.url}/security`);
      const connected = page.getByRole('region', { name: 'Connected applications' });
      await connected.getByText('Example app').waitFor();
      await screenshot(page, 'oidc-connected-apps');
      await connected.getByRole('button', { name: 'Revoke access' }).click();
      await connected.getByText('No application signs you in through this account.').waitFor();
      expect((await server.request('GET', '/api/oidc/grants', { token: user.token })).body.grants).toEqual(
        [],
      );
    });

    it('the admin console registers an application and shows its secret once', async () => {
      const { page } = await newPage(browser);
      await page.goto(`${server.url}/signin`);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.waitForURL(/\/security/);
      await page.goto(`${server.url}/admin/applications`);
      await page.getByRole('heading', { name: 'Applications', exact: true }).waitFor();
      await page.getByLabel('Name', { exact: true }).fill('Wiki');
      await page
        .getByLabel('Redirect URIs (one per line, matched exactly)')
        .fill('https://wiki.example.com/cb');
      await page.getByLabel('Require 2FA for this application').first().check();
      await page.getByRole('button', { name: 'Register application' }).click();
      await page.getByText(/Client secret of Wiki/).waitFor();
      await screenshot(page, 'oidc-admin-applications');
      const listed = (await server.request('GET', '/api/admin/clients', { token: await adminToken(server) }))
        .body;
      const wiki = listed.clients.find((c: { name: string }) => c.name === 'Wiki');
      expect(wiki).toMatchObject({
        requireMfa: true,
        type: 'confidential',
        redirectUris: ['https://wiki.example.com/cb'],
      });
      expect(wiki.clientSecret).toBeUndefined();
    });
  },
);
