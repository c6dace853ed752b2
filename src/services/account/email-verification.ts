import { hashToken, randomToken } from '../../crypto/random.js';
import { renderEmailVerificationMessage } from '../../delivery/messages.js';
import { AppError, invalidRequest } from '../../errors.js';
import type { User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { productNameFor, recipientLocale } from '../message-templates.js';

/** How long a verification link works, in seconds (24 hours). */
export const VERIFY_LINK_TTL_SECONDS = 86_400;

/** Resends allowed per account and per IP in one window; attempts to use a link per IP. */
export const VERIFY_LIMITS = {
  perAccount: 5,
  perIp: 30,
  windowSeconds: 3600,
  verifiesPerIp: 30,
} as const;

/** The web page a verification link opens; the token travels in the fragment, which no server log sees. */
export const VERIFY_PAGE_PATH = '/verify-email';

async function throttle(ctx: ServiceContext, key: string, limit: number): Promise<void> {
  const result = await ctx.stores.rateLimiter.consume(key, limit, VERIFY_LIMITS.windowSeconds, ctx.now());
  if (!result.allowed)
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: result.retryAfterSeconds } });
}

/** Whether `user` is held at the "verify your email" notice by the system policy. */
export async function emailVerificationPending(ctx: ServiceContext, user: User): Promise<boolean> {
  if (user.emailVerifiedAt) return false;
  const policy = await ctx.stores.settings.getPolicy();
  return policy.emailVerification === 'required';
}

/** Refuses while {@link emailVerificationPending}: enrolling factors waits for a verified address. */
export async function assertEmailVerifiedIfRequired(ctx: ServiceContext, user: User): Promise<void> {
  if (await emailVerificationPending(ctx, user)) {
    throw new AppError('forbidden', {
      message: 'Verify your email address first: open the link we sent you, or ask for a new one.',
      extra: { reason: 'email_unverified' },
    });
  }
}

/**
 * Mails a single-use link valid 24 hours to the account's address (at sign-up and
 * on resend). Only the newest link works. Sending failures are logged, never answered.
 */
export async function sendEmailVerification(
  ctx: ServiceContext,
  user: User,
  meta: RequestMeta,
  /** Origin of the link (PUBLIC_URL); null: none can be trusted, so no mail goes out. */
  origin: string | null,
): Promise<void> {
  if (user.emailVerifiedAt) return;
  const token = randomToken(32);
  const expiresAt = new Date(ctx.now().getTime() + VERIFY_LINK_TTL_SECONDS * 1000);
  await ctx.stores.users.setEmailVerificationToken(user.id, hashToken(token), expiresAt);
  await recordEvent(ctx, 'email_verification_sent', { userId: user.id, orgId: user.orgId, meta });
  if (!origin) {
    ctx.log.error(
      { userId: user.id },
      'email verification mail not sent: set PUBLIC_URL (required in production)',
    );
    return;
  }
  const message = renderEmailVerificationMessage({
    locale: recipientLocale(ctx, user, meta),
    product: await productNameFor(ctx.stores, user.orgId),
    to: user.email,
    link: `${origin}${VERIFY_PAGE_PATH}#token=${token}`,
    token,
    ttlSeconds: VERIFY_LINK_TTL_SECONDS,
  });
  void ctx.delivery.send(message).catch((error: unknown) => {
    ctx.log.warn({ userId: user.id, reason: (error as Error).message }, 'email verification mail failed');
  });
}

/**
 * `POST /api/account/email/verification`: a new link for the signed-in user,
 * limited per account and per IP. An already verified address gets a 409.
 */
export async function resendEmailVerification(
  ctx: ServiceContext,
  user: User,
  meta: RequestMeta,
  origin: string | null,
): Promise<void> {
  if (user.emailVerifiedAt)
    throw new AppError('conflict', { message: 'Your email address is already verified.' });
  if (meta.ip) await throttle(ctx, `verify-email:ip:${meta.ip}`, VERIFY_LIMITS.perIp);
  await throttle(ctx, `verify-email:account:${user.id}`, VERIFY_LIMITS.perAccount);
  await sendEmailVerification(ctx, user, meta, origin);
}

/**
 * `POST /api/auth/email/verify`: spends the link and marks the address verified.
 * Signs nobody in. A used, expired, superseded or unknown token answers the same 400.
 */
export async function verifyEmail(
  ctx: ServiceContext,
  input: { token: string },
  meta: RequestMeta,
): Promise<void> {
  if (meta.ip) await throttle(ctx, `verify-email-use:ip:${meta.ip}`, VERIFY_LIMITS.verifiesPerIp);
  const userId = await ctx.stores.users.consumeEmailVerificationToken(hashToken(input.token), ctx.now());
  if (!userId) {
    throw invalidRequest(
      [{ field: 'token', message: 'this link is invalid, expired or already used' }],
      'This verification link is invalid, expired or already used. Ask for a new one.',
    );
  }
  const user = await ctx.stores.users.findById(userId);
  await recordEvent(ctx, 'email_verified', { userId, actorId: userId, orgId: user?.orgId ?? null, meta });
}
