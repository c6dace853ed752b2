import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignIn, startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';
import { SoftAuthenticator } from '../helpers/webauthn-authenticator.js';

/**
 * Re-checking a session with a security key (`POST /api/auth/reauth/challenge`
 * `{"method":"webauthn"}`, then `POST /api/auth/reauth` `{"method":"webauthn","response"}`),
 * with the software authenticator: the challenge is single use and bound to the
 * session that asked, and a failed assertion counts like a wrong code.
 */
let server: TestServer;
let origin: string;

beforeAll(async () => {
  server = await startTestServer();
  origin = `http://localhost:${new URL(server.url).port}`;
});
afterAll(async () => server?.close());

const PASSWORD = 'correct horse battery staple';

/** An account whose only factor is a key, with a session whose recent auth has gone stale. */
async function userWithKey() {
  const email = uniqueEmail('rekey');
  const signup = await server.request('POST', '/api/auth/signup', { body: { email, password: PASSWORD } });
  expect(signup.status).toBe(201);
  const token = signup.body.session.token as string;
  const key = new SoftAuthenticator({ origin });
  const setup = await server.request('POST', '/api/mfa/webauthn/setup', { token, body: { label: 'Key' } });
  const confirm = await server.request('POST', '/api/mfa/webauthn/confirm', {
    token,
    body: { factorId: setup.body.factorId, response: key.register(setup.body.options) },
  });
  expect(confirm.status).toBe(200);
  server.clock.advanceSeconds(400); // the sign-up's recent auth has gone stale
  return { email, password: PASSWORD, token, userId: signup.body.user.id as string, key };
}

async function reauthOptions(token: string) {
  const res = await server.request('POST', '/api/auth/reauth/challenge', {
    token,
    body: { method: 'webauthn' },
  });
  expect(res.status).toBe(200);
  return res.body.options;
}

/** A sensitive action that needs a recent check: new backup codes. */
async function sensitive(token: string) {
  return (await server.request('POST', '/api/mfa/backup-codes', { token })).status;
}

describe('re-checking a session with a security key', () => {
  it('options list the key; its answer re-checks the session, audited with webauthn', async () => {
    const user = await userWithKey();
    expect(await sensitive(user.token)).toBe(403);
    const options = await reauthOptions(user.token);
    expect(options).toMatchObject({
      rpId: 'localhost',
      allowCredentials: [{ id: user.key.credentials[0]!.id.toString('base64url') }],
    });
    const reauth = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'webauthn', response: user.key.authenticate(options) },
    });
    expect(reauth.status).toBe(200);
    expect(Date.parse(reauth.body.reauthenticatedUntil)).toBeGreaterThan(server.clock.now().getTime());
    expect(await sensitive(user.token)).toBe(200);
    const audit = await server.stores.audit.list({ userId: user.userId, limit: 20 });
    expect(audit.events).toContainEqual(
      expect.objectContaining({
        type: 'reauthenticated',
        details: expect.objectContaining({ with: 'webauthn' }),
      }),
    );
  });

  it('a replayed answer, another session’s challenge and a sign-in challenge are refused and counted', async () => {
    const user = await userWithKey();
    const first = user.key.authenticate(await reauthOptions(user.token));
    expect(
      (
        await server.request('POST', '/api/auth/reauth', {
          token: user.token,
          body: { method: 'webauthn', response: first },
        })
      ).status,
    ).toBe(200);
    // A second session of the same user (signed in before the failures: a sign-in clears the count).
    const other = await server.request('POST', '/api/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(other.body.status).toBe('mfa_required');
    const otherSignIn = await server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken: other.body.mfaToken, method: 'webauthn' },
    });
    const otherSession = await server.request('POST', '/api/auth/mfa/verify', {
      body: {
        mfaToken: other.body.mfaToken,
        method: 'webauthn',
        response: user.key.authenticate(otherSignIn.body.options),
      },
    });
    expect(otherSession.status).toBe(200);
    const otherToken = otherSession.body.session.token as string;
    server.clock.advanceSeconds(400);

    // The same answer again: its challenge is spent.
    const replay = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'webauthn', response: first },
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error.code).toBe('invalid_code');

    // A second session of the same user asks for options; its challenge does not re-check the first session.
    const foreign = user.key.authenticate(await reauthOptions(otherToken));
    const crossed = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'webauthn', response: foreign },
    });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.code).toBe('invalid_code');

    // A pending sign-in's challenge cannot re-check a session either.
    const mfaToken = await startSignIn(server, user);
    const signInChallenge = await server.request('POST', '/api/auth/mfa/challenge', {
      body: { mfaToken, method: 'webauthn' },
    });
    const fromSignIn = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'webauthn', response: user.key.authenticate(signInChallenge.body.options) },
    });
    expect(fromSignIn.status).toBe(400);
    expect(fromSignIn.body.error.code).toBe('invalid_code');

    // An answer from another origin, to a good challenge: refused too.
    const phished = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: {
        method: 'webauthn',
        response: user.key.authenticate(await reauthOptions(user.token), { origin: 'https://evil.example' }),
      },
    });
    expect(phished.status).toBe(400);

    // Four failures in a row count toward the account's lockout, like wrong codes.
    const stored = await server.stores.users.findById(user.userId);
    expect(stored?.failedAttempts).toBe(4);
    expect(await sensitive(user.token)).toBe(403);

    // The other session's challenge is still its own, and a fresh one re-checks this session.
    const own = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'webauthn', response: user.key.authenticate(await reauthOptions(user.token)) },
    });
    expect(own.status).toBe(200);
    expect(await sensitive(user.token)).toBe(200);
  });

  it('bad input answers 400 naming the field; no key means no options', async () => {
    const user = await userWithKey();
    const noResponse = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'webauthn' },
    });
    expect(noResponse.status).toBe(400);
    const malformed = await server.request('POST', '/api/auth/reauth', {
      token: user.token,
      body: { method: 'webauthn', response: { id: 'x' } },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { field: string }) => d.field).join(' ')).toMatch(/response/);

    const plain = await server.request('POST', '/api/auth/signup', {
      body: { email: uniqueEmail('nokey'), password: PASSWORD },
    });
    const noKey = await server.request('POST', '/api/auth/reauth/challenge', {
      token: plain.body.session.token,
      body: { method: 'webauthn' },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.details[0].field).toBe('method');
  });
});
