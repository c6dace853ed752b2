/**
 * What a Twofold sign-in proved, in the words of OpenID Connect: `amr` values of
 * RFC 8176 §2 and the two `acr` values Twofold publishes. Pure functions.
 */

/** Twofold's name of each method (the `twofold_methods` claim) from a session's amr entry. */
export function twofoldMethodNames(sessionAmr: readonly string[]): string[] {
  return sessionAmr.map((entry) => (entry === 'pwd' ? 'password' : entry));
}

const SECOND_FACTORS: Record<string, string> = {
  totp: 'otp', // RFC 8176: one-time password
  email: 'otp',
  backup_code: 'otp',
  sms: 'sms', // RFC 8176: confirmation by SMS
  webauthn: 'hwk', // RFC 8176: proof of possession of a hardware-secured key
};

/** Whether a session's amr holds a proven second factor. */
export function hasSecondFactor(sessionAmr: readonly string[]): boolean {
  return sessionAmr.some((entry) => entry in SECOND_FACTORS);
}

/** RFC 8176 values: `pwd`, `otp` / `sms` / `hwk` per factor, and `mfa` when two factors were used. */
export function rfc8176Amr(sessionAmr: readonly string[]): string[] {
  const out = new Set<string>();
  let factors = 0;
  if (sessionAmr.includes('pwd')) {
    out.add('pwd');
    factors += 1;
  }
  for (const entry of sessionAmr) {
    const value = SECOND_FACTORS[entry];
    if (value) {
      out.add(value);
      factors += 1;
    }
  }
  if (factors >= 2) out.add('mfa');
  return [...out];
}

/** `mfa` when a password and a second factor were proved, else `pwd`. */
export function acrFor(sessionAmr: readonly string[]): 'mfa' | 'pwd' {
  return sessionAmr.includes('pwd') && hasSecondFactor(sessionAmr) ? 'mfa' : 'pwd';
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
