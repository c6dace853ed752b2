import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/delivery/messages.js';
import { sendEmailVerification } from '../../src/services/account/email-verification.js';
import { type OtpHarness, PASSWORD, startOtpHarness, uniquePhone } from '../helpers/otp.js';
import { uniqueEmail } from '../helpers/server.js';
import { codeIn } from '../helpers/smtp-sink.js';

/**
 * Per-organization branding of the product name in messages (issue 16 item 9): the
 * admin API (set, clear, bounds, who may), and what a member of a branded
 * organization receives through a real SMTP server and the Twilio-speaking stub —
 * the brand in subject, text and (escaped) HTML, and in the SMS — while everyone
 * else keeps "Twofold".
 */
const ADMIN = { email: 'root@example.com', password: 'root password 123' };
// `&` and `<…>` prove the HTML part escapes the name; it is still a valid name (no control characters).
const BRAND = 'Acme & <Secure>';

let h: OtpHarness;
let admin: string;
const orgs: Record<'branded' | 'plain', string> = { branded: '', plain: '' };

async function sessionOf(email: string, password = PASSWORD): Promise<string> {
  const res = await h.server.request('POST', '/api/auth/login', { body: { email, password } });
  if (res.body.status !== 'authenticated')
    throw new Error(`expected authenticated: ${JSON.stringify(res.body)}`);
  return res.body.session.token;
}

const api = (method: string, path: string, body?: unknown, token = admin) =>
  h.server.request(method, path, { token, ...(body === undefined ? {} : { body }) });

async function createUser(role: 'member' | 'org_admin', orgId: string | null) {
  const email = uniqueEmail(role === 'member' ? 'member' : 'orgadmin');
  const res = await api('POST', '/api/admin/users', { email, password: PASSWORD, role, orgId });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email, token: await sessionOf(email) };
}

beforeAll(async () => {
  h = await startOtpHarness({ TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password });
  admin = await sessionOf(ADMIN.email, ADMIN.password);
  orgs.branded = (await api('POST', '/api/admin/orgs', { name: 'Branded Co', productName: BRAND })).body.id;
  orgs.plain = (await api('POST', '/api/admin/orgs', { name: 'Plain Co' })).body.id;
});
afterAll(async () => {
  await h.close();
});

