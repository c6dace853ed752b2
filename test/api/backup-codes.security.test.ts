// Flaw guarded: backup codes that are less than single use (SECURITY.md rules 10–12).
// A check-then-update on a code lets N parallel sign-ins spend one code N times (the
// classic TOCTOU of "one blob of codes" designs); a regeneration that leaves old codes
// alive, or that a stolen session can trigger without re-checking the user, hands the
// attacker a permanent bypass; and backup codes must not stand in for a second factor
// the user no longer has (API.md: "They sign in only a user who has at least one other
// confirmed factor").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EnrolledUser,
  signUpWithTOTP,
  startSignIn,
  startTestServer,
  type TestServer,
  totpCode,
} from '../helpers/server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

function verifyBackup(mfaToken: string, code: string) {
  return server.request('POST', '/api/auth/mfa/verify', { body: { mfaToken, method: 'backup_code', code } });
}

/** A fresh session through password + TOTP (a sign-in that just completed counts as recent auth). */
async function freshSession(user: EnrolledUser): Promise<string> {
  const mfaToken = await startSignIn(server, user);
  const res = await server.request('POST', '/api/auth/mfa/verify', {
    body: { mfaToken, method: 'totp', code: totpCode(server, user.secret) },
  });
  expect(res.status).toBe(200);
  server.clock.advanceSeconds(30);
  return res.body.session.token;
}

describe('one-time under concurrency (rule 11)', () => {
  it('30 parallel verifications of one backup code, each on its own mfaToken → exactly one session', async () => {
    const user = await signUpWithTOTP(server);
    const tokens: string[] = [];
    for (let i = 0; i < 30; i++) tokens.push(await startSignIn(server, user));
    const code = user.backupCodes[0]!;

    const answers = await Promise.all(tokens.map((mfaToken) => verifyBackup(mfaToken, code)));
    const sessions = answers.filter((a) => a.status === 200);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.body.session.token).toEqual(expect.any(String));
    for (const a of answers) {
      if (a.status === 200) continue;
      // The losers are wrong codes by now, or refused by the account's failure budget (423),
      // or their pending sign-in died with the lock that budget triggered (401).
      expect([400, 401, 423]).toContain(a.status);
      expect(a.body.session).toBeUndefined();
      expect(a.headers.get('set-cookie')).toBeNull();
    }
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(user.backupCodes.length - 1);
    expect(
      (await server.stores.audit.list({ userId: user.userId, type: 'backup_code_used', limit: 50 })).events,
    ).toHaveLength(1);

    // The losers counted as failures (possibly up to a lock); start clean to look at the code alone.
    await server.stores.users.clearFailures(user.userId);
    const again = await verifyBackup(await startSignIn(server, user), code);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_code');
    // Written differently (upper case, no dash, spaces) it is the same spent code.
    const mfaToken = await startSignIn(server, user);
    for (const variant of [code.toUpperCase(), code.replace('-', ''), ` ${code} `]) {
      const res = await verifyBackup(mfaToken, variant);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_code');
    }
    // Another code of the set still works.
    expect((await verifyBackup(mfaToken, user.backupCodes[1]!)).status).toBe(200);
  });

  it('a backup code spent on re-authentication cannot sign in afterwards', async () => {
    const user = await signUpWithTOTP(server);
    const code = user.backupCodes[2]!;
    const reauth = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'backup_code', code },
    });
    expect(reauth.status).toBe(200);
    const res = await verifyBackup(await startSignIn(server, user), code);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_code');
  });

  it('10 parallel uses of one code through re-authentication → exactly one success', async () => {
    const user = await signUpWithTOTP(server);
    const code = user.backupCodes[3]!;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        server.request('POST', '/api/auth/reauth', {
          token: user.token,
          body: { method: 'backup_code', code },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(user.backupCodes.length - 1);
  });
});

