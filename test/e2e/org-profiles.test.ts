import type { Browser } from 'playwright-core';
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
import { type TestServer, uniqueEmail } from '../helpers/server.js';

warnIfSkipped();

const ADMIN = TEST_ADMIN;
const PASSWORD = 'member password 123';

/**
 * Organization profiles (issue 17) and the organization's own grace period (issue 16
 * item 6) in the real console: a system admin starts at `/`, creates a profile with a
 * default policy, puts a new organization in it, gives the organization a grace
 * period, chooses the profile in the enforcement form; a member then sees whose
 * requirement it is and until when.
 */
describe.skipIf(!hasChromium)(
  `organization profiles in the browser${skipReason ? ` (${skipReason})` : ''}`,
  () => {
    let server: TestServer;
    let browser: Browser;

    useBrowserSuite({ admin: true }, (started) => ({ server, browser } = started));

    it('profiles page, org profile and grace period, enforcement by profile, and the member banner', async () => {
      const { page, context } = await newPage(browser);
      await page.goto(`${server.url}/`);
      // `/` sends a signed-out visitor to the sign-in page.
      await page.waitForURL(/\/signin/);
      await submitPassword(page, ADMIN.email, ADMIN.password);
      await page.waitForURL(/\/security/);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();

      // Profiles: create one with a default policy.
      await page
        .getByRole('navigation', { name: 'Admin' })
        .getByRole('link', { name: 'Org profiles' })
        .click();
      await page.getByRole('heading', { name: 'Organization profiles' }).waitFor();
      await page.getByLabel('New profile name').fill('Enterprise');
      await page.getByLabel('Description', { exact: true }).first().fill('Paying customers');
      await page.getByRole('button', { name: 'Create profile' }).click();
      await page.getByRole('heading', { name: 'Enterprise', level: 2 }).waitFor();
      await page.getByLabel('Give its organizations a default two-step policy').check();
      await page.getByLabel('Require two-factor authentication for all members').check();
      await page.getByRole('button', { name: 'Save profile' }).click();
      await page.getByText('Profile Enterprise saved').waitFor();
      await screenshot(page, 'org-profiles-page');
      const profiles = await server.request('GET', '/api/admin/org-profiles', {
        token: (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token,
      });
      const enterprise = profiles.body.profiles.find((p: { name: string }) => p.name === 'Enterprise');
      expect(enterprise.policy).toMatchObject({ requireForAllMembers: true });

      // Organizations: a new one in that profile; its own requirement with a 3-day grace.
      await page
        .getByRole('navigation', { name: 'Admin' })
        .getByRole('link', { name: 'Organizations' })
        .click();
      await page.getByLabel('New organization name').fill('Big Co');
      await page.locator('form.inline-form').getByLabel('Profile').selectOption({ label: 'Enterprise' });
      await page.getByRole('button', { name: 'Create organization' }).click();
      await page.getByRole('heading', { name: 'Big Co' }).waitFor();
      await page.getByText('The profile’s default policy requires two-factor authentication').waitFor();
      await page.getByText('Customize for this organization').click();
      await page.getByLabel('Require two-factor authentication for all members').check();
      await page.getByLabel('Grace period for members').fill('3');
      await page.getByText('Members without it get 3 days to set it up').waitFor();
      await page.getByRole('button', { name: 'Save organization policy' }).click();
      // Requiring 2FA is an enforcement change: confirmed in a dialog with the dry run.
      await page.getByRole('dialog').getByRole('button', { name: 'Save organization policy' }).click();
      await page.getByText('Policy saved for Big Co').waitFor();
      await screenshot(page, 'org-policy-grace');

      // Enforcement form: organization admins of the Enterprise profile.
      await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: '2FA policy' }).click();
      await page
        .getByRole('radiogroup', { name: 'Require two-factor authentication for' })
        .getByText('Organization administrators', { exact: true })
        .click();
      await page.getByText('Now: all organizations.').waitFor();
      await page.getByLabel('Enterprise (1)').check();
      await page.getByRole('button', { name: 'Save policy' }).click();
      // An enforcement change is confirmed with what it will do (issue 16 item 8).
      await page.getByRole('dialog').getByRole('button', { name: 'Save policy' }).click();
      await page.getByText('Policy saved.').waitFor();
      await screenshot(page, 'org-profiles-enforcement');
      const policy = await server.request('GET', '/api/admin/mfa/policy', {
        token: (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token,
      });
      expect(policy.body.enforcement).toMatchObject({ scope: 'org_admins', profileIds: [enterprise.id] });

      // The profile in use cannot be deleted; the page says why.
      await page
        .getByRole('navigation', { name: 'Admin' })
        .getByRole('link', { name: 'Org profiles' })
        .click();
      await page.getByRole('button', { name: /Enterprise/ }).click();
      await page.getByRole('button', { name: 'Delete profile' }).click();
      await page.getByText(/remove it there first|move them to another profile/).waitFor();
      expect(cspViolationsOf(page)).toEqual([]);
      await context.close();

      // A member of Big Co: signed in within the grace period, told whose requirement and until when.
      const token = (await server.request('POST', '/api/auth/login', { body: ADMIN })).body.session.token;
      const orgs = await server.request('GET', '/api/admin/orgs', { token });
      const bigCo = orgs.body.orgs.find((o: { name: string }) => o.name === 'Big Co');
      const email = uniqueEmail('member');
      await server.request('POST', '/api/admin/users', {
        token,
        body: { email, password: PASSWORD, role: 'member', orgId: bigCo.id },
      });
      const member = await newPage(browser);
      await member.page.goto(`${server.url}/`);
      // `/` sends a signed-out visitor to the sign-in page.
      await member.page.waitForURL(/\/signin/);
      await submitPassword(member.page, email, PASSWORD);
      const banner = member.page.getByRole('region', { name: 'Two-factor authentication reminder' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Big Co (your organization) requires it from');
      await screenshot(member.page, 'org-grace-banner');
      expect(cspViolationsOf(member.page)).toEqual([]);
      await member.context.close();
    }, 120_000);
  },
);
