import { AppError } from '../../errors.js';
import type { OtpPurpose } from '../../storage/sql/otp-challenges-repository.js';
import type { ServiceContext } from '../context.js';

/**
 * Why a code was refused, as `reason` beside `invalid_code` (API.md):
 * - `used`: the code is right but already spent (a TOTP step at or before the
 *   factor's last accepted one, a spent email/SMS or backup code);
 * - `expired`: the code is right for an email/SMS code whose time ran out;
 * - `wrong`: anything else — including every code that matches nothing, whatever
 *   the state of the user's challenges.
 *
 * Each factor module's verifier explains its own refusals (`explainRejection`).
 * docs/security.md ("Refusal reasons help no guesser"): only a code that matched tells more than `wrong`, so the
 * reason never helps a guesser: `used`/`expired` require knowing a real code, and
 * a refused code costs the same attempt whatever its reason.
 */
export type CodeRejectionReason = 'wrong' | 'expired' | 'used';

/**
 * The reason for a refused email/SMS code among the codes issued to `factorIds`
 * for `purpose` under exactly `mfaTokenId`: `used` if it matches a spent one,
 * `expired` if it matches one whose time ran out, else `wrong`.
 */
export async function explainOTPCode(
  ctx: ServiceContext,
  input: { factorIds: string[]; purpose: OtpPurpose; mfaTokenId: string | null; code: string },
): Promise<CodeRejectionReason> {
  const now = ctx.now();
  let reason: CodeRejectionReason = 'wrong';
  for (const issued of await ctx.stores.otpChallenges.findIssued(input)) {
    if (!ctx.keyring.verifyCode(input.code, issued.codeHash)) continue;
    if (issued.consumedAt) return 'used';
    if (issued.expiresAt <= now) reason = 'expired';
  }
  return reason;
}

/**
 * `400 invalid_code` for a refused second-factor code: `attemptsRemaining` (the
 * fewer of what the pending sign-in and the account have left), the `reason`, and,
 * where the account-wide lockout is what those attempts run into,
 * `lockoutAfterAttempts` (this many more wrong codes lock the account; 1: the next
 * one does) and `lockoutSeconds` (for how long) — so the UI can say "1 more wrong
 * code locks your account for 15 minutes" before it happens.
 */
export function invalidCodeError(input: {
  reason: CodeRejectionReason;
  /** Attempts the pending sign-in has left (Infinity without one). */
  tokenLeft: number;
  /** Failures the account may still take before it locks. */
  accountLeft: number;
  lockoutSeconds: number;
}): AppError {
  const { reason, tokenLeft, accountLeft, lockoutSeconds } = input;
  const attemptsRemaining = Math.max(0, Math.min(tokenLeft, accountLeft));
  const lockout = accountLeft > 0 && accountLeft <= tokenLeft;
  return new AppError('invalid_code', {
    message: REASON_MESSAGES[reason],
    extra: {
      attemptsRemaining,
      reason,
      ...(lockout ? { lockoutAfterAttempts: accountLeft, lockoutSeconds } : {}),
    },
  });
}

/** The message of `invalid_code` per reason. */
export const REASON_MESSAGES: Record<CodeRejectionReason, string> = {
  wrong: 'The code is wrong.',
  expired: 'The code has expired. Ask for a new one.',
  used: 'The code was already used.',
};