describe('the admin API', () => {
  it('creates with a product name, lists it, and null means the system name', async () => {
    const list = await api('GET', '/api/admin/orgs');
    expect(list.status).toBe(200);
    const byId = Object.fromEntries(list.body.orgs.map((o: { id: string }) => [o.id, o]));
    expect(byId[orgs.branded]).toMatchObject({ name: 'Branded Co', productName: BRAND });
    expect(byId[orgs.plain]).toMatchObject({ name: 'Plain Co', productName: null });
    const created = await api('POST', '/api/admin/orgs', { name: 'Trimmed Co', productName: '  Trim Me  ' });
    expect(created.status).toBe(201);
    expect(created.body.productName).toBe('Trim Me');
  });

  it('sets (trimmed) and clears it, auditing before and after', async () => {
    const org = (await api('POST', '/api/admin/orgs', { name: 'Audit Co' })).body.id;
    const set = await api('PUT', `/api/admin/orgs/${org}`, { productName: ' Audit Brand ' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      id: org,
      name: 'Audit Co',
      productName: 'Audit Brand',
      profileId: 'default',
    });
    const cleared = await api('PUT', `/api/admin/orgs/${org}`, { productName: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.productName).toBeNull();
    const stored = await h.server.stores.organizations.findById(org);
    expect(stored?.productName).toBeNull();

    const audit = await api('GET', '/api/admin/audit?type=org_updated');
    expect(audit.status).toBe(200);
    const changes = audit.body.events
      .filter((e: { details: { changes?: unknown } }) => e.details.changes)
      .map((e: { details: { changes: { productName: unknown } } }) => e.details.changes.productName);
    expect(changes).toEqual(
      expect.arrayContaining([
        { from: null, to: 'Audit Brand' },
        { from: 'Audit Brand', to: null },
      ]),
    );
    // The profile can still be moved through the same route, alone or together with the name.
    const both = await api('PUT', `/api/admin/orgs/${org}`, { profileId: 'default', productName: 'Both' });
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ profileId: 'default', productName: 'Both' });
    // A refused profile saves nothing: not the name either.
    const refused = await api('PUT', `/api/admin/orgs/${org}`, {
      profileId: 'missing',
      productName: 'Never',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('profileId');
    expect((await h.server.stores.organizations.findById(org))?.productName).toBe('Both');
  });

  it.each([
    ['CR/LF (a header injection)', 'Acme\r\nBcc: victim@example.com'],
    ['a bare LF', 'Acme\nSecure'],
    ['a bare CR', 'Acme\rSecure'],
    ['a tab', 'Acme\tSecure'],
    ['a NUL', 'Acme\u0000'],
    ['a right-to-left override', 'Acme\u202eeruceS'],
    ['a Unicode line separator', 'Acme\u2028Secure'],
    ['61 characters', 'x'.repeat(61)],
    ['an empty string', ''],
    ['only spaces', '   '],
    ['a number', 42],
  ])('refuses %s: 400 naming productName, nothing saved', async (_what, productName) => {
    for (const [method, path, body] of [
      ['PUT', `/api/admin/orgs/${orgs.plain}`, { productName }],
      ['POST', '/api/admin/orgs', { name: 'Refused Co', productName }],
    ] as const) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${JSON.stringify(productName)}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain('productName');
    }
    expect((await h.server.stores.organizations.findById(orgs.plain))?.productName).toBeNull();
    expect((await h.server.stores.organizations.list()).map((o) => o.name)).not.toContain('Refused Co');
  });

  it('accepts exactly 60 characters, and refuses an empty change and an unknown field', async () => {
    const org = (await api('POST', '/api/admin/orgs', { name: 'Sixty Co' })).body.id;
    const sixty = 'é'.repeat(60);
    const ok = await api('PUT', `/api/admin/orgs/${org}`, { productName: sixty });
    expect(ok.status).toBe(200);
    expect(ok.body.productName).toBe(sixty);
    expect((await api('PUT', `/api/admin/orgs/${org}`, {})).status).toBe(400);
    const unknown = await api('PUT', `/api/admin/orgs/${org}`, { productName: 'X', logo: 'y' });
    expect(unknown.status).toBe(400);
  });

  it("lets an org admin set their own organization's name, never another's, nor move its profile", async () => {
    const own = await createUser('org_admin', orgs.plain);
    const other = await createUser('org_admin', orgs.branded);
    const member = await createUser('member', orgs.plain);
    const mine = await api('PUT', `/api/admin/orgs/${orgs.plain}`, { productName: 'Plain Brand' }, own.token);
    expect(mine.status).toBe(200);
    expect(mine.body.productName).toBe('Plain Brand');
    const cleared = await api('PUT', `/api/admin/orgs/${orgs.plain}`, { productName: null }, own.token);
    expect(cleared.body.productName).toBeNull();

    const foreign = await api('PUT', `/api/admin/orgs/${orgs.plain}`, { productName: 'Hijack' }, other.token);
    expect(foreign.status).toBe(403);
    const profile = await api('PUT', `/api/admin/orgs/${orgs.plain}`, { profileId: 'default' }, own.token);
    expect(profile.status).toBe(403);
    const byMember = await api('PUT', `/api/admin/orgs/${orgs.plain}`, { productName: 'Mine' }, member.token);
    expect(byMember.status).toBe(403);
    const create = await api(
      'POST',
      '/api/admin/orgs',
      { name: 'Org admin Co', productName: 'X' },
      own.token,
    );
    expect(create.status).toBe(403);
    expect((await h.server.stores.organizations.findById(orgs.plain))?.productName).toBeNull();
    expect((await h.server.stores.organizations.findById(orgs.branded))?.productName).toBe(BRAND);
    expect((await api('PUT', '/api/admin/orgs/no-such-org', { productName: 'X' })).status).toBe(404);
  });
});

