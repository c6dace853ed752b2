import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  challengeEmail,
  type OtpHarness,
  signUpWithEmailFactor,
  signUpWithSMSFactor,
  startOtpHarness,
} from '../helpers/otp.js';
import { totpCode } from '../helpers/server.js';

let h: OtpHarness;
beforeAll(async () => {
  h = await startOtpHarness();
});
afterAll(async () => {
  await h.close();
});

describe('GET /api/mfa shows the owner their own address and number in full (issue 16, smaller)', () => {
  it('to the owner’s session: `destination` in full, the masked `label` unchanged', async () => {
    const user = await signUpWithEmailFactor(h);
    const res = await h.server.request('GET', '/api/mfa', { token: user.token });
    expect(res.status).toBe(200);
    const [factor] = res.body.factors;
    expect(factor).toMatchObject({ type: 'email', destination: user.email });
    // The label keeps the masked form older clients show.
    expect(factor.label).toMatch(/\*\*\*/);
    expect(factor.label).not.toContain(user.email);
  });

  it('an SMS factor gives the full E.164 number; an authenticator app has no destination', async () => {
    const user = await signUpWithSMSFactor(h);
    const res = await h.server.request('GET', '/api/mfa', { token: user.token });
    const [factor] = res.body.factors;
    expect(factor).toMatchObject({ type: 'sms', destination: user.phone });
    expect(factor.label).not.toContain(user.phone);

    const setup = await h.server.request('POST', '/api/mfa/totp/setup', { token: user.token, body: {} });
    expect(setup.status).toBe(200);
    const confirm = await h.server.request('POST', '/api/mfa/totp/confirm', {
      token: user.token,
      body: { factorId: setup.body.factorId, code: totpCode(h.server, setup.body.secret) },
    });
    expect(confirm.status).toBe(200);
    const after = await h.server.request('GET', '/api/mfa', { token: user.token });
    const totp = after.body.factors.find((f: { type: string }) => f.type === 'totp');
    expect(totp).toBeDefined();
    expect(totp).not.toHaveProperty('destination');
  });

  it('a pending sign-in’s mfaToken never gets it: masked label only', async () => {
    const user = await signUpWithEmailFactor(h);
    // Email switched off: the sign-in proves the old factor, then must enroll another with an mfaToken.
    const policy = await h.server.stores.settings.getPolicy();
    policy.methods.email.enabled = false;
    await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    try {
      const login = await h.server.request('POST', '/api/auth/login', {
        body: { email: user.email, password: user.password },
      });
      expect(login.body).toMatchObject({ status: 'mfa_required', replaceFactor: true });
      const code = await challengeEmail(h, login.body.mfaToken, user.email);
      const proved = await h.server.request('POST', '/api/auth/mfa/verify', {
        body: { mfaToken: login.body.mfaToken, method: 'email', code },
      });
      expect(proved.body.status).toBe('mfa_enrollment_required');

      const res = await h.server.request('GET', '/api/mfa', { token: proved.body.mfaToken });
      expect(res.status).toBe(200);
      expect(res.body.factors).toHaveLength(1);
      expect(res.body.factors[0].type).toBe('email');
      expect(res.body.factors[0]).not.toHaveProperty('destination');
      expect(JSON.stringify(res.body)).not.toContain(user.email);
    } finally {
      policy.methods.email.enabled = true;
      await h.server.stores.settings.savePolicy(policy, h.server.clock.now());
    }
  });

  it('another user’s session sees only its own factors', async () => {
    const owner = await signUpWithEmailFactor(h);
    const other = await signUpWithEmailFactor(h);
    const res = await h.server.request('GET', '/api/mfa', { token: other.token });
    expect(res.body.factors.map((f: { destination?: string }) => f.destination)).toEqual([other.email]);
    expect(JSON.stringify(res.body)).not.toContain(owner.email);
  });
});
