import { randomInt } from 'node:crypto';

/** Crockford's base32 alphabet, lower case: no i, l, o, u, so codes read back unambiguously. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 10; // 10 × 5 bits = 50 bits (SECURITY.md rule 10)

/** One backup code shown as `xxxxx-xxxxx`. */
export function generateBackupCode(): string {
  let raw = '';
  for (let i = 0; i < CODE_LENGTH; i++) raw += ALPHABET[randomInt(0, ALPHABET.length)];
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

export function generateBackupCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateBackupCode());
  return [...codes];
}

/**
 * Canonical form used for hashing: lower case, separators removed, and the
 * letters people mistype for digits mapped back (o→0, i/l→1). Returns null when
 * the input cannot be a backup code.
 */
export function normalizeBackupCode(input: string): string | null {
  const canonical = input.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  if (canonical.length !== CODE_LENGTH) return null;
  for (const char of canonical) if (!ALPHABET.includes(char)) return null;
  return canonical;
}
