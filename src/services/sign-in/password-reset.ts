import { hashPassword, verifyPassword } from '../../crypto/passwords.js';
import { hashToken, randomToken } from '../../crypto/random.js';
import { renderPasswordResetMessage } from '../../delivery/messages.js';
import { AppError, invalidRequest } from '../../errors.js';
import type { User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { productNameFor, recipientLocale } from '../message-templates.js';
import { assertAcceptablePassword } from '../password-policy.js';
import { normalizeEmail } from './sign-in.js';

/** How long a reset link works, in seconds (API.md: 30 minutes). */
export const RESET_LINK_TTL_SECONDS = 1800;

/** Reset requests allowed per address and per IP in one window, and attempts to use a link per IP. */
export const RESET_LIMITS = {
  perAddress: 5,
  perIp: 30,
  windowSeconds: 3600,
  resetsPerIp: 30,
} as const;

/** The path of the web page a reset link opens; the token travels in the fragment, which no server log sees. */
export const RESET_PAGE_PATH = '/reset-password';

async function throttle(ctx: ServiceContext, key: string, limit: number): Promise<void> {
  const result = await ctx.stores.rateLimiter.consume(key, limit, RESET_LIMITS.windowSeconds, ctx.now());
  if (!result.allowed)
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: result.retryAfterSeconds } });
}

/**
 * Refuses a new password equal to the current one (`field` names it in the 400).
 * The length rules are the sign-up schema's (`newPasswordField`), applied by the route.
 */
export async function assertPasswordChanges(
  ctx: Pick<ServiceContext, 'config'>,
  user: User,
  password: string,
  field: string,
): Promise<void> {
  // The same rules as at sign-up (SECURITY.md rule 27), then: not the current one.
  assertAcceptablePassword(ctx, password, user, field);
  if (await verifyPassword(user.passwordHash, password)) {
    throw invalidRequest([{ field, message: 'must differ from your current password' }]);
  }
}

/**
 * `POST /api/auth/password/forgot`: mails a single-use link valid 30 minutes to an
 * existing account. The caller always gets the same answer; an unknown address
 * goes through the same steps (token, hash, one conditional write, same
 * throttles) and the mail leaves after the answer, so neither the answer nor its
 * timing tells whether the account exists (SECURITY.md rule 21). Sending failures
 * are logged, never answered.
 */
export async function requestPasswordReset(
  ctx: ServiceContext,
  input: { email: string },
  meta: RequestMeta,
  /** Origin of the links in mail (PUBLIC_URL); null: none can be trusted, so no mail goes out. */
  origin: string | null,
): Promise<void> {
  const email = normalizeEmail(input.email);
  // Throttle before any work; the address key exists whether or not the account does.
  if (meta.ip) await throttle(ctx, `forgot:ip:${meta.ip}`, RESET_LIMITS.perIp);
  await throttle(ctx, `forgot:account:${email}`, RESET_LIMITS.perAddress);

  const token = randomToken(32);
  const tokenHash = hashToken(token);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_SECONDS * 1000);
  const user = await ctx.stores.users.findByEmail(email);

  await ctx.stores.transaction(async (tx) => {
    // Only the newest link works: an older one still in a mailbox is revoked.
    // For an unknown address the same statement runs and matches nothing.
    await tx.passwordResets.revokeAllForUser(user?.id ?? '', now);
    if (user) await tx.passwordResets.create({ tokenHash, userId: user.id, now, expiresAt, ip: meta.ip });
  });
  if (!user) return;

  await recordEvent(ctx, 'password_reset_requested', { userId: user.id, orgId: user.orgId, meta });
  if (!origin) {
    ctx.log.error(
      { userId: user.id },
      'password reset mail not sent: set PUBLIC_URL (required in production)',
    );
    return;
  }
  const locale = recipientLocale(ctx, user, meta);
  // The organization's product name is read with the send, not awaited here: an existing
  // account must not take longer to answer than an unknown address (SECURITY.md rule 21).
  const sending = productNameFor(ctx.stores, user.orgId).then((product) =>
    ctx.delivery.send(
      renderPasswordResetMessage({
        locale,
        product,
        to: user.email,
        link: `${origin}${RESET_PAGE_PATH}#token=${token}`,
        token,
        ttlSeconds: RESET_LINK_TTL_SECONDS,
      }),
    ),
  );
  void sending.catch((error: unknown) => {
    ctx.log.warn({ userId: user.id, reason: (error as Error).message }, 'password reset mail failed');
  });
}

/**
 * `POST /api/auth/password/reset`: spends the link and sets the new password. Every
 * session and pending sign-in of the user ends, and nobody is signed in: the next
 * sign-in asks for the password and then the second factor as usual. Factors are
 * never touched (SECURITY.md rule 20; Keycloak CVE-2026-18963, Ghost CVE-2026-22594).
 */
export async function resetPassword(
  ctx: ServiceContext,
  input: { token: string; password: string },
  meta: RequestMeta,
): Promise<void> {
  if (meta.ip) await throttle(ctx, `reset:ip:${meta.ip}`, RESET_LIMITS.resetsPerIp);
  const invalidLink = () =>
    invalidRequest(
      [{ field: 'token', message: 'this link is invalid, expired or already used' }],
      'This reset link is invalid, expired or already used. Ask for a new one.',
    );
  const reset = await ctx.stores.passwordResets.findActive(hashToken(input.token), ctx.now());
  if (!reset) throw invalidLink();
  const user = await ctx.stores.users.findById(reset.userId);
  if (!user) throw invalidLink();
  await assertPasswordChanges(ctx, user, input.password, 'password');
  const passwordHash = await hashPassword(input.password);

  const now = ctx.now();
  // One transaction: the link is spent, the password set and every sign-in ended
  // together, or none of it (a failure half-way must not burn the link for nothing).
  await ctx.stores.transaction(async (tx) => {
    const txCtx: ServiceContext = { ...ctx, stores: { ...ctx.stores, ...tx } };
    // Single use: of two requests racing with one link, one sets the password.
    if (!(await tx.passwordResets.consume(reset.id, now))) throw invalidLink();
    await tx.users.setPasswordHash(user.id, passwordHash, now);
    const ended = await tx.sessions.revokeAllForUser(user.id, now);
    await tx.mfaTokens.revokeAllForUser(user.id, now);
    await tx.passwordResets.revokeAllForUser(user.id, now);
    await tx.rememberedBrowsers.revokeAllForUser(user.id, now);
    await recordEvent(txCtx, 'password_reset', {
      userId: user.id,
      actorId: user.id,
      orgId: user.orgId,
      meta,
      details: { sessionsEnded: ended },
    });
  });
  ctx.notifier.notify(user, { type: 'password_reset' }, meta);
}
