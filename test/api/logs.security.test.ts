// Flaw guarded: credentials in the logs (SECURITY.md rule 22, OWASP ASVS V7/V16: logs
// never contain a password, code, secret, backup code or token). Logs are shipped,
// retained and read by more people than the database is; a request body, an
// Authorization header, a Set-Cookie or a debug line carrying a secret turns them into
// a second credential store. The whole flow runs at LOG_LEVEL=trace, so a leak at any
// level counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../src/domain/base32.js';
import { startTestServer, type TestServer, totpCode, uniqueEmail } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: 'trace' } });
});
afterAll(async () => {
  await server.close();
});

/** Every secret the flow handled, by name, with the forms it could be logged in. */
const secrets: Array<{ what: string; value: string; digitsOnly?: boolean }> = [];

function remember(what: string, value: string) {
  secrets.push({ what, value });
}
function rememberCode(what: string, value: string) {
  secrets.push({ what, value, digitsOnly: true });
}
function rememberBackupCode(what: string, code: string) {
  const bare = code.replace('-', '');
  for (const form of [code, bare, code.toUpperCase(), bare.toUpperCase()]) remember(what, form);
}
function rememberSecret(base32: string) {
  remember('TOTP secret (base32)', base32);
  remember('TOTP secret (base32, lower case)', base32.toLowerCase());
  const bytes = decodeBase32(base32);
  remember('TOTP secret (hex)', bytes.toString('hex'));
  remember('TOTP secret (HEX)', bytes.toString('hex').toUpperCase());
  remember('TOTP secret (base64)', bytes.toString('base64'));
  remember('TOTP secret (base64url)', bytes.toString('base64url'));
  remember('TOTP secret (latin1 bytes)', bytes.toString('latin1'));
}

async function ok(res: Promise<Awaited<ReturnType<TestServer['request']>>>, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r;
}

describe('no secret reaches the log', () => {
  it('runs sign-up, TOTP setup, logout, logins with TOTP and a backup code, failures, reauth and regeneration', async () => {
    const email = uniqueEmail();
    const password = 'Tr0ub4dor&3-horse-battery';
    const wrongPassword = 'Tr0ub4dor&3-guess-wrong';
    remember('password', password);
    remember('wrong password', wrongPassword);

    // Sign-up and TOTP setup + confirm.
    const signup = await ok(
      server.request('POST', '/api/auth/signup', { body: { email, password, name: 'Logged' } }),
      201,
    );
    const token1 = signup.body.session.token as string;
    remember('session token (sign-up)', token1);
    const setup = await ok(
      server.request('POST', '/api/mfa/totp/setup', { token: token1, body: { label: 'Phone' } }),
    );
    const secret = setup.body.secret as string;
    rememberSecret(secret);
    remember('otpauth URI', setup.body.otpauthUri);
    remember('otpauth URI (encoded)', encodeURIComponent(setup.body.otpauthUri));
    const wrongConfirm = totpCode(server, secret, 5);
    rememberCode('wrong confirm code', wrongConfirm);
    await ok(
      server.request('POST', '/api/mfa/totp/confirm', {
        token: token1,
        body: { factorId: setup.body.factorId, code: wrongConfirm },
      }),
      400,
    );
    const confirmCode = totpCode(server, secret);
    rememberCode('confirm code', confirmCode);
    const confirm = await ok(
      server.request('POST', '/api/mfa/totp/confirm', {
        token: token1,
        body: { factorId: setup.body.factorId, code: confirmCode },
      }),
    );
    const backupCodes = confirm.body.backupCodes as string[];
    for (const code of backupCodes) rememberBackupCode('backup code', code);
    server.clock.advanceSeconds(30);

    // Logout.
    await ok(server.request('POST', '/api/auth/logout', { token: token1 }), 204);

    // Login + TOTP, with one wrong code first.
    const login1 = await ok(server.request('POST', '/api/auth/login', { body: { email, password } }));
    const mfa1 = login1.body.mfaToken as string;
    remember('mfaToken (TOTP login)', mfa1);
    const wrongCode = totpCode(server, secret, 4);
    rememberCode('wrong TOTP code', wrongCode);
    await ok(
      server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: mfa1, method: 'totp', code: wrongCode },
      }),
      400,
    );
    const code1 = totpCode(server, secret);
    rememberCode('TOTP code', code1);
    const verify1 = await ok(
      server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: mfa1, method: 'totp', code: code1 },
      }),
    );
    remember('session token (TOTP login)', verify1.body.session.token);
    server.clock.advanceSeconds(30);

    // Login + backup code (typed in upper case with spaces, as people do).
    const login2 = await ok(server.request('POST', '/api/auth/login', { body: { email, password } }));
    const mfa2 = login2.body.mfaToken as string;
    remember('mfaToken (backup-code login)', mfa2);
    const typed = ` ${backupCodes[0]!.toUpperCase()} `;
    const verify2 = await ok(
      server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: mfa2, method: 'backup_code', code: typed },
      }),
    );
    const token3 = verify2.body.session.token as string;
    remember('session token (backup-code login)', token3);

    // A wrong password, and a cookie-authenticated request (the cookie header must not be logged either).
    await ok(server.request('POST', '/api/auth/login', { body: { email, password: wrongPassword } }), 401);
    await ok(
      server.request('GET', '/api/auth/session', { headers: { cookie: `twofold_session=${token3}` } }),
    );

    // Reauth with password (and with a wrong one), then regenerate backup codes.
    await ok(
      server.request('POST', '/api/auth/reauth', { token: token3, body: { password: wrongPassword } }),
      401,
    );
    await ok(server.request('POST', '/api/auth/reauth', { token: token3, body: { password } }));
    const reauthCode = totpCode(server, secret);
    rememberCode('reauth TOTP code', reauthCode);
    await ok(
      server.request('POST', '/api/auth/reauth', {
        token: token3,
        body: { method: 'totp', code: reauthCode },
      }),
    );
    const regenerated = await ok(server.request('POST', '/api/mfa/backup-codes', { token: token3 }));
    for (const code of regenerated.body.backupCodes as string[])
      rememberBackupCode('regenerated backup code', code);

    // A bad request carrying secrets in the wrong places (validation errors are logged at some level).
    await ok(
      server.request('POST', '/api/auth/login', { body: { email: password, password: [password] } }),
      400,
    );
    await ok(
      server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: mfa1, method: 'totp', code: `${code1}0` },
      }),
      401,
    );
    await ok(
      server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: mfa2, method: 'totp', code: `x${code1}` },
      }),
      401,
    );

    const log = server.logs.join('');
    expect(server.logs.length).toBeGreaterThan(10); // the flow was logged at all

    const leaks: string[] = [];
    for (const { what, value, digitsOnly } of secrets) {
      const found = digitsOnly ? new RegExp(`(?<!\\d)${value}(?!\\d)`).test(log) : log.includes(value);
      if (found) {
        const line = server.logs.find((l) =>
          digitsOnly ? new RegExp(`(?<!\\d)${value}(?!\\d)`).test(l) : l.includes(value),
        );
        leaks.push(`${what}: ${line?.slice(0, 300)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
