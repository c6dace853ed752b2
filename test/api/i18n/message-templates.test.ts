import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogText } from '../../../src/i18n/catalog.js';
import { type OtpHarness, startOtpHarness } from '../../helpers/otp.js';
import { uniqueEmail } from '../../helpers/server.js';

const ADMIN = { email: 'root@templates.test', password: 'root password 123' };
const PASSWORD = 'member password 1';
let h: OtpHarness;
let admin: string;
let orgA: string;

async function sessionOf(email: string, password: string): Promise<string> {
  const res = await h.server.request('POST', '/api/auth/login', { body: { email, password } });
  if (res.body.status !== 'authenticated') throw new Error(JSON.stringify(res.body));
  return res.body.session.token;
}

beforeAll(async () => {
  h = await startOtpHarness({ TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password });
  admin = await sessionOf(ADMIN.email, ADMIN.password);
  orgA = (await h.server.request('POST', '/api/admin/orgs', { token: admin, body: { name: 'Acme' } })).body
    .id;
});
afterAll(async () => {
  await h.close();
});

const put = (path: string, body: unknown, token = admin) => h.server.request('PUT', path, { token, body });

describe('message templates: validation', () => {
  it('refuses a code template without {code}, naming the part', async () => {
    const res = await put('/api/admin/templates/code_sign_in/en', {
      sms: 'Your {product} code expires in {minutes}.',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details).toEqual([{ field: 'sms', message: 'a code message must contain {code}' }]);
  });

  it('refuses an unknown placeholder and an empty part', async () => {
    const unknown = await put('/api/admin/templates/password_changed/en', { emailBody: 'Hi {name}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].message).toContain('unknown placeholder {name}');
    const empty = await put('/api/admin/templates/password_changed/en', { emailSubject: '  ' });
    expect(empty.status).toBe(400);
  });

  it('counts SMS segments by encoding: 3 GSM-7 segments pass, the same length in Chinese (UCS-2) does not', async () => {
    // 440 GSM characters plus the code: 3 segments of 153 septets.
    const gsm = await put('/api/admin/templates/code_sign_in/en', { sms: `{code} ${'a'.repeat(440)}` });
    expect(gsm.status).toBe(200);
    expect(gsm.body.sms).toContain('aaaa');
    // 3 UCS-2 segments hold 201 code units: 220 Chinese characters are 4 segments.
    const chinese = await put('/api/admin/templates/code_sign_in/zh-CN', {
      sms: `{code} ${'码'.repeat(220)}`,
    });
    expect(chinese.status).toBe(400);
    expect(chinese.body.error.details[0]).toMatchObject({ field: 'sms' });
    expect(chinese.body.error.details[0].message).toContain('UCS-2');
    const tooLong = await put('/api/admin/templates/code_sign_in/en', { sms: `{code} ${'a'.repeat(460)}` });
    expect(tooLong.status).toBe(400);
    await h.server.request('DELETE', '/api/admin/templates/code_sign_in/en', { token: admin });
  });

  it('answers 404 for an unknown kind or language', async () => {
    expect((await put('/api/admin/templates/nope/en', { sms: '{code}' })).status).toBe(404);
    expect((await put('/api/admin/templates/code_sign_in/xx', { sms: '{code}' })).status).toBe(404);
  });
});

describe('message templates: preview, save, send, reset', () => {
  it('previews with sample values and escapes placeholders and text in the HTML body', async () => {
    const res = await h.server.request('POST', '/api/admin/templates/code_sign_in/en/preview', {
      token: admin,
      body: { emailSubject: 'Code {code}', emailBody: '<b>Hello</b> {user}, use {code} within {minutes}.' },
    });
    expect(res.status).toBe(200);
    expect(res.body.email.subject).toBe('Code 123456');
    expect(res.body.email.text).toContain('<b>Hello</b> ann@example.com, use 123456 within 5 minutes.');
    expect(res.body.email.html).toContain('&lt;b&gt;Hello&lt;/b&gt;');
    expect(res.body.email.html).not.toContain('<b>Hello');
    expect(res.body.sms).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(res.body.sms.text).toBe(
      catalogText('en', 'message.codeSignIn.sms')
        .replace('{code}', '123456')
        .replace('{minutes}', '5 minutes')
        .replace('{product}', 'Twofold'),
    );
  });

  it('a saved template is what users receive, per language; reset restores the catalog text', async () => {
    const saved = await put('/api/admin/templates/code_confirm/en', {
      emailSubject: '[ACME] {code}',
      emailBody: 'Hello {user}, your code is {code}. Valid {minutes}.',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ customized: true, emailSubject: '[ACME] {code}' });
    expect(saved.body.defaults.emailSubject).toBe(catalogText('en', 'message.codeConfirm.emailSubject'));

    const email = uniqueEmail('tpl');
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email, password: PASSWORD },
    });
    const token = signup.body.session.token;
    await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    const mail = await h.smtp.waitFor((m) => m.to.includes(email) && /^\[ACME\]/.test(m.subject));
    // The subject template is "[ACME] {code}"; read the code there, since the address in the
    // body holds digits of its own that a first-six-digits match could pick up.
    const code = /^\[ACME\] (\d{6})$/.exec(mail.subject)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.text).toContain(`Hello ${email}, your code is ${code}. Valid 5 minutes.`);

    // Other languages keep the catalog text.
    const german = await h.server.request('GET', '/api/admin/templates/code_confirm/de', { token: admin });
    expect(german.body.customized).toBe(false);

    const reset = await h.server.request('DELETE', '/api/admin/templates/code_confirm/en', { token: admin });
    expect(reset.status).toBe(200);
    expect(reset.body.customized).toBe(false);
    expect(reset.body.emailSubject).toBe(catalogText('en', 'message.codeConfirm.emailSubject'));
    const list = await h.server.request('GET', '/api/admin/templates', { token: admin });
    expect(
      list.body.kinds.find((k: { kind: string }) => k.kind === 'code_confirm').customizedLocales,
    ).toEqual([]);
    expect(list.body.kinds.map((k: { kind: string }) => k.kind)).toContain('security_key_added');
  });
});

