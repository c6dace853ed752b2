import { invalidRequest } from '../../errors.js';
import type { RequestMeta, ServiceContext } from '../../services/context.js';
import { loadEffectivePolicy } from '../../services/effective-policy.js';
import { reauthBinding } from '../../services/sign-in/reauthenticate.js';
import type { Session, User } from '../../storage/types.js';
import { openSignInChallenge } from '../sign-in-challenge.js';
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
  // No code for a locked account; replacing disallowed factors, a code goes to the old address
  // even if the method is off now (rule 24).
  const { mfaToken, user, usable } = await openSignInChallenge(ctx, input.mfaToken, input.method);
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
