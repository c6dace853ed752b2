import type { FactorType } from '../domain/policy.js';
import { AppError } from '../errors.js';
import type { ServiceContext } from '../services/context.js';
import { isMethodDeliverable, loadEffectivePolicy } from '../services/effective-policy.js';
import { requireMfaToken } from '../services/sign-in/verify-second-factor.js';
import type { MfaToken, User } from '../storage/types.js';

/**
 * What every `POST /api/auth/mfa/challenge` starts with, whatever the method: the
 * live pending sign-in, a refusal while the account is locked (a code or key
 * prompt could not be used anyway, rule 14), and whether `method` may be used in
 * it — allowed by the policy, or, when the sign-in replaces disallowed factors,
 * merely deliverable (an old factor proves the user, rule 24).
 */
export async function openSignInChallenge(
  ctx: ServiceContext,
  token: string,
  method: FactorType,
): Promise<{ mfaToken: MfaToken; user: User; usable: boolean }> {
  const { mfaToken, user } = await requireMfaToken(ctx, token, ['verify', 'reenroll']);
  const now = ctx.now();
  // Refuse outright while the account is locked.
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('account_locked', {
      extra: {
        retryAfterSeconds: Math.max(1, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000)),
      },
    });
  }
  const { effective } = await loadEffectivePolicy(ctx, user);
  const usable =
    mfaToken.purpose === 'reenroll'
      ? isMethodDeliverable(ctx, method)
      : effective.allowedMethods.includes(method);
  return { mfaToken, user, usable };
}
