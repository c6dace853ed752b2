import { describe, expect, it } from 'vitest';
import { generateBackupCodes, normalizeBackupCode } from '../../src/domain/backup-codes.js';

describe('backup codes', () => {
  it('are 10 characters of a 32-letter alphabet (50 bits), shown as xxxxx-xxxxx', () => {
    const codes = generateBackupCodes(10);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
  });

  it('use every letter of the alphabet over many draws (no bias to a subset)', () => {
    const seen = new Set(generateBackupCodes(200).join('').replace(/-/g, ''));
    expect(seen.size).toBe(32);
  });

  it.each([
    ['abcde-fghjk', 'abcdefghjk'],
    ['ABCDE FGHJK', 'abcdefghjk'],
    ['o1234-56789', '0123456789'],
    ['iL234-56789', '11234567 89'.replace(' ', '')],
  ])('normalizes %j', (input, expected) => {
    expect(normalizeBackupCode(input)).toBe(expected);
  });

  it.each(['', 'abcd', 'abcde-fghjkm', 'abcde-fghj!', '123456'])('rejects %j', (input) => {
    expect(normalizeBackupCode(input)).toBeNull();
  });
});
