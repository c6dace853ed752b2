import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src/i18n/catalog.js';
import { type OtpHarness, startOtpHarness } from '../../helpers/otp.js';
import { uniqueEmail } from '../../helpers/server.js';
import { codeIn } from '../../helpers/smtp-sink.js';

const PASSWORD = 'correct horse battery staple';
let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness();
});
afterAll(async () => {
  await h.close();
});

async function signUp(headers: Record<string, string> = {}) {
  const email = uniqueEmail('lang');
  const res = await h.server.request('POST', '/api/auth/signup', {
    body: { email, password: PASSWORD },
    headers,
  });
  expect(res.status).toBe(201);
  return { email, token: res.body.session.token as string, user: res.body.user };
}

/** Adds an email factor to the account address: a code message goes out to it. */
async function requestEmailCode(token: string, headers: Record<string, string> = {}) {
  const res = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {}, headers });
  expect(res.status).toBe(200);
  return res.body.factorId as string;
}

describe('messages go out in the recipient’s language (real SMTP sink)', () => {
  it('a saved language wins over Accept-Language, in the user object too', async () => {
    const { email, token, user } = await signUp();
    expect(user.locale).toBeNull();
    const saved = await h.server.request('PUT', '/api/account/locale', { token, body: { locale: 'de' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ locale: 'de' });
    const session = await h.server.request('GET', '/api/auth/session', { token });
    expect(session.body.user.locale).toBe('de');

    await requestEmailCode(token, { 'accept-language': 'fr-FR, fr;q=0.9' });
    const mail = await h.smtp.waitFor((m) => m.to.includes(email) && /Bestätigungscode/.test(m.subject));
    const code = codeIn(mail.text);
    expect(mail.subject).toBe(`${code} ist Ihr Twofold-Bestätigungscode`);
    expect(mail.text).toContain('Er läuft in 5 Minuten ab.');
    expect(mail.html).toContain('<html lang="de">');
  });

  it('without a saved language, the Accept-Language of the request decides (Chinese)', async () => {
    const { email, token } = await signUp();
    await requestEmailCode(token, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    const mail = await h.smtp.waitFor((m) => m.to.includes(email) && /验证码/.test(m.subject));
    expect(mail.text).toContain('5 分钟后过期');
    expect(mail.text).not.toMatch(/verification code|expires/);
  });

  it('with neither, DEFAULT_LOCALE (en here); a security notice follows the same rule', async () => {
    const { email, token } = await signUp();
    const factorId = await requestEmailCode(token);
    const mail = await h.smtp.waitFor((m) => m.to.includes(email) && /verification code/.test(m.subject));
    expect(mail.text).toContain('It expires in 5 minutes.');

    await h.server.request('PUT', '/api/account/locale', { token, body: { locale: 'es' } });
    const confirm = await h.server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId, code: codeIn(mail.text) },
      headers: { 'accept-language': 'de' },
    });
    expect(confirm.status).toBe(200);
    const notice = await h.smtp.waitFor(
      (m) => m.to.includes(email) && /método de inicio de sesión/.test(m.subject),
    );
    expect(notice.subject).toBe('Twofold: Se añadió un método de inicio de sesión a tu cuenta');
    expect(notice.text).toContain(`(${translate('es', 'factor.email')})`);
  });

  it('refuses an unknown language and forgets a saved one with null', async () => {
    const { token } = await signUp();
    const bad = await h.server.request('PUT', '/api/account/locale', { token, body: { locale: 'xx' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const cleared = await h.server.request('PUT', '/api/account/locale', { token, body: { locale: null } });
    expect(cleared.body).toEqual({ locale: null });
    const anonymous = await h.server.request('PUT', '/api/account/locale', { body: { locale: 'de' } });
    expect(anonymous.status).toBe(401);
  });

  it('the public config offers the five languages and the one Accept-Language picks', async () => {
    const res = await h.server.request('GET', '/api/public-config', {
      headers: { 'accept-language': 'fr-CA' },
    });
    expect(res.body.locales).toEqual(['en', 'zh-CN', 'de', 'es', 'fr']);
    expect(res.body.defaultLocale).toBe('en');
    expect(res.body.locale).toBe('fr');
  });
});
