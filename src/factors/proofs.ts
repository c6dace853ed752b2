import { invalidRequest } from '../errors.js';
import type { ProofInput } from './module.js';

/**
 * A six-digit code (TOTP, email, SMS), or 400 naming `code` before any attempt is
 * spent: a code that cannot be one is bad input, not a wrong guess.
 */
export function readSixDigitCode(input: ProofInput): string {
  const code = input.code ?? '';
  if (!/^\d{6}$/.test(code)) throw invalidRequest([{ field: 'code', message: 'must be 6 digits' }]);
  return code;
}
