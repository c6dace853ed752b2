import { describe, expect, it } from 'vitest';
import { acrFor, rfc8176Amr, twofoldMethodNames } from '../../src/oidc/amr.js';

describe('amr and acr of security keys and passkeys (RFC 8176)', () => {
  it('a single-device key after a password: pwd, hwk, mfa', () => {
    expect(rfc8176Amr(['pwd', 'webauthn', 'hwk'])).toEqual(['pwd', 'hwk', 'mfa']);
    expect(acrFor(['pwd', 'webauthn', 'hwk'])).toBe('mfa');
  });

  it('a synced passkey with user verification after a password: swk and user', () => {
    expect(rfc8176Amr(['pwd', 'webauthn', 'swk', 'user'])).toEqual(['pwd', 'swk', 'user', 'mfa']);
  });

  it('a passkey without a password counts as two factors only with user verification', () => {
    expect(rfc8176Amr(['webauthn', 'swk', 'user'])).toEqual(['swk', 'user', 'mfa']);
    expect(acrFor(['webauthn', 'swk', 'user'])).toBe('mfa');
    expect(rfc8176Amr(['webauthn', 'hwk'])).toEqual(['hwk']);
    expect(acrFor(['webauthn', 'hwk'])).toBe('pwd');
  });

  it('a session from before key details were recorded still says hwk', () => {
    expect(rfc8176Amr(['pwd', 'webauthn'])).toEqual(['pwd', 'hwk', 'mfa']);
  });

  it('twofold_methods names the methods only: a passkey alone is webauthn, with a password both', () => {
    expect(twofoldMethodNames(['webauthn', 'swk', 'user'])).toEqual(['webauthn']);
    expect(twofoldMethodNames(['pwd', 'webauthn', 'hwk'])).toEqual(['password', 'webauthn']);
    expect(twofoldMethodNames(['pwd', 'totp'])).toEqual(['password', 'totp']);
  });
});
