import { randomDigits } from '../../crypto/random.js';
import { renderCodeMessage } from '../../delivery/messages.js';
import type { DeliveryChannel } from '../../delivery/types.js';
import type { SystemPolicy } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import { recordEvent } from '../../services/audit-log.js';
import type { RequestMeta, ServiceContext } from '../../services/context.js';
import { maskDestination } from '../../services/destinations.js';
import { loadEffectivePolicy } from '../../services/effective-policy.js';
import { productNameFor, recipientLocale, wordingFor } from '../../services/message-templates.js';
import type { OtpPurpose } from '../../storage/sql/otp-challenges-repository.js';
import type { Factor, User } from '../../storage/types.js';

/** Digits of an email/SMS code (SECURITY.md rule 7). */
export const OTP_CODE_DIGITS = 6;

/** The longest an email/SMS code may live, whatever the policy says (rule 7: never more than 10 minutes). */
export const MAX_CODE_TTL_SECONDS = 600;

/** The shortest, so a mistyped policy cannot issue codes nobody can use. */
export const MIN_CODE_TTL_SECONDS = 60;

/**
 * Sends allowed per account and per client IP in one window (rule 9: SMS costs
 * money, and SMS pumping is a real attack). Counted in the shared rate limiter,
 * so every instance sees the same counts.
 */
export const SEND_LIMITS = {
  perAccount: 10,
  perIp: 100,
  windowSeconds: 3600,
} as const;

/** What the API answers after a code went out. */
export interface IssuedChallenge {
  /** The recipient, masked: `j***@e***.com`, `+1 *** *** **67`. */
  destination: string;
  expiresAt: string;
  resendAfterSeconds: number;
}

/** The policy's code lifetime for a channel, kept within 1–10 minutes. */
export function codeTtlSeconds(policy: SystemPolicy, channel: DeliveryChannel): number {
  const configured = policy.methods[channel].codeTtlSeconds;
  if (!Number.isFinite(configured)) return 300;
  return Math.min(MAX_CODE_TTL_SECONDS, Math.max(MIN_CODE_TTL_SECONDS, Math.floor(configured)));
}

async function consumeOrRefuse(
  ctx: ServiceContext,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<void> {
  const result = await ctx.stores.rateLimiter.consume(key, limit, windowSeconds, ctx.now());
  if (!result.allowed)
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: result.retryAfterSeconds } });
}

/**
 * Takes the right to send one code to `user` over `channel`, or answers
 * `429 rate_limited` with `retryAfterSeconds`:
 *  1. the resend cooldown (`limits.resendIntervalSeconds`) of this one challenge
 *     (`challengeKey`: the pending sign-in, the re-check or the setup being resent);
 *  2. the per-IP cap;
 *  3. the per-account cap.
 * Call it before creating anything, so a refused send leaves nothing behind.
 *
 * The cooldown is per challenge, not per account: the code that confirms a new email
 * factor must not hold up the first sign-in challenge right after it. The account- and
 * IP-wide caps are what bound the sends (rule 9).
 */
export async function reserveSend(
  ctx: ServiceContext,
  input: { user: User; channel: DeliveryChannel; challengeKey: string; meta: RequestMeta },
): Promise<void> {
  const { limits } = await ctx.stores.settings.getPolicy();
  // The cooldown is a window of one send: the first send opens it, a resend inside it is refused.
  await consumeOrRefuse(
    ctx,
    `otp:cooldown:${input.channel}:${input.challengeKey}`,
    1,
    Math.max(1, limits.resendIntervalSeconds),
  );
  if (input.meta.ip)
    await consumeOrRefuse(ctx, `otp:send:ip:${input.meta.ip}`, SEND_LIMITS.perIp, SEND_LIMITS.windowSeconds);
  await consumeOrRefuse(
    ctx,
    `otp:send:account:${input.user.id}`,
    SEND_LIMITS.perAccount,
    SEND_LIMITS.windowSeconds,
  );
}

/**
 * Issues a fresh 6-digit code for `factor`, bound to `purpose` and the pending
 * sign-in `mfaTokenId` (null: an enrollment from a signed-in session), replacing
 * any earlier code of that binding, and delivers it. The caller has already
 * passed {@link reserveSend}.
 *
 * Failure to deliver answers `502 delivery_failed` and changes nothing else: the
 * pending sign-in stays alive so the user can pick another method.
 */
