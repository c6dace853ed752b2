import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring, SecretUnreadableError } from '../../src/crypto/keyring.js';

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
    const prefix = sealed.slice(0, sealed.lastIndexOf('.') + 1);
    const raw = Buffer.from(sealed.slice(prefix.length), 'base64url');
    raw[14] = (raw[14] ?? 0) ^ 1;
    expect(() => keyring.open(`${prefix}${raw.toString('base64url')}`, 'x')).toThrow(SecretUnreadableError);
  });

  it('rotates: the first key seals, every listed key opens and verifies', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new Keyring(oldKey);
    const during = new Keyring([newKey, oldKey]);
    const after = new Keyring(newKey);
    const sealedOld = before.seal(Buffer.from('s1'), 'f');
    expect(sealedOld.startsWith(`v2.${before.currentKeyId}.`)).toBe(true);
    expect(during.open(sealedOld, 'f').toString()).toBe('s1');
    expect(during.isSealedWithCurrentKey(sealedOld)).toBe(false);
    const sealedNew = during.seal(Buffer.from('s1'), 'f');
    expect(during.isSealedWithCurrentKey(sealedNew)).toBe(true);
    expect(after.open(sealedNew, 'f').toString()).toBe('s1');
    expect(() => after.open(sealedOld, 'f')).toThrow(/not configured/);
    // Code hashes cannot be re-keyed: they verify while their key is listed.
    const hash = before.hashCode('abcdefghjk');
    expect(during.verifyCode('abcdefghjk', hash)).toBe(true);
    expect(after.verifyCode('abcdefghjk', hash)).toBe(false);
    // The key check value opens under exactly the keys that can open the data.
    const check = before.createCheckValue();
    expect(during.opensCheckValue(check)).toBe(true);
    expect(after.opensCheckValue(check)).toBe(false);
  });

  it('opens the v1 form sealed before key ids, with whichever listed key fits', () => {
    const oldKey = randomBytes(32);
    const v2 = new Keyring(oldKey).seal(Buffer.from('legacy'), 'f');
    const v1 = `v1.${v2.slice(v2.lastIndexOf('.') + 1)}`;
    expect(new Keyring([randomBytes(32), oldKey]).open(v1, 'f').toString()).toBe('legacy');
    expect(() => new Keyring(randomBytes(32)).open(v1, 'f')).toThrow(SecretUnreadableError);
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
