import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../crypto/random.js';

export type OTPAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Parameters of a TOTP factor. Defaults are what every authenticator app supports. */
export interface TOTPParameters {
  algorithm: OTPAlgorithm;
  digits: 6 | 8;
  periodSeconds: number;
}

export const DEFAULT_TOTP: TOTPParameters = Object.freeze({
  algorithm: 'SHA1',
  digits: 6,
  periodSeconds: 30,
});

/** Secret length in bytes: 160 bits, RFC 4226 §4 R6 recommends at least that. */
export const TOTP_SECRET_BYTES = 20;

/**
 * HOTP, RFC 4226 §5.3. The counter is an 8-byte big-endian integer built with
 * BigInt, so counters past 2^32 (TOTP after year 2106, or T0 tricks) stay exact.
 * @example generateHOTP({ secret: Buffer.from('12345678901234567890'), counter: 0n }) // '755224'
 */
export function generateHOTP(options: {
  secret: Uint8Array;
  counter: bigint;
  digits?: number;
  algorithm?: OTPAlgorithm;
}): string {
  const { secret, counter, digits = 6, algorithm = 'SHA1' } = options;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm.toLowerCase(), secret).update(message).digest();
  // Dynamic truncation, RFC 4226 §5.3: the low 4 bits of the last byte pick the offset.
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/** The RFC 6238 §4.2 time step `T = floor((unixTime - T0) / X)`. */
export function timeStepAt(timeSeconds: number, periodSeconds: number, t0Seconds = 0): bigint {
  return BigInt(Math.floor((timeSeconds - t0Seconds) / periodSeconds));
}

/**
 * TOTP, RFC 6238 §4.
 * @example generateTOTP({ secret, timeSeconds: 59, digits: 8 }) // '94287082'
 */
export function generateTOTP(options: {
  secret: Uint8Array;
  timeSeconds: number;
  periodSeconds?: number;
  digits?: number;
  algorithm?: OTPAlgorithm;
}): string {
  const { periodSeconds = 30, ...rest } = options;
  return generateHOTP({ ...rest, counter: timeStepAt(options.timeSeconds, periodSeconds) });
}

/**
 * Verifies a TOTP code and returns the **absolute time step** it matched, or null.
 * Replay refusal stores that step and passes it back as `afterStep`.
 *
 * @param options.now server time only (the client's clock is never trusted)
 * @param options.window accepted skew in steps on either side (RFC 6238 §5.2 recommends at most one)
 * @param options.afterStep the last step this factor accepted; only later steps count
 */
export function verifyTOTP(options: {
  secret: Uint8Array;
  code: string;
  now: Date;
  params?: TOTPParameters;
  window?: number;
  afterStep?: bigint | null;
}): bigint | null {
  const { secret, code, now, params = DEFAULT_TOTP, window = 1, afterStep = null } = options;
  // Refuse malformed codes before any HMAC work.
  if (!new RegExp(`^\\d{${params.digits}}$`).test(code)) return null;
  const current = timeStepAt(now.getTime() / 1000, params.periodSeconds);
  let matched: bigint | null = null;
  // Check every step of the window, whatever matches first, so timing does not tell which step hit.
  for (let delta = -window; delta <= window; delta++) {
    const step = current + BigInt(delta);
    if (step < 0n) continue;
    const candidate = generateHOTP({
      secret,
      counter: step,
      digits: params.digits,
      algorithm: params.algorithm,
    });
    if (constantTimeEqual(candidate, code) && matched === null) matched = step;
  }
  if (matched === null) return null;
  // Refuse a step at or before the last accepted one (RFC 6238 §5.2: one use per step).
  if (afterStep !== null && matched <= afterStep) return null;
  return matched;
}

/**
 * Key URI Format (google-authenticator wiki): issuer both as label prefix and as
 * parameter, base32 without padding.
 */
export function buildOtpauthURI(options: {
  secretBase32: string;
  issuer: string;
  account: string;
  params?: TOTPParameters;
}): string {
  const { secretBase32, issuer, account, params = DEFAULT_TOTP } = options;
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = [
    `secret=${secretBase32}`,
    `issuer=${encodeURIComponent(issuer)}`,
    `algorithm=${params.algorithm}`,
    `digits=${params.digits}`,
    `period=${params.periodSeconds}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}
