import { verifyPassword } from '../../crypto/passwords.js';
import type { VerifyMethod } from '../../domain/policy.js';
import { AppError, invalidRequest } from '../../errors.js';
import type { Session, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { reauthenticatedUntil } from './sessions.js';
import { checkSecondFactor } from './verify-second-factor.js';

/** Email/SMS codes for a re-check are bound to the session that asked (never to a sign-in). */
export function reauthBinding(session: Session): string {
  return `reauth:${session.id}`;
}

/** Wrong re-check passwords allowed per user in {@link REAUTH_WINDOW_SECONDS}. */
export const REAUTH_PASSWORD_LIMIT = 10;
const REAUTH_WINDOW_SECONDS = 900;

/** The rate-limit key of a user's re-check passwords. */
export function reauthLimitKey(userId: string): string {
  return `reauth:${userId}`;
}

/**
 * `POST /api/auth/reauth`: a fresh password or second-factor check marks the
 * session as recently authenticated for five minutes. Password guesses share the
 * login throttle; code guesses share the second-factor limits and lockout.
 */
export async function reauthenticate(
  ctx: ServiceContext,
  auth: { user: User; session: Session },
  input: {
    password?: string | undefined;
    method?: VerifyMethod | undefined;
    code?: string | undefined;
    /** `webauthn`: the key's answer to the options `/api/auth/reauth/challenge` gave this session. */
    response?: unknown;
  },
  meta: RequestMeta,
) {
  const { user, session } = auth;
  if (input.password !== undefined) {
    // Counted before the check (parallel guesses cannot overrun it), and cleared by a
    // correct password: only failures add up (issue 10: eleven correct re-checks are fine).
    const key = reauthLimitKey(user.id);
    const limit = await ctx.stores.rateLimiter.consume(
      key,
      REAUTH_PASSWORD_LIMIT,
      REAUTH_WINDOW_SECONDS,
      ctx.now(),
    );
    if (!limit.allowed)
      throw new AppError('rate_limited', { extra: { retryAfterSeconds: limit.retryAfterSeconds } });
    const ok = await verifyPassword(user.passwordHash, input.password);
    if (ok) await ctx.stores.rateLimiter.reset(key);
    if (!ok) {
      await recordEvent(ctx, 'sign_in_failed', {
        userId: user.id,
        orgId: user.orgId,
        meta,
        details: { step: 'reauth' },
      });
      throw new AppError('invalid_credentials', { message: 'The password is wrong.' });
    }
  } else if (input.method && (input.code !== undefined || input.response !== undefined)) {
    // The spent code (or key challenge) and the re-check mark commit together (see checkSecondFactor);
    // a key's challenge is bound to this session like an email/SMS code, and a failed assertion
    // counts like a wrong code.
    const { result } = await checkSecondFactor(
      ctx,
      {
        user,
        method: input.method,
        code: input.code,
        response: input.response,
        mfaToken: null,
        binding: reauthBinding(session),
        meta,
      },
      (txCtx) => markReauthenticated(txCtx, auth, input.method!, meta),
    );
    return result;
  } else {
    throw invalidRequest([{ field: 'password', message: 'give a password, or a method and a code' }]);
  }
  return markReauthenticated(ctx, auth, 'password', meta);
}

async function markReauthenticated(
  ctx: ServiceContext,
  auth: { user: User; session: Session },
  method: VerifyMethod | 'password',
  meta: RequestMeta,
) {
  const { user, session } = auth;
  const now = ctx.now();
  await ctx.stores.sessions.markReauthenticated(session.id, now);
  await recordEvent(ctx, 'reauthenticated', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta,
    details: { with: method },
  });
  return { reauthenticatedUntil: reauthenticatedUntil({ ...session, reauthAt: now }).toISOString() };
}