describe('message templates: who may edit', () => {
  it('an org admin words their organization’s messages, not the system’s or another organization’s', async () => {
    const orgB = (
      await h.server.request('POST', '/api/admin/orgs', { token: admin, body: { name: 'Globex' } })
    ).body.id;
    const email = uniqueEmail('orgadmin');
    await h.server.request('POST', '/api/admin/users', {
      token: admin,
      body: { email, password: PASSWORD, role: 'org_admin', orgId: orgA },
    });
    const orgAdmin = await sessionOf(email, PASSWORD);
    expect(
      (await put('/api/admin/templates/password_changed/en', { emailSubject: 'x' }, orgAdmin)).status,
    ).toBe(403);
    expect(
      (await put(`/api/admin/orgs/${orgB}/templates/password_changed/en`, { emailSubject: 'x' }, orgAdmin))
        .status,
    ).toBe(403);
    const own = await put(
      `/api/admin/orgs/${orgA}/templates/password_changed/fr`,
      { emailSubject: '{product} : mot de passe changé' },
      orgAdmin,
    );
    expect(own.status).toBe(200);
    expect(own.body.customized).toBe(true);
    // The organization's reset restores the system's wording.
    const reset = await h.server.request('DELETE', `/api/admin/orgs/${orgA}/templates/password_changed/fr`, {
      token: orgAdmin,
    });
    expect(reset.body.emailSubject).toBe(catalogText('fr', 'notice.passwordChanged.emailSubject'));

    const memberEmail = uniqueEmail('member');
    await h.server.request('POST', '/api/admin/users', {
      token: admin,
      body: { email: memberEmail, password: PASSWORD, role: 'member', orgId: orgA },
    });
    const member = await sessionOf(memberEmail, PASSWORD);
    expect((await h.server.request('GET', '/api/admin/templates', { token: member })).status).toBe(403);
  });
});
