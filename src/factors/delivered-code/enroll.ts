import { hashToken } from '../../crypto/random.js';
import { AppError, invalidRequest } from '../../errors.js';
import {
  assertMayAddFactor,
  completeFactorConfirmation,
  MAX_CONFIRM_ATTEMPTS,
  refuseConfirmation,
  requirePendingFactor,
} from '../../services/account/enroll-factor.js';
import type { RequestMeta, ServiceContext } from '../../services/context.js';
import { maskDestination, normalizePhoneNumber } from '../../services/destinations.js';
import type { Principal } from '../../services/principal.js';
import { explainOTPCode, invalidCodeError } from '../../services/sign-in/code-rejection.js';
import { normalizeEmail } from '../../services/sign-in/sign-in.js';
import type { Factor } from '../../storage/types.js';
import { readSixDigitCode } from '../proofs.js';
import {
  type ConsumeResult,
  consumeOTPChallenge,
  type IssuedChallenge,
  issueOTPChallenge,
  reserveSend,
} from './otp-codes.js';

type OtpFactorType = 'email' | 'sms';

/** The pending sign-in an enrollment runs under, if any: its codes are bound to it. */
function bindingOf(principal: Principal): string | null {
  return principal.kind === 'enrollment' ? principal.mfaToken.id : null;
}

/**
 * Starts binding an email address or phone: checks the caller may add the
 * factor, takes a send from the rate limits, reuses a pending setup of the same
 * destination (asking again is a resend: the failure count of that setup is
 * kept, rule 8) or creates one, and sends a code bound to it.
 */
async function setupOTPFactor(
  ctx: ServiceContext,
  principal: Principal,
  type: OtpFactorType,
  destination: string,
  meta: RequestMeta,
): Promise<IssuedChallenge & { factorId: string }> {
  const { user } = principal;
  await assertMayAddFactor(ctx, principal, type);
  const confirmed = await ctx.stores.factors.listConfirmed(user.id);
  if (confirmed.some((f) => f.type === type && f.destination === destination)) {
    throw new AppError('conflict', {
      message: `This ${type === 'email' ? 'email address' : 'phone number'} is already set up.`,
    });
  }
  // Asking again for the same address is a resend of that setup's code (the address is hashed:
  // rate-limit keys are stored).
  await reserveSend(ctx, {
    user,
    channel: type,
    challengeKey: `enroll:${user.id}:${hashToken(destination)}`,
    meta,
  });
  let factor: Factor | null = await ctx.stores.factors.findPendingByDestination(user.id, type, destination);
  factor ??= await ctx.stores.factors.createPending({
    userId: user.id,
    type,
    label: `${type === 'email' ? 'Email' : 'SMS'} ${maskDestination(type, destination)}`,
    destination,
    now: ctx.now(),
  });
  const issued = await issueOTPChallenge(ctx, {
    user,
    factor,
    purpose: 'enroll',
    mfaTokenId: bindingOf(principal),
    notAfter: principal.kind === 'enrollment' ? principal.mfaToken.expiresAt : undefined,
    meta,
  });
  return { factorId: factor.id, ...issued };
}

/** `POST /api/mfa/email/setup`: sends a code to `email`, by default the account's own address. */
export async function setupEmailFactor(
  ctx: ServiceContext,
  principal: Principal,
  input: { email?: string | undefined },
  meta: RequestMeta,
) {
  return setupOTPFactor(ctx, principal, 'email', normalizeEmail(input.email ?? principal.user.email), meta);
}

/** `POST /api/mfa/sms/setup`: sends a code to `phone`, which must be an E.164 number. */
export async function setupSMSFactor(
  ctx: ServiceContext,
  principal: Principal,
  input: { phone: string },
  meta: RequestMeta,
) {
  const phone = normalizePhoneNumber(input.phone);
  if (!phone)
    throw invalidRequest([
      { field: 'phone', message: 'must be a phone number in international (E.164) form, like +15551234567' },
    ]);
  return setupOTPFactor(ctx, principal, 'sms', phone.e164, meta);
}

/**
 * `POST /api/mfa/email/confirm`, `POST /api/mfa/sms/confirm`: the code sent at
 * setup proves the address or phone is the user's. Only a code issued for this
 * setup under the same session or pending sign-in counts.
 */
export async function confirmOTPFactor(
  ctx: ServiceContext,
  principal: Principal,
  type: OtpFactorType,
  input: { factorId: string; code: string },
  meta: RequestMeta,
) {
  const code = readSixDigitCode(input);
  const factor = await requirePendingFactor(ctx, principal.user, input.factorId, type);
  // The code is spent in the confirmation's transaction: a failure after it leaves the code usable.
  let result: ConsumeResult = { outcome: 'wrong' };
  const confirmed = await completeFactorConfirmation(ctx, principal, factor, {
    lastStep: null,
    meta,
    spendCode: async (txCtx) => {
      result = await consumeOTPChallenge(txCtx, {
        factorIds: [factor.id],
        purpose: 'enroll',
        mfaTokenId: bindingOf(principal),
        code,
      });
      return result.outcome === 'accepted';
    },
  });
  if (confirmed) return confirmed;
  if (result.outcome === 'wrong') {
    // Counted like any refused code; `expired` only for the right code whose time ran out.
    const reason = await explainOTPCode(ctx, {
      factorIds: [factor.id],
      purpose: 'enroll',
      mfaTokenId: bindingOf(principal),
      code,
    });
    return refuseConfirmation(ctx, principal, factor, reason);
  }
  // The right code, spent by a parallel request: no guess was made, so none is counted
  // (counting it could discard the setup under the request that is confirming it).
  throw invalidCodeError({
    reason: 'used',
    tokenLeft: Math.max(0, MAX_CONFIRM_ATTEMPTS - factor.confirmAttempts),
    accountLeft: Number.POSITIVE_INFINITY,
    lockoutSeconds: 0,
  });
}
