/**
 * What a Twofold sign-in proved, in the words of OpenID Connect: `amr` values of
 * RFC 8176 §2 and the two `acr` values Twofold publishes. Pure functions.
 */

import { METHOD_DESCRIPTORS } from '../factors/catalog.js';

const METHOD_NAMES = new Set<string>(METHOD_DESCRIPTORS.map((d) => d.type));

/**
 * Twofold's name of each method (the `twofold_methods` claim) from a session's amr entries:
 * `password` and the method types; a key's details (`hwk`, `swk`, `user`) are amr's to say.
 */
export function twofoldMethodNames(sessionAmr: readonly string[]): string[] {
  return sessionAmr.flatMap((entry) =>
    entry === 'pwd' ? ['password'] : METHOD_NAMES.has(entry) ? [entry] : [],
  );
}

/** Each method's RFC 8176 value, as its factor module declares it (totp/email/backup codes `otp`, sms `sms`, webauthn `hwk`). */
const SECOND_FACTORS: Record<string, string> = Object.fromEntries(
  METHOD_DESCRIPTORS.map((d) => [d.type, d.amr]),
);

// A WebAuthn check adds to the session's amr (src/factors/webauthn): `hwk` (a
// single-device key) or `swk` (a synced passkey, RFC 8176: software-secured key),
// and `user` when the key verified its user (PIN, biometrics).

/** Whether a session's amr holds a proven second factor. */
export function hasSecondFactor(sessionAmr: readonly string[]): boolean {
  return sessionAmr.some((entry) => entry in SECOND_FACTORS);
}

/**
 * RFC 8176 values: `pwd`, `otp` / `sms` / `hwk` / `swk` per factor, `user` when a key
 * verified its user, and `mfa` when two factors were used (a passkey with user
 * verification counts as both, NIST SP 800-63B-4).
 */
export function rfc8176Amr(sessionAmr: readonly string[]): string[] {
  const out = new Set<string>();
  let factors = 0;
  if (sessionAmr.includes('pwd')) {
    out.add('pwd');
    factors += 1;
  }
  const keyKind = sessionAmr.find((entry) => entry === 'hwk' || entry === 'swk');
  for (const entry of sessionAmr) {
    const value = entry === 'webauthn' && keyKind ? keyKind : SECOND_FACTORS[entry];
    if (value) {
      out.add(value);
      factors += 1;
    }
  }
  if (sessionAmr.includes('webauthn') && sessionAmr.includes('user')) {
    out.add('user');
    factors += 1;
  }
  if (factors >= 2) out.add('mfa');
  return [...out];
}

/** `mfa` when two factors were proved (a password and a second factor, or a passkey that verified its user), else `pwd`. */
export function acrFor(sessionAmr: readonly string[]): 'mfa' | 'pwd' {
  const passkey = sessionAmr.includes('webauthn') && sessionAmr.includes('user');
  return (sessionAmr.includes('pwd') && hasSecondFactor(sessionAmr)) || passkey ? 'mfa' : 'pwd';
}

/**
 * Whether an authorization request asks for a second factor: `acr_values` naming
 * `mfa` (and not also accepting `pwd`), or an essential `acr` claim of `mfa`.
 */
export function requestsSecondFactor(acrValues: unknown, claims: unknown): boolean {
  if (typeof acrValues === 'string') {
    const values = acrValues.split(' ').filter(Boolean);
    if (values.includes('mfa') && !values.includes('pwd')) return true;
  }
  let parsed: unknown = claims;
  if (typeof claims === 'string') {
    try {
      parsed = JSON.parse(claims);
    } catch {
      return false;
    }
  }
  const acr = (parsed as { id_token?: { acr?: { essential?: boolean; value?: string; values?: string[] } } })
    ?.id_token?.acr;
  if (!acr?.essential) return false;
  if (acr.value === 'mfa') return true;
  return Array.isArray(acr.values) && acr.values.length > 0 && acr.values.every((v) => v === 'mfa');
}
