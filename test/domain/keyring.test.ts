import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/crypto/keyring.js';

describe('Keyring', () => {
  const keyring = new Keyring(randomBytes(32));

  it('seals with AES-256-GCM and opens only with the same context', () => {
    const secret = randomBytes(20);
    const sealed = keyring.seal(secret, 'factor-1');
    expect(sealed).not.toContain(secret.toString('base64'));
    expect(keyring.open(sealed, 'factor-1')).toEqual(secret);
    expect(() => keyring.open(sealed, 'factor-2')).toThrow();
    expect(() => new Keyring(randomBytes(32)).open(sealed, 'factor-1')).toThrow();
  });

  it('detects tampering', () => {
    const sealed = keyring.seal(Buffer.from('secret'), 'x');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[14] = (raw[14] ?? 0) ^ 1;
    expect(() => keyring.open(`v1.${raw.toString('base64url')}`, 'x')).toThrow();
  });

  it('hashes codes with a per-code salt and verifies them', () => {
    const a = keyring.hashCode('abcdefghjk');
    const b = keyring.hashCode('abcdefghjk');
    expect(a).not.toBe(b);
    expect(keyring.verifyCode('abcdefghjk', a)).toBe(true);
    expect(keyring.verifyCode('abcdefghjm', a)).toBe(false);
    expect(new Keyring(randomBytes(32)).verifyCode('abcdefghjk', a)).toBe(false);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new Keyring(randomBytes(16))).toThrow(/32 bytes/);
  });
});
