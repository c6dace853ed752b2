import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailHarness, requestResetLink, startMailHarness } from '../../helpers/recovery.js';
import { signUpWithTOTP, startTestServer, totpCode, uniqueEmail } from '../../helpers/server.js';
import { inParallel } from '../../helpers/test-stores.js';

const NEW_PASSWORD = 'a brand new passphrase';

let h: MailHarness;
beforeAll(async () => {
  h = await startMailHarness();
});
afterAll(async () => {
  await h.close();
});

const reset = (token: string, password = NEW_PASSWORD) =>
  h.server.request('POST', '/api/auth/password/reset', { body: { token, password } });

describe('POST /api/auth/password/forgot', () => {
  it('mails a single-use link to the account, valid 30 minutes, stored only hashed', async () => {
    const user = await signUpWithTOTP(h.server);
    const { link, token } = await requestResetLink(h, user.email);
    expect(link.startsWith(`${h.server.url}/reset-password#token=`)).toBe(true);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const mail = h.smtp.to(user.email).find((m) => /reset your password/.test(m.subject))!;
    expect(mail.text).toContain('30 minutes');
    expect(mail.html).toContain('Reset your password');

    const rows = await h.server.stores.database.db.selectFrom('password_resets').selectAll().execute();
    const row = rows.find((r) => r.user_id === user.userId)!;
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(Number(row.expires_at) - Number(row.created_at)).toBe(30 * 60 * 1000);
    // The token never reaches a log line.
    expect(h.server.logs.join('\n')).not.toContain(token);
  });

  it('answers an unknown address exactly like a known one, and mails nobody', async () => {
    const user = await signUpWithTOTP(h.server);
    const known = await h.server.request('POST', '/api/auth/password/forgot', {
      body: { email: user.email },
    });
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await h.server.request('POST', '/api/auth/password/forgot', {
      body: { email: unknownEmail },
    });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.headers.get('set-cookie')).toBeNull();
    await h.smtp.waitFor((m) => m.to.includes(user.email) && /reset your password/.test(m.subject));
    expect(h.smtp.to(unknownEmail)).toEqual([]);
  });

  it('a malformed address is a 400 naming the field', async () => {
    const res = await h.server.request('POST', '/api/auth/password/forgot', {
      body: { email: 'not-an-email' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('email');
  });
});

describe('POST /api/auth/password/reset', () => {
  it('sets the password, ends every session, signs nobody in, and notifies', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);

    const res = await reset(token);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
    // The sign-up session is over.
    expect((await h.server.request('GET', '/api/auth/session', { token: user.token })).status).toBe(401);
    // The old password no longer works; the new one leads to the second step.
    const old = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(old.status).toBe(401);
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: NEW_PASSWORD },
    });
    expect(login.body.status).toBe('mfa_required');
    const notice = await h.smtp.waitFor(
      (m) => m.to.includes(user.email) && /password was reset/.test(m.subject),
    );
    expect(notice.text).toContain('signed out');
  });

  it('a link used twice is refused the second time', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);
    expect((await reset(token)).status).toBe(204);
    const again = await reset(token, 'yet another passphrase');
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].field).toBe('token');
  });

  it('ten parallel uses of one link: exactly one sets the password', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);
    const results = await inParallel(10, (i) => reset(token, `parallel passphrase ${i}`));
    expect(results.filter((r) => r.status === 204)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(9);
  });

  it('an expired link (after 30 minutes) is refused', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);
    h.server.clock.advanceSeconds(30 * 60);
    const res = await reset(token);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('token');
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body.status).toBe('mfa_required');
  });

  it('a newer link replaces an older one', async () => {
    const user = await signUpWithTOTP(h.server);
    const first = await requestResetLink(h, user.email);
    const second = await requestResetLink(h, user.email);
    expect((await reset(first.token)).status).toBe(400);
    expect((await reset(second.token)).status).toBe(204);
  });

  it('refuses the current password and a password sign-up would refuse, and keeps the link', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);
    const same = await reset(token, user.password);
    expect(same.status).toBe(400);
    expect(same.body.error.details[0].field).toBe('password');
    const short = await reset(token, 'short');
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].field).toBe('password');
    expect((await reset(token)).status).toBe(204);
  });

  it('an unknown token or a bad body is a 400, never a 500', async () => {
    expect((await reset('x'.repeat(43))).status).toBe(400);
    const missing = await h.server.request('POST', '/api/auth/password/reset', {
      body: { password: NEW_PASSWORD },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].field).toBe('token');
  });

  it('the factors stay: after a reset, the second step still uses the same authenticator', async () => {
    const user = await signUpWithTOTP(h.server);
    const { token } = await requestResetLink(h, user.email);
    expect((await reset(token)).status).toBe(204);
    const login = await h.server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: NEW_PASSWORD },
    });
    h.server.clock.advanceSeconds(30);
    const verify = await h.server.request('POST', '/api/auth/mfa/verify', {
      body: { mfaToken: login.body.mfaToken, method: 'totp', code: totpCode(h.server, user.secret) },
    });
    expect(verify.status).toBe(200);
    const mfa = await h.server.request('GET', '/api/mfa', { token: verify.body.session.token });
    expect(mfa.body.factors.map((f: { id: string }) => f.id)).toEqual([user.factorId]);
    expect(mfa.body.backupCodes.remaining).toBe(10);
  });
});

describe('where links point', () => {
  it('in production without PUBLIC_URL no link is built from the Host header: same answer, no mail', async () => {
    const prod = await startMailHarness({ NODE_ENV: 'production' });
    try {
      const user = await signUpWithTOTP(prod.server);
      const res = await prod.server.request('POST', '/api/auth/password/forgot', {
        body: { email: user.email },
        headers: { host: 'evil.example' },
      });
      expect(res.status).toBe(202);
      await expect.poll(() => prod.server.logs.join('\n')).toContain('set PUBLIC_URL');
      expect(prod.smtp.messages.filter((m) => /reset your password/.test(m.subject))).toEqual([]);
    } finally {
      await prod.close();
    }
  });

  it('with PUBLIC_URL the link uses it, whatever the Host header says', async () => {
    const pub = await startMailHarness({ PUBLIC_URL: 'https://2fa.example.com' });
    try {
      const user = await signUpWithTOTP(pub.server);
      const mark = pub.smtp.messages.length;
      await pub.server.request('POST', '/api/auth/password/forgot', {
        body: { email: user.email },
        headers: { host: 'evil.example' },
      });
      const mail = await pub.smtp.waitFor(
        (m) => pub.smtp.messages.indexOf(m) >= mark && /reset your password/.test(m.subject),
      );
      expect(mail.text).toContain('https://2fa.example.com/reset-password#token=');
      expect(mail.text).not.toContain('evil.example');
    } finally {
      await pub.close();
    }
  });
});

describe('throttling of reset requests', () => {
  it('per address, and per IP, with the same answer for known and unknown addresses', async () => {
    const server = await startTestServer();
    try {
      const forgot = (email: string) =>
        server.request('POST', '/api/auth/password/forgot', { body: { email } });
      const target = uniqueEmail('target');
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await forgot(target)).status);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
      const limited = await forgot(target);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Per IP: many different addresses from one client run out too.
      let ipLimited = false;
      for (let i = 0; i < 40 && !ipLimited; i++)
        ipLimited = (await forgot(uniqueEmail('spray'))).status === 429;
      expect(ipLimited).toBe(true);
    } finally {
      await server.close();
    }
  });
});
