import { hashPassword, verifyPassword } from '../../crypto/passwords.js';
import { AppError } from '../../errors.js';
import type { Session, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { type Principal, requireRecentAuth } from '../principal.js';
import { assertPasswordChanges } from '../sign-in/password-reset.js';

/**
 * `POST /api/account/password`: needs a recent check and the current password
 * (SECURITY.md rule 18). Every other session and pending sign-in ends; this one
 * stays. The owner is told by email.
 */
export async function changePassword(
  ctx: ServiceContext,
  principal: Extract<Principal, { kind: 'session' }>,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const { user, session }: { user: User; session: Session } = principal;
  requireRecentAuth(ctx, principal);
  // Password guesses share the re-check's throttle.
  const limit = await ctx.stores.rateLimiter.consume(`reauth:${user.id}`, 10, 900, ctx.now());
  if (!limit.allowed)
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: limit.retryAfterSeconds } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordEvent(ctx, 'sign_in_failed', {
      userId: user.id,
      orgId: user.orgId,
      meta,
      details: { step: 'password_change' },
    });
    throw new AppError('invalid_credentials', {
      message: 'The current password is wrong.',
      extra: { details: [{ field: 'currentPassword', message: 'is wrong' }] },
    });
  }
  await assertPasswordChanges(ctx, user, input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);

  const now = ctx.now();
  await ctx.stores.transaction(async (tx) => {
    const txCtx: ServiceContext = { ...ctx, stores: { ...ctx.stores, ...tx } };
    await tx.users.setPasswordHash(user.id, passwordHash, now);
    const ended = await tx.sessions.revokeAllForUser(user.id, now, session.id);
    await tx.mfaTokens.revokeAllForUser(user.id, now);
    await tx.passwordResets.revokeAllForUser(user.id, now);
    await tx.rememberedBrowsers.revokeAllForUser(user.id, now);
    await recordEvent(txCtx, 'password_changed', {
      userId: user.id,
      actorId: user.id,
      orgId: user.orgId,
      meta,
      details: { sessionsEnded: ended },
    });
  });
  ctx.notifier.notify(user, { type: 'password_changed' }, meta);
}
