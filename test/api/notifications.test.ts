import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/i18n/catalog.js';
import { resetUserMfa } from '../../src/services/admin/admin-users.js';
import type { SecurityNotice } from '../../src/services/notifications.js';
import { closedPort } from '../helpers/net.js';
import { type OtpHarness, startOtpHarness } from '../helpers/otp.js';
import { signUpWithTOTP, startSignIn, startTestServer, totpCode, uniqueEmail } from '../helpers/server.js';

let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness();
});
afterAll(async () => {
  await h.close();
});

const noticeTo = (address: string, subject: RegExp) =>
  h.smtp.waitFor((m) => m.to.includes(address) && subject.test(m.subject));

describe('security notifications by email (received by a real SMTP server)', () => {
  it('factor added: names the method, to the account address', async () => {
    const user = await signUpWithTOTP(h.server);
    const mail = await noticeTo(user.email, /sign-in method was added/);
    expect(mail.subject).toBe('Twofold: A sign-in method was added to your account');
    expect(mail.text).toContain('"Authenticator app" (authenticator app)');
    expect(mail.html).toContain('Authenticator app');
    expect(mail.from).toBe('no-reply@twofold.test');
  });

  it('backup code used: says how many remain', async () => {
    const user = await signUpWithTOTP(h.server);
    const token = await startSignIn(h.server, user);
    const res = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: token, method: 'backup_code', code: user.backupCodes[0] },
    });
    expect(res.status).toBe(200);
    const mail = await noticeTo(user.email, /backup code was used/);
    expect(mail.subject).toContain('(9 left)');
    expect(mail.text).toContain('9 backup codes remain');
  });

  it('account locked: after 10 wrong codes, with the time it unlocks', async () => {
    const user = await signUpWithTOTP(h.server);
    const wrong = (t: string) => (t === '000000' ? '000001' : '000000');
    for (let round = 0; round < 2; round++) {
      const token = await startSignIn(h.server, user);
      for (let i = 0; i < 5; i++) {
        await h.server.request('POST', '/api/auth/mfa/verify', {
          body: { mfaToken: token, method: 'totp', code: wrong(totpCode(h.server, user.secret)) },
        });
      }
    }
    const mail = await noticeTo(user.email, /locked/);
    // The recipient's language formats the time (Intl), in UTC.
    const until = formatInstant('en', new Date(h.server.clock.now().getTime() + 900_000));
    expect(until).toMatch(/ UTC$/);
    expect(mail.text).toContain(`locked until ${until}`);
  });

  it('factor removed, backup codes regenerated, 2FA turned off', async () => {
    const user = await signUpWithTOTP(h.server);
    expect((await h.server.request('POST', '/api/mfa/backup-codes', { token: user.token })).status).toBe(200);
    await noticeTo(user.email, /New backup codes/);
    expect(
      (await h.server.request('DELETE', `/api/mfa/factors/${user.factorId}`, { token: user.token })).status,
    ).toBe(204);
    expect((await noticeTo(user.email, /removed/)).text).toContain('Authenticator app');

    const other = await signUpWithTOTP(h.server);
    expect((await h.server.request('DELETE', '/api/mfa', { token: other.token })).status).toBe(204);
    await noticeTo(other.email, /Two-factor authentication was turned off/);
  });

  it('2FA reset by an administrator', async () => {
    const user = await signUpWithTOTP(h.server);
    const record = (await h.server.stores.users.findById(user.userId))!;
    await resetUserMfa(h.server.ctx, record, { kind: 'cli' }, { ip: null, userAgent: null });
    const mail = await noticeTo(user.email, /administrator reset/);
    expect(mail.text).toContain('removed every 2FA method');
  });

  it('email factor added: the notice does not carry the confirmation code', async () => {
    const signup = await h.server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail('notice'), password: 'correct horse battery staple' },
    });
    const email = signup.body.user.email;
    const token = signup.body.session.token;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token, body: {} });
    const codeMail = await h.smtp.waitFor((m) => m.to.includes(email) && /verification code/.test(m.subject));
    const code = /\b(\d{6})\b/.exec(codeMail.text)![1]!;
    await h.server.request('POST', '/api/mfa/email/confirm', {
      token,
      body: { factorId: setup.body.factorId, code },
    });
    const notice = await noticeTo(email, /sign-in method was added/);
    expect(notice.text).toContain('(email codes)');
    expect(notice.raw).not.toContain(code);
  });
});

describe('when notifications cannot be sent', () => {
  it('the action still succeeds, and the failure is logged', async () => {
    const server = await startTestServer({
      env: { SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, DELIVERY_TIMEOUT_MS: '2000' },
    });
    try {
      const user = await signUpWithTOTP(server); // factor_added cannot be mailed
      const token = await startSignIn(server, user);
      const res = await server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: token, method: 'backup_code', code: user.backupCodes[0] },
      });
      expect(res.status).toBe(200); // backup_code_used cannot be mailed either
      await expect
        .poll(() => server.logs.filter((l) => l.includes('security notification failed')).length)
        .toBeGreaterThanOrEqual(2);
      const metrics = await server.request('GET', '/metrics');
      expect(metrics.body).toMatch(/twofold_deliveries_total\{channel="email",outcome="failed"\} [2-9]/);
    } finally {
      await server.close();
    }
  });

  it('deps.notifier still replaces the mail channel (tests, embedding)', async () => {
    const notices: SecurityNotice[] = [];
    const server = await startTestServer({ notifier: { notify: (_user, notice) => notices.push(notice) } });
    try {
      await signUpWithTOTP(server);
      expect(notices).toEqual([{ type: 'factor_added', factorType: 'totp', label: 'Authenticator app' }]);
    } finally {
      await server.close();
    }
  });
});