describe('regeneration (rule 12)', () => {
  it('invalidates every old code; the new ones work', async () => {
    const user = await signUpWithTOTP(server);
    const token = await freshSession(user);
    const regen = await server.request('POST', '/api/mfa/backup-codes', { token });
    expect(regen.status).toBe(200);
    const fresh = regen.body.backupCodes as string[];
    expect(fresh).toHaveLength(10);
    for (const code of fresh) expect(code).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    expect(new Set([...fresh, ...user.backupCodes]).size).toBe(20);
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(10);

    // Every old code fails; a right code after at most 4 failures keeps the token and the account usable.
    const old = [...user.backupCodes];
    let next = 0;
    while (old.length > 0) {
      const mfaToken = await startSignIn(server, user);
      for (const code of old.splice(0, 4)) {
        const res = await verifyBackup(mfaToken, code);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_code');
      }
      const ok = await verifyBackup(mfaToken, fresh[next++]!);
      expect(ok.status).toBe(200);
    }
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(10 - next);
  });

  it('is refused with a stale session (403 reauthentication_required) until POST /api/auth/reauth', async () => {
    const user = await signUpWithTOTP(server);
    const token = await freshSession(user);
    server.clock.advanceSeconds(6 * 60);
    const stale = await server.request('POST', '/api/mfa/backup-codes', { token });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('reauthentication_required');
    expect(stale.body.backupCodes).toBeUndefined();
    // The old codes still stand.
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(10);

    // A wrong password does not count as re-authentication.
    const wrong = await server.request('POST', '/api/auth/reauth', {
      token,
      body: { password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect((await server.request('POST', '/api/mfa/backup-codes', { token })).status).toBe(403);

    const reauth = await server.request('POST', '/api/auth/reauth', {
      token,
      body: { password: user.password },
    });
    expect(reauth.status).toBe(200);
    expect(Date.parse(reauth.body.reauthenticatedUntil)).toBeGreaterThan(server.clock.now().getTime());
    const regen = await server.request('POST', '/api/mfa/backup-codes', { token });
    expect(regen.status).toBe(200);
    expect(regen.body.backupCodes).toHaveLength(10);

    // Recent auth runs out again after five minutes.
    server.clock.advanceSeconds(5 * 60 + 1);
    expect((await server.request('POST', '/api/mfa/backup-codes', { token })).status).toBe(403);
  });

  it('the sign-up session is recent only for five minutes', async () => {
    const user = await signUpWithTOTP(server);
    server.clock.advanceSeconds(6 * 60);
    const res = await server.request('POST', '/api/mfa/backup-codes', { token: user.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('reauthentication_required');
  });
});

describe('policy switch (methods.backupCodes.enabled = false)', () => {
  it('once an administrator disables backup codes, an existing code neither finishes a sign-in nor re-authenticates', async () => {
    const user = await signUpWithTOTP(server);
    const policy = await server.stores.settings.getPolicy();
    policy.methods.backupCodes.enabled = false;
    await server.stores.settings.savePolicy(policy, server.clock.now());

    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body.status).toBe('mfa_required');
    // The server no longer offers the method…
    expect(login.body.methods).not.toContain('backup_code');
    // …so it must not accept it either.
    const verify = await verifyBackup(login.body.mfaToken, user.backupCodes[0]!);
    expect(verify.status).not.toBe(200);
    expect(verify.body.session).toBeUndefined();
    const reauth = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'backup_code', code: user.backupCodes[1]! },
    });
    expect(reauth.status).not.toBe(200);
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(user.backupCodes.length);
  });
});

describe('backup codes never replace the only factor', () => {
  it('after the only factor is removed, a pending sign-in cannot be finished with a backup code', async () => {
    const user = await signUpWithTOTP(server);
    const pending = await startSignIn(server, user);
    const token = await freshSession(user);
    const removed = await server.request('DELETE', `/api/mfa/factors/${user.factorId}`, { token });
    expect(removed.status).toBe(204);
    expect((await server.request('GET', '/api/mfa', { token })).body.backupCodes.remaining).toBe(0);

    const res = await verifyBackup(pending, user.backupCodes[0]!);
    expect(res.status).not.toBe(200);
    expect(res.body.session).toBeUndefined();
    // The next sign-in offers no backup-code step at all.
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body.methods ?? []).not.toContain('backup_code');
  });

  it('codes left behind without any confirmed factor are refused by the verifier itself', async () => {
    const user = await signUpWithTOTP(server);
    const pending = await startSignIn(server, user);
    // Remove the factor directly in storage, leaving the backup codes (e.g. a partial reset).
    await server.stores.factors.delete(user.userId, user.factorId);
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(10);

    const res = await verifyBackup(pending, user.backupCodes[0]!);
    expect(res.status).not.toBe(200);
    expect(res.body.session).toBeUndefined();
    // Nor does re-authentication accept one.
    const reauth = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'backup_code', code: user.backupCodes[1]! },
    });
    expect(reauth.status).not.toBe(200);
    // Refused codes were not spent.
    expect((await server.stores.backupCodes.counts(user.userId)).remaining).toBe(10);
  });

  it('with 2FA enforced, a user without factors is sent to enrollment; the enrollment token does not take a backup code', async () => {
    const user = await signUpWithTOTP(server);
    await server.stores.factors.delete(user.userId, user.factorId);
    const policy = await server.stores.settings.getPolicy();
    policy.enforcement.scope = 'all';
    await server.stores.settings.savePolicy(policy, server.clock.now());

    const login = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(login.body.status).toBe('mfa_enrollment_required');
    const res = await verifyBackup(login.body.mfaToken, user.backupCodes[0]!);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_mfa_token');
    expect(res.body.session).toBeUndefined();
  });
});