export async function issueOTPChallenge(
  ctx: ServiceContext,
  input: {
    user: User;
    factor: Factor;
    purpose: OtpPurpose;
    mfaTokenId: string | null;
    /** The code never outlives this (the pending sign-in's own expiry). */
    notAfter?: Date | undefined;
    meta: RequestMeta;
  },
): Promise<IssuedChallenge> {
  const { user, factor, purpose, mfaTokenId, meta } = input;
  const channel = factor.type;
  if ((channel !== 'email' && channel !== 'sms') || !factor.destination) {
    throw new Error(`factor ${factor.id} cannot receive codes`);
  }
  const { system: policy, effective } = await loadEffectivePolicy(ctx, user);
  const now = ctx.now();
  // The organization's (or its profile's) shorter code lifetime, where it sets one.
  const ttlSeconds = Math.min(codeTtlSeconds(policy, channel), effective.limits.codeTtlSeconds[channel]);
  let expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  if (input.notAfter && input.notAfter < expiresAt) expiresAt = input.notAfter;

  const code = randomDigits(OTP_CODE_DIGITS);
  // Stored before it is sent: a code that arrives must already be redeemable.
  await ctx.stores.otpChallenges.replace({
    userId: user.id,
    factorId: factor.id,
    mfaTokenId,
    purpose,
    codeHash: ctx.keyring.hashCode(code),
    now,
    expiresAt,
  });

  const locale = recipientLocale(ctx, user, meta);
  const wording = await wordingFor(
    ctx.stores,
    user.orgId,
    purpose === 'verify' ? 'code_sign_in' : 'code_confirm',
    locale,
  );
  const message = renderCodeMessage({
    locale,
    wording,
    product: await productNameFor(ctx.stores, user.orgId),
    user: user.name ?? user.email,
    channel,
    to: factor.destination,
    code,
    purpose,
    ttlSeconds: Math.round((expiresAt.getTime() - now.getTime()) / 1000),
    host: ctx.config.publicUrl ? new URL(ctx.config.publicUrl).host : null,
  });
  const destination = maskDestination(channel, factor.destination);
  try {
    await ctx.delivery.send(message);
  } catch (error) {
    await recordEvent(ctx, 'code_delivery_failed', {
      userId: user.id,
      orgId: user.orgId,
      meta,
      details: { channel, purpose, factorId: factor.id, destination, reason: (error as Error).message },
    });
    throw new AppError('delivery_failed', { cause: error });
  }
  await recordEvent(ctx, 'code_sent', {
    userId: user.id,
    orgId: user.orgId,
    meta,
    details: { channel, purpose, factorId: factor.id, destination },
  });
  return {
    destination,
    expiresAt: expiresAt.toISOString(),
    resendAfterSeconds: policy.limits.resendIntervalSeconds,
  };
}

/** Outcome of {@link consumeOTPChallenge}. */
export type ConsumeResult =
  | { outcome: 'accepted'; factorId: string }
  /** The code was right but is already spent (by a parallel request, or earlier). */
  | { outcome: 'spent' }
  | { outcome: 'wrong' };

/**
 * Spends the live code matching `code` among `factorIds` for `purpose` under
 * exactly the binding `mfaTokenId`.
 */
export async function consumeOTPChallenge(
  ctx: ServiceContext,
  input: { factorIds: string[]; purpose: OtpPurpose; mfaTokenId: string | null; code: string },
): Promise<ConsumeResult> {
  const now = ctx.now();
  const challenges = await ctx.stores.otpChallenges.findUnexpired({
    factorIds: input.factorIds,
    purpose: input.purpose,
    mfaTokenId: input.mfaTokenId,
    now,
  });
  let spent = false;
  for (const challenge of challenges) {
    // Constant-time comparison of keyed hashes (rule 5).
    if (!ctx.keyring.verifyCode(input.code, challenge.codeHash)) continue;
    if (challenge.consumedAt) {
      spent = true;
      continue;
    }
    // Of N parallel requests carrying the right code, only the one whose UPDATE changes the row wins (rule 7: accepted once).
    if (await ctx.stores.otpChallenges.consume(challenge.id, now))
      return { outcome: 'accepted', factorId: challenge.factorId };
    spent = true;
  }
  return spent ? { outcome: 'spent' } : { outcome: 'wrong' };
}
