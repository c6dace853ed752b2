import zxcvbnCore from '@zxcvbn-ts/core';
import zxcvbnCommon from '@zxcvbn-ts/language-common';
import zxcvbnEn from '@zxcvbn-ts/language-en';
import type { Role } from '../domain/policy.js';
import { invalidRequest } from '../errors.js';
import type { ServiceContext } from './context.js';

/** NIST SP 800-63B §3.1.1.2: at least 8 characters, allow at least 64; we take up to 128. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** zxcvbn scores below this (fewer than ~10^6 guesses) are refused as common. */
const MIN_SCORE = 2;

let ready = false;

/** Loads zxcvbn's dictionaries (common passwords, names, English words) once per process. */
function ensureDictionaries(): void {
  if (ready) return;
  zxcvbnCore.zxcvbnOptions.setOptions({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    // The l33t matcher's substitution search is exponential (seconds to tens of seconds
    // for 30–64 characters like `p4ssw0rd1!…`): a request could pin the event loop.
    // Without it, common l33t forms still score low through the other matchers.
    l33tMaxSubstitutions: 0,
  });
  ready = true;
}

/** Why a password is refused: a code a UI words in its own language, and the English text. */
export interface PasswordProblem {
  reason: 'password_too_short' | 'password_too_long' | 'password_common';
  /** The length bound for the `*_too_short` / `*_too_long` reasons. */
  limit?: number;
  message: string;
}

/**
 * Why `password` is refused, or null when it is acceptable (SECURITY.md rule 27,
 * NIST SP 800-63B §3.1.1.2): 8–128 characters (administrators
 * `ADMIN_PASSWORD_MIN_LENGTH`, 15 by default), no composition rules, and not found
 * in a list of common or breached passwords (zxcvbn-ts's dictionaries, which also
 * catch keyboard walks, repeats, dates and the account's own email or name).
 * @example passwordProblem('password', { role: 'member', adminMinLength: 15 })?.reason // 'password_common'
 */
export function passwordProblem(
  password: string,
  options: { role: Role; adminMinLength: number; userInputs?: string[] },
): PasswordProblem | null {
  // Characters, not UTF-16 units: an emoji counts once (NIST: each Unicode code point is one character).
  const length = [...password].length;
  const admin = options.role === 'system_admin' || options.role === 'org_admin';
  const min = admin ? Math.max(PASSWORD_MIN_LENGTH, options.adminMinLength) : PASSWORD_MIN_LENGTH;
  if (length < min) {
    return {
      reason: 'password_too_short',
      limit: min,
      message: admin
        ? `must be at least ${min} characters for an administrator`
        : `must be at least ${min} characters`,
    };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return {
      reason: 'password_too_long',
      limit: PASSWORD_MAX_LENGTH,
      message: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
    };
  }
  ensureDictionaries();
  // zxcvbn's cost grows with length; the first 48 characters decide whether it is common.
  const result = zxcvbnCore.zxcvbn(password.slice(0, 48), options.userInputs ?? []);
  const wholeIsOneWord = result.sequence.length === 1 && result.sequence[0]?.pattern !== 'bruteforce';
  if (result.score < MIN_SCORE || wholeIsOneWord) {
    const warning = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '')})` : '';
    return {
      reason: 'password_common',
      message: `is too common or easy to guess${warning}: it appears in lists of leaked passwords or follows a pattern attackers try first. Use a longer phrase of unrelated words`,
    };
  }
  return null;
}

/** Throws `400 invalid_request` naming `field` when {@link passwordProblem} finds one. */
export function assertAcceptablePassword(
  ctx: Pick<ServiceContext, 'config'>,
  password: string,
  subject: { role: Role; email?: string; name?: string | null },
  field = 'password',
): void {
  const userInputs = [
    subject.email ?? '',
    ...(subject.email?.split(/[@.+_-]/) ?? []),
    subject.name ?? '',
  ].filter((s) => s.length >= 3);
  const problem = passwordProblem(password, {
    role: subject.role,
    adminMinLength: ctx.config.adminPasswordMinLength,
    userInputs,
  });
  if (problem) {
    const { reason, limit, message } = problem;
    throw invalidRequest(
      [{ field, message, reason, ...(limit ? { limit } : {}) }],
      `The ${field} ${message}.`,
    );
  }
}