describe('messages to members', () => {
  /** Starts email setup for `user` and returns the code mail it received. */
  async function emailSetupMail(user: { email: string; token: string }) {
    const mark = h.smtp.messages.length;
    const setup = await api('POST', '/api/mfa/email/setup', {}, user.token);
    expect(setup.status).toBe(200);
    const mail = await h.smtp.waitFor((m) => h.smtp.messages.indexOf(m) >= mark && m.to.includes(user.email));
    return { mail, factorId: setup.body.factorId as string };
  }

  it('a member of the branded organization gets its name in code mails, notices, SMS, reset and verification mails', async () => {
    const member = await createUser('member', orgs.branded);

    // The email code: subject, text and HTML (escaped), never "Twofold".
    const { mail, factorId } = await emailSetupMail(member);
    expect(mail.subject).toMatch(/^\d{6} is your Acme & <Secure> verification code$/);
    expect(mail.text).toContain(`confirm this email address for ${BRAND}`);
    expect(mail.text).toContain(`— ${BRAND}`);
    expect(mail.html).toContain(escapeHtml(BRAND));
    expect(mail.html).not.toContain('<Secure>');
    expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain('Twofold');
    // One Subject header: the name did not add a line to the header block.
    expect(mail.raw.split(/\r?\n\r?\n/)[0]!.match(/^subject:/gim)).toHaveLength(1);

    // The "method added" notice after confirming it.
    const mark = h.smtp.messages.length;
    const confirm = await api(
      'POST',
      '/api/mfa/email/confirm',
      { factorId, code: codeIn(mail.text) },
      member.token,
    );
    expect(confirm.status).toBe(200);
    const notice = await h.smtp.waitFor(
      (m) => h.smtp.messages.indexOf(m) >= mark && m.to.includes(member.email) && /added/.test(m.subject),
    );
    expect(notice.subject).toBe(`${BRAND}: A sign-in method was added to your account`);
    expect(notice.text).toContain(`your ${BRAND} account`);
    expect(notice.html).toContain(escapeHtml(BRAND));
    expect(notice.html).not.toContain('<Secure>');

    // The SMS code, through the Twilio-speaking server.
    h.server.clock.advanceSeconds(31);
    const phone = uniquePhone();
    const smsMark = h.twilio.requests.length;
    const sms = await api('POST', '/api/mfa/sms/setup', { phone }, member.token);
    expect(sms.status).toBe(200);
    const request = await h.twilio.waitFor(
      (r) => h.twilio.requests.indexOf(r) >= smsMark && r.form.To === phone,
    );
    expect(request.form.Body).toMatch(/^\d{6} is your Acme & <Secure> code to confirm this phone number\./);
    expect(request.form.Body).not.toContain('Twofold');

    // The password reset mail.
    const resetMark = h.smtp.messages.length;
    expect(
      (await h.server.request('POST', '/api/auth/password/forgot', { body: { email: member.email } })).status,
    ).toBe(202);
    const reset = await h.smtp.waitFor(
      (m) =>
        h.smtp.messages.indexOf(m) >= resetMark && m.to.includes(member.email) && /reset/.test(m.subject),
    );
    expect(reset.subject).toBe(`${BRAND}: reset your password`);
    expect(reset.text).toContain(`your ${BRAND} account`);
    expect(reset.html).toContain(escapeHtml(BRAND));
    expect(reset.html).not.toContain('<Secure>');

    // The email verification mail.
    const user = (await h.server.stores.users.findById(member.id))!;
    const verifyMark = h.smtp.messages.length;
    await sendEmailVerification(
      h.server.ctx,
      { ...user, emailVerifiedAt: null },
      { ip: null, userAgent: null },
      h.server.url,
    );
    const verify = await h.smtp.waitFor(
      (m) =>
        h.smtp.messages.indexOf(m) >= verifyMark && m.to.includes(member.email) && /verify/.test(m.subject),
    );
    expect(verify.subject).toBe(`${BRAND}: verify your email address`);
    expect(verify.html).toContain(escapeHtml(BRAND));
    expect(verify.html).not.toContain('<Secure>');
  });

  it('members of another organization, and users without one, get "Twofold"', async () => {
    const plain = await createUser('member', orgs.plain);
    const loner = await createUser('member', null);
    for (const user of [plain, loner]) {
      const { mail } = await emailSetupMail(user);
      expect(mail.subject).toMatch(/^\d{6} is your Twofold verification code$/);
      expect(mail.text).toContain('— Twofold');
      expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain('Acme');
      h.server.clock.advanceSeconds(31);
      const phone = uniquePhone();
      const smsMark = h.twilio.requests.length;
      expect((await api('POST', '/api/mfa/sms/setup', { phone }, user.token)).status).toBe(200);
      const request = await h.twilio.waitFor(
        (r) => h.twilio.requests.indexOf(r) >= smsMark && r.form.To === phone,
      );
      expect(request.form.Body).toMatch(/^\d{6} is your Twofold code/);
    }
  });

  it("an administrator's template: {product} takes the organization's name, in the preview and in what is sent", async () => {
    const path = `/api/admin/orgs/${orgs.branded}/templates/code_confirm/en`;
    const saved = await api('PUT', path, {
      emailSubject: 'Code {code} from {product}',
      sms: '{product} says: {code}',
    });
    expect(saved.status).toBe(200);
    const preview = await api('POST', `${path}/preview`, {});
    expect(preview.status).toBe(200);
    expect(preview.body.values.product).toBe(BRAND);
    expect(preview.body.email.subject).toBe(`Code 123456 from ${BRAND}`);
    expect(preview.body.sms.text).toMatch(/^Acme & <Secure> says: 123456/);

    const member = await createUser('member', orgs.branded);
    const { mail } = await emailSetupMail(member);
    expect(mail.subject).toMatch(/^Code \d{6} from Acme & <Secure>$/);
    h.server.clock.advanceSeconds(31);
    const phone = uniquePhone();
    const smsMark = h.twilio.requests.length;
    expect((await api('POST', '/api/mfa/sms/setup', { phone }, member.token)).status).toBe(200);
    const request = await h.twilio.waitFor(
      (r) => h.twilio.requests.indexOf(r) >= smsMark && r.form.To === phone,
    );
    expect(request.form.Body).toMatch(/^Acme & <Secure> says: \d{6}/);
  });

  it('a stored value that is not a valid name (written around the API) is not sent: the system name is', async () => {
    const org = (await api('POST', '/api/admin/orgs', { name: 'Tampered Co' })).body.id;
    await h.server.stores.organizations.setProductName(org, 'Evil\r\nBcc: victim@example.com');
    const member = await createUser('member', org);
    const { mail } = await emailSetupMail(member);
    expect(mail.subject).toMatch(/^\d{6} is your Twofold verification code$/);
    expect(mail.raw).not.toMatch(/^bcc:/im);
    expect(mail.to).toEqual([member.email]);
  });
});
