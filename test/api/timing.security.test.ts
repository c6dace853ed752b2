// Flaw guarded: account enumeration through the password step (SECURITY.md rule 21,
// API.md "same answer and same timing for an unknown email"). If an unknown email is
// answered without the argon2 work a real account costs, the response time alone says
// which addresses have accounts, even when status and body are identical. This test
// guards the dummy hash, not micro-timing: medians within a factor of two.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpWithTOTP, startTestServer, type TestServer, uniqueEmail } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Timed {
  status: number;
  text: string;
  ms: number;
  headers: Headers;
}

/** The login request, answered as raw bytes, timed on the client. */
async function login(email: string, password: string): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started, headers: res.headers };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('unknown email vs wrong password', () => {
  it('same status, byte-identical body, no cookie, comparable time', async () => {
    const user = await signUpWithTOTP(server);
    // Warm both paths (the dummy hash is computed on first use).
    await login(uniqueEmail('ghost'), 'warm up');
    await login(user.email, 'warm up');

    const unknown: Timed[] = [];
    const wrong: Timed[] = [];
    for (let i = 0; i < 8; i++) {
      // Interleaved, so machine noise hits both sides alike.
      unknown.push(await login(uniqueEmail('ghost'), `guess number ${i}`));
      wrong.push(await login(user.email, `guess number ${i}`));
    }

    for (const r of [...unknown, ...wrong]) {
      expect(r.status).toBe(401);
      expect(r.text).toBe(unknown[0]!.text);
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    expect(JSON.parse(unknown[0]!.text).error.code).toBe('invalid_credentials');
    // Nothing in the answer names which part was wrong.
    expect(unknown[0]!.text).not.toMatch(/not found|no (such )?(user|account)|unknown|exist/i);

    const a = median(unknown.map((r) => r.ms));
    const b = median(wrong.map((r) => r.ms));
    expect(
      Math.max(a, b) / Math.min(a, b),
      `medians: unknown ${a.toFixed(1)} ms, wrong password ${b.toFixed(1)} ms`,
    ).toBeLessThan(2);
  });

  it('a locked account with a wrong password answers exactly like an unknown email', async () => {
    const user = await signUpWithTOTP(server);
    const { limits } = await server.stores.settings.getPolicy();
    for (let i = 0; i < limits.maxConsecutiveFailures; i++) {
      await server.stores.users.reserveFailureSlot(
        user.userId,
        limits.maxConsecutiveFailures,
        server.clock.now(),
      );
    }
    const until = new Date(server.clock.now().getTime() + limits.lockoutSeconds * 1000);
    expect(await server.stores.users.lockIfExhausted(user.userId, limits.maxConsecutiveFailures, until)).toBe(
      true,
    );

    const locked = await login(user.email, 'a wrong password');
    const ghost = await login(uniqueEmail('ghost'), 'a wrong password');
    expect(locked.status).toBe(401);
    expect(locked.text).toBe(ghost.text);
  });

  it('an email differing only in case or surrounding spaces is the same account, and answers the same', async () => {
    const user = await signUpWithTOTP(server);
    const variants = [user.email.toUpperCase(), ` ${user.email}`];
    const ghost = await login(uniqueEmail('ghost'), 'nope nope');
    for (const email of variants) {
      const r = await login(email, 'nope nope');
      expect(r.status).toBe(401);
      expect(r.text).toBe(ghost.text);
    }
    // The right password with a variant spelling reaches the second step.
    const ok = await login(user.email.toUpperCase(), user.password);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).status).toBe('mfa_required');
  });
});
