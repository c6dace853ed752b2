import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MailHarness, startMailHarness } from '../../helpers/recovery.js';
import { uniqueEmail } from '../../helpers/server.js';
import type { ReceivedMail } from '../../helpers/smtp-sink.js';

const ADMIN = { email: 'root-verify@example.com', password: 'root password 123' };
const PASSWORD = 'member password 1';
const LINK = /(https?:\/\/[^\s"<>]+\/verify-email#token=([A-Za-z0-9_-]+))/;

let h: MailHarness;
let admin: string;
beforeAll(async () => {
  h = await startMailHarness({ TWOFOLD_ADMIN_EMAIL: ADMIN.email, TWOFOLD_ADMIN_PASSWORD: ADMIN.password });
});
// A fresh admin session per test: the expiry test moves the clock past session lifetimes.
beforeEach(async () => {
  const res = await h.server.request('POST', '/api/auth/login', { body: ADMIN });
  admin = res.body.session.token;
});
afterAll(async () => {
  await h.close();
});

function linkIn(mail: ReceivedMail): { link: string; token: string } {
  const match = LINK.exec(mail.text);
  if (!match) throw new Error(`no verification link in: ${mail.text}`);
  return { link: match[1]!, token: match[2]! };
}

/** The n-th (from 0) verification mail to `email`. */
async function verificationMail(email: string, n = 0) {
  const mail = await h.smtp.waitFor(
    (m) =>
      m.to.includes(email) &&
      /verify your email/.test(m.subject) &&
      h.smtp
        .to(email)
        .filter((x) => /verify your email/.test(x.subject))
        .indexOf(m) === n,
  );
  return linkIn(mail);
}

async function signUp(email = uniqueEmail('verify')) {
  const res = await h.server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
  expect(res.status).toBe(201);
  return { email, token: res.body.session.token as string, userId: res.body.user.id as string };
}

const verify = (token: string) => h.server.request('POST', '/api/auth/email/verify', { body: { token } });
const me = (token: string) => h.server.request('GET', '/api/auth/session', { token });

async function setPolicy(emailVerification: 'required' | 'optional') {
  const res = await h.server.request('PUT', '/api/admin/mfa/policy', {
    token: admin,
    body: { emailVerification },
  });
  expect(res.status).toBe(200);
  return res;
}

describe('email verification link', () => {
  it('is mailed at sign-up, stored only hashed, valid 24 hours, and works once', async () => {
    const user = await signUp();
    expect((await me(user.token)).body.user.emailVerified).toBe(false);
    const { link, token } = await verificationMail(user.email);
    expect(link.startsWith(`${h.server.url}/verify-email#token=`)).toBe(true);
    const row = await h.server.stores.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(Number(row.email_verify_expires_at) - h.server.clock.now().getTime()).toBe(24 * 3600 * 1000);
    expect(h.server.logs.join('\n')).not.toContain(token);

    const first = await verify(token);
    expect(first.status).toBe(204);
    expect(first.headers.get('set-cookie')).toBeNull();
    expect((await me(user.token)).body.user.emailVerified).toBe(true);
    const again = await verify(token);
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].field).toBe('token');
  });

  it('is refused once expired', async () => {
    const user = await signUp();
    const { token } = await verificationMail(user.email);
    h.server.clock.advanceSeconds(24 * 3600 + 1);
    const res = await verify(token);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect((await h.server.stores.users.findById(user.userId))!.emailVerifiedAt).toBeNull();
  });

  it('resend issues a new link, retires the old one, and is limited per account', async () => {
    const user = await signUp();
    const old = await verificationMail(user.email, 0);
    const resend = await h.server.request('POST', '/api/account/email/verification', { token: user.token });
    expect(resend.status).toBe(202);
    const fresh = await verificationMail(user.email, 1);
    expect((await verify(old.token)).status).toBe(400);

    expect((await verify(old.token)).status).toBe(400);
    // Five resends an hour per account: four more pass, the next is refused.
    for (let i = 0; i < 4; i++) {
      expect(
        (await h.server.request('POST', '/api/account/email/verification', { token: user.token })).status,
      ).toBe(202);
    }
    const limited = await h.server.request('POST', '/api/account/email/verification', { token: user.token });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');

    // Only the newest link works.
    const newest = await verificationMail(user.email, 5);
    expect((await verify(fresh.token)).status).toBe(400);
    expect((await verify(newest.token)).status).toBe(204);
    const done = await h.server.request('POST', '/api/account/email/verification', { token: user.token });
    expect(done.status).toBe(409);
  });

  it('resend needs a session', async () => {
    expect((await h.server.request('POST', '/api/account/email/verification')).status).toBe(401);
  });

  it('a bad body is a 400 naming the field', async () => {
    const res = await h.server.request('POST', '/api/auth/email/verify', { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('token');
  });
});

describe('admins see "verified"', () => {
  it('emailVerified on the admin user row: false after sign-up, true once verified, true for admin-created users', async () => {
    const user = await signUp();
    const row = async (email: string) =>
      (await h.server.request('GET', `/api/admin/users?q=${encodeURIComponent(email)}`, { token: admin }))
        .body.users[0];
    expect((await row(user.email)).emailVerified).toBe(false);
    const { token } = await verificationMail(user.email);
    await verify(token);
    expect((await row(user.email)).emailVerified).toBe(true);

    const created = uniqueEmail('made');
    const res = await h.server.request('POST', '/api/admin/users', {
      token: admin,
      body: { email: created, password: PASSWORD, role: 'member' },
    });
    expect(res.status).toBe(201);
    expect(res.body.emailVerified).toBe(true);
    expect((await row(created)).emailVerified).toBe(true);
  });
});

describe('the emailVerification policy', () => {
  it('round-trips through the admin policy document, and refuses other values', async () => {
    expect(
      (await h.server.request('GET', '/api/admin/mfa/policy', { token: admin })).body.emailVerification,
    ).toBe('optional');
    try {
      expect((await setPolicy('required')).body.emailVerification).toBe('required');
      expect(
        (await h.server.request('GET', '/api/admin/mfa/policy', { token: admin })).body.emailVerification,
      ).toBe('required');
      const bad = await h.server.request('PUT', '/api/admin/mfa/policy', {
        token: admin,
        body: { emailVerification: 'sometimes' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('emailVerification');
    } finally {
      await setPolicy('optional');
    }
  });

  it('with required, an unverified user cannot enroll a factor until the link is used', async () => {
    const user = await signUp();
    try {
      await setPolicy('required');
      const totp = await h.server.request('POST', '/api/mfa/totp/setup', { token: user.token, body: {} });
      expect(totp.status).toBe(403);
      const email = await h.server.request('POST', '/api/mfa/email/setup', { token: user.token, body: {} });
      expect(email.status).toBe(403);
      const { token } = await verificationMail(user.email);
      expect((await verify(token)).status).toBe(204);
      const after = await h.server.request('POST', '/api/mfa/totp/setup', { token: user.token, body: {} });
      expect(after.status).toBe(200);
    } finally {
      await setPolicy('optional');
    }
  });
});

describe('an email factor can only target a verified address', () => {
  it('on the account address, the confirmed setup code proves it and marks the address verified', async () => {
    const user = await signUp();
    expect((await me(user.token)).body.user.emailVerified).toBe(false);
    const mark = h.smtp.messages.length;
    const setup = await h.server.request('POST', '/api/mfa/email/setup', { token: user.token, body: {} });
    expect(setup.status).toBe(200);
    // Not verified by asking: only the code coming back proves the address.
    expect((await me(user.token)).body.user.emailVerified).toBe(false);
    const mail = await h.smtp.waitFor(
      (m) =>
        h.smtp.messages.indexOf(m) >= mark &&
        m.to.includes(user.email) &&
        /verification code/.test(m.subject),
    );
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    const wrong = await h.server.request('POST', '/api/mfa/email/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(400);
    expect((await me(user.token)).body.user.emailVerified).toBe(false);
    const confirm = await h.server.request('POST', '/api/mfa/email/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code },
    });
    expect(confirm.status).toBe(200);
    expect((await me(user.token)).body.user.emailVerified).toBe(true);
  });
});
