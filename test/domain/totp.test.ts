import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32 } from '../../src/domain/base32.js';
import {
  buildOtpauthURI,
  generateHOTP,
  generateTOTP,
  type OTPAlgorithm,
  verifyTOTP,
} from '../../src/domain/totp.js';
import rfc4226 from '../vectors/rfc4226.json' with { type: 'json' };
import rfc6238 from '../vectors/rfc6238.json' with { type: 'json' };

describe('HOTP — RFC 4226 Appendix D', () => {
  const secret = Buffer.from(rfc4226.secretAscii, 'ascii');
  it.each(rfc4226.codes.map((code, counter) => ({ counter, code })))(
    'counter $counter → $code',
    ({ counter, code }) => {
      expect(generateHOTP({ secret, counter: BigInt(counter) })).toBe(code);
    },
  );

  it('the base32 form of the secret decodes to the same bytes', () => {
    expect(decodeBase32(rfc4226.secretBase32)).toEqual(secret);
    expect(encodeBase32(secret)).toBe(rfc4226.secretBase32);
  });
});

describe('TOTP — RFC 6238 Appendix B (8 digits, T0 = 0, X = 30)', () => {
  const algorithms: OTPAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];
  const rows = rfc6238.vectors.flatMap((v) =>
    algorithms.map((algorithm) => ({ time: v.time, algorithm, code: v[algorithm] })),
  );
  it.each(rows)('$algorithm at $time → $code', ({ time, algorithm, code }) => {
    const secret = Buffer.from(rfc6238.seeds[algorithm], 'ascii');
    expect(generateTOTP({ secret, timeSeconds: time, digits: 8, algorithm })).toBe(code);
  });

  it('keeps leading zeros (07081804)', () => {
    const secret = Buffer.from(rfc6238.seeds.SHA1, 'ascii');
    expect(generateTOTP({ secret, timeSeconds: 1111111109, digits: 8 })).toBe('07081804');
  });
});

describe('verifyTOTP', () => {
  const secret = Buffer.from('12345678901234567890', 'ascii');
  const now = new Date(1_700_000_000_000);
  const step = BigInt(Math.floor(now.getTime() / 1000 / 30));
  const codeAt = (offset: number) =>
    generateTOTP({ secret, timeSeconds: now.getTime() / 1000 + offset * 30 });

  it.each([
    { offset: -2, accepted: false },
    { offset: -1, accepted: true },
    { offset: 0, accepted: true },
    { offset: 1, accepted: true },
    { offset: 2, accepted: false },
  ])('a code $offset steps away: accepted=$accepted (±1 step skew)', ({ offset, accepted }) => {
    const matched = verifyTOTP({ secret, code: codeAt(offset), now });
    expect(matched).toBe(accepted ? step + BigInt(offset) : null);
  });

  it('returns the absolute step and refuses it (and earlier ones) afterwards', () => {
    const matched = verifyTOTP({ secret, code: codeAt(0), now });
    expect(matched).toBe(step);
    expect(verifyTOTP({ secret, code: codeAt(0), now, afterStep: matched })).toBeNull();
    expect(verifyTOTP({ secret, code: codeAt(-1), now, afterStep: matched })).toBeNull();
    expect(verifyTOTP({ secret, code: codeAt(1), now, afterStep: matched })).toBe(step + 1n);
  });

  it.each(['', '12345', '1234567', '12a456', ' 123456', '１２３４５６'])('refuses malformed %j', (code) => {
    expect(verifyTOTP({ secret, code, now })).toBeNull();
  });
});

describe('otpauth URI (Key URI Format)', () => {
  it('carries issuer as prefix and parameter, URL-encoded, with algorithm, digits, period', () => {
    const uri = buildOtpauthURI({
      secretBase32: 'JBSWY3DPEHPK3PXP',
      issuer: 'Acme Co',
      account: 'ann+1@example.com',
    });
    expect(uri).toBe(
      'otpauth://totp/Acme%20Co:ann%2B1%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Co&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('base32', () => {
  it('round-trips random data without padding', () => {
    for (let n = 0; n < 50; n++) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 255));
      const text = encodeBase32(data);
      expect(text).not.toContain('=');
      expect(decodeBase32(text)).toEqual(data);
    }
  });
  it('rejects characters outside the alphabet', () => {
    expect(() => decodeBase32('ABC1')).toThrow();
  });
});
