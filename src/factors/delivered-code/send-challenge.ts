import { AppError, invalidRequest } from '../../errors.js';
import type { RequestMeta, ServiceContext } from '../../services/context.js';
import { isMethodDeliverable, loadEffectivePolicy } from '../../services/effective-policy.js';
import { reauthBinding } from '../../services/reauthenticate.js';
import { requireMfaToken } from '../../services/verify-second-factor.js';
import type { Session, User } from '../../storage/types.js';
import { type IssuedChallenge, issueOTPChallenge, reserveSend } from './otp-codes.js';

/**
 * `POST /api/auth/mfa/challenge`: sends an email or SMS code for a pending
 * sign-in, bound to it. The method must be one the login answer listed (a
 * confirmed factor of an allowed type), so this reveals nothing the login did
 * not. Asking again replaces the code (rule 8) after the resend cooldown; the
 * attempts already spent on the pending sign-in stay spent.
 */
export async function sendSignInChallenge(
  ctx: ServiceContext,
  input: { mfaToken: string; method: 'email' | 'sms' },
  meta: RequestMeta,
): Promise<IssuedChallenge & { method: 'email' | 'sms' }> {
  const { mfaToken, user } = await requireMfaToken(ctx, input.mfaToken, ['verify', 'reenroll']);
  const now = ctx.now();
  // No code for a locked account: it could not be used anyway (rule 14).
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('account_locked', {
      extra: {
        retryAfterSeconds: Math.max(1, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000)),
      },
    });
  }
  const { effective } = await loadEffectivePolicy(ctx, user);
  // Replacing disallowed factors: a code goes to the old address even if the method is off now (rule 24).
  const usable =
    mfaToken.purpose === 'reenroll'
      ? isMethodDeliverable(ctx, input.method)
      : effective.allowedMethods.includes(input.method);
  const factors = usable
    ? (await ctx.stores.factors.listConfirmed(user.id)).filter((f) => f.type === input.method)
    : [];
  // Preferred first, then oldest: listConfirmed's order.
  const factor = factors[0];
  if (!factor)
    throw invalidRequest([{ field: 'method', message: 'is not one of the methods of this sign-in' }]);

  // A resend of this pending sign-in's code waits out the cooldown; a new sign-in does not.
  await reserveSend(ctx, { user, channel: input.method, challengeKey: `signin:${mfaToken.id}`, meta });
  const issued = await issueOTPChallenge(ctx, {
    user,
    factor,
    purpose: 'verify',
    mfaTokenId: mfaToken.id,
    notAfter: mfaToken.expiresAt,
    meta,
  });
  return { method: input.method, ...issued };
}

/**
 * `POST /api/auth/reauth/challenge`: sends an email or SMS code that can only
 * re-check this session (`POST /api/auth/reauth {method, code}`), not sign anyone in.
 */
export async function sendReauthChallenge(
  ctx: ServiceContext,
  auth: { user: User; session: Session },
  method: 'email' | 'sms',
  meta: RequestMeta,
): Promise<IssuedChallenge & { method: 'email' | 'sms' }> {
  const { user, session } = auth;
  const { effective } = await loadEffectivePolicy(ctx, user);
  const factor = effective.allowedMethods.includes(method)
    ? (await ctx.stores.factors.listConfirmed(user.id)).find((f) => f.type === method)
    : undefined;
  if (!factor) throw invalidRequest([{ field: 'method', message: 'is not one of your methods' }]);
  await reserveSend(ctx, { user, channel: method, challengeKey: reauthBinding(session), meta });
  const issued = await issueOTPChallenge(ctx, {
    user,
    factor,
    purpose: 'verify',
    mfaTokenId: reauthBinding(session),
    notAfter: session.expiresAt,
    meta,
  });
  return { method, ...issued };
}
