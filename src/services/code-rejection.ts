import { normalizeBackupCode } from '../domain/backup-codes.js';
import type { VerifyMethod } from '../domain/policy.js';
import { verifyTOTP } from '../domain/totp.js';
import { AppError } from '../errors.js';
import type { OtpPurpose } from '../storage/sql/otp-challenges-repository.js';
import type { User } from '../storage/types.js';
import type { ServiceContext } from './context.js';

/**
 * Why a code was refused, as `reason` beside `invalid_code` (API.md):
 * - `used`: the code is right but already spent (a TOTP step at or before the
 *   factor's last accepted one, a spent email/SMS or backup code);
 * - `expired`: the code is right for an email/SMS code whose time ran out;
 * - `wrong`: anything else — including every code that matches nothing, whatever
 *   the state of the user's challenges.
 *
 * docs/security.md ("Refusal reasons help no guesser"): only a code that matched tells more than `wrong`, so the
 * reason never helps a guesser: `used`/`expired` require knowing a real code, and
 * a refused code costs the same attempt whatever its reason.
 */
export type CodeRejectionReason = 'wrong' | 'expired' | 'used';

/**
 * The reason for a code the verifier refused. Looks only at the user's own
 * factors and, for email/SMS, only at codes of the same binding (`binding`: the
 * pending sign-in, the re-check or the verify API), as the verifier does.
 */
export async function explainRejectedCode(
  ctx: ServiceContext,
  input: { user: User; method: VerifyMethod; code: string; binding: string | null },
): Promise<CodeRejectionReason> {
  const { user, method, code } = input;
  const factors = await ctx.stores.factors.listConfirmed(user.id);
  switch (method) {
    case 'totp': {
      for (const factor of factors) {
        if (factor.type !== 'totp' || !factor.secretSealed || factor.lastStep === null) continue;
        const secret = ctx.keyring.open(factor.secretSealed, factor.id);
        const step = verifyTOTP({ secret, code, now: ctx.now() });
        secret.fill(0);
        // A step inside the window but not after the last accepted one: a replay (rule 3).
        if (step !== null && step <= BigInt(factor.lastStep)) return 'used';
      }
      return 'wrong';
    }
    case 'email':
    case 'sms': {
      if (input.binding === null) return 'wrong';
      return explainOTPCode(ctx, {
        factorIds: factors.filter((f) => f.type === method).map((f) => f.id),
        purpose: 'verify',
        mfaTokenId: input.binding,
        code,
      });
    }
    case 'backup_code': {
      const canonical = normalizeBackupCode(code);
      if (!canonical || factors.length === 0) return 'wrong';
      let used = false;
      // Every hash is compared (no early exit), as for the unused codes.
      for (const hash of await ctx.stores.backupCodes.listUsedHashes(user.id)) {
        if (ctx.keyring.verifyCode(canonical, hash)) used = true;
      }
      return used ? 'used' : 'wrong';
    }
    default:
      // Methods without a code (a security key) have nothing to explain.
      return 'wrong';
  }
}

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
