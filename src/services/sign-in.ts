import { hashPassword, verifyDummyPassword, verifyPassword } from '../crypto/passwords.js';
import { hashToken, randomToken } from '../crypto/random.js';
import { FACTOR_TYPES, type FactorType, type VerifyMethod } from '../domain/policy.js';
import { AppError } from '../errors.js';
import type { User } from '../storage/types.js';
import { recordEvent } from './audit-log.js';
import type { RequestMeta, ServiceContext } from './context.js';
import { loadEffectivePolicy } from './effective-policy.js';
import { type IssuedSession, issueSession } from './sessions.js';
import { type PublicUser, toPublicUser } from './user-view.js';

/** Password guesses allowed per account and per IP in one window (SECURITY.md rule 15). */
export const PASSWORD_LIMITS = {
  perAccount: 10,
  perIp: 100,
  windowSeconds: 900,
} as const;

export type LoginResult =
  | { status: 'authenticated'; session: IssuedSession; user: PublicUser; mfaEnrollmentDeadline?: string }
  | {
      status: 'mfa_required';
      mfaToken: string;
      expiresAt: string;
      methods: VerifyMethod[];
      preferredMethod: VerifyMethod;
    }
  | { status: 'mfa_enrollment_required'; mfaToken: string; expiresAt: string; allowedMethods: FactorType[] };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function throttle(ctx: ServiceContext, key: string, limit: number): Promise<void> {
  const result = await ctx.stores.rateLimiter.consume(key, limit, PASSWORD_LIMITS.windowSeconds, ctx.now());
  if (!result.allowed) {
    ctx.metrics.signIns.inc({ outcome: 'throttled' });
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: result.retryAfterSeconds } });
  }
}

/**
 * The password step (`POST /api/auth/login`). Unknown email and wrong password give
 * the same error after the same argon2 work (SECURITY.md rule 21). No session exists
 * until the second factor passes (rule 16).
 */
export async function signIn(
  ctx: ServiceContext,
  input: { email: string; password: string },
  meta: RequestMeta,
  options: PasswordStepOptions = {},
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  // Throttle before any work; the account key exists whether or not the account does.
  if (meta.ip) await throttle(ctx, `login:ip:${meta.ip}`, PASSWORD_LIMITS.perIp);
  await throttle(ctx, `login:account:${email}`, PASSWORD_LIMITS.perAccount);

  const user = await ctx.stores.users.findByEmail(email);
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyDummyPassword(input.password);
  if (!user || !passwordOk) {
    ctx.metrics.signIns.inc({ outcome: 'failed' });
    if (user)
      await recordEvent(ctx, 'sign_in_failed', {
        userId: user.id,
        orgId: user.orgId,
        meta,
        details: { step: 'password' },
      });
    throw new AppError('invalid_credentials');
  }
  await ctx.stores.rateLimiter.reset(`login:account:${email}`);

  // Only now, after the password: a locked account says so (the password being right is no news to its owner).
  const now = ctx.now();
  if (user.lockedUntil && user.lockedUntil > now) {
    ctx.metrics.signIns.inc({ outcome: 'locked' });
    throw new AppError('account_locked', {
      extra: { retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000) },
    });
  }
  return completePasswordStep(ctx, user, meta, options);
}

/** Per-call settings of the password step. */
export interface PasswordStepOptions {
  /**
   * Demand a second factor whatever the policy says (an OpenID Connect step-up,
   * an application that requires 2FA): a user without one is walked into enrollment.
   */
  requireSecondFactor?: boolean;
}

/**
 * After a proven password: ask for the second factor, walk an enforced user into
 * enrollment, or sign in a user without 2FA.
 */
export async function completePasswordStep(
  ctx: ServiceContext,
  user: User,
  meta: RequestMeta,
  options: PasswordStepOptions = {},
): Promise<LoginResult> {
  const { system, effective } = await loadEffectivePolicy(ctx, user);
  const now = ctx.now();
  const confirmed = await ctx.stores.factors.listConfirmed(user.id);
  const usable = confirmed.filter((f) => effective.allowedMethods.includes(f.type));
  const expiresAt = new Date(now.getTime() + system.limits.mfaTokenTtlSeconds * 1000);

  const startPending = async (purpose: 'verify' | 'enroll') => {
    const token = randomToken(32);
    await ctx.stores.mfaTokens.create({
      tokenHash: hashToken(token),
      userId: user.id,
      purpose,
      now,
      expiresAt,
      ip: meta.ip,
    });
    return token;
  };

  if (usable.length > 0) {
    const methods: VerifyMethod[] = FACTOR_TYPES.filter((type) => usable.some((f) => f.type === type));
    if (effective.backupCodesEnabled && (await ctx.stores.backupCodes.counts(user.id)).remaining > 0) {
      methods.push('backup_code');
    }
    const preferred = usable.find((f) => f.preferred) ?? usable[0]!;
    ctx.metrics.signIns.inc({ outcome: 'mfa_required' });
    return {
      status: 'mfa_required',
      mfaToken: await startPending('verify'),
      expiresAt: expiresAt.toISOString(),
      methods,
      preferredMethod: preferred.type,
    };
  }

  // Factors exist but none is allowed any more (a method was switched off): enroll another, never drop 2FA silently.
  const mustEnroll =
    (effective.required && !effective.enrollmentDeadline) ||
    confirmed.length > 0 ||
    options.requireSecondFactor === true;
  if (mustEnroll && effective.allowedMethods.length > 0) {
    ctx.metrics.signIns.inc({ outcome: 'mfa_enrollment_required' });
    return {
      status: 'mfa_enrollment_required',
      mfaToken: await startPending('enroll'),
      expiresAt: expiresAt.toISOString(),
      allowedMethods: effective.allowedMethods,
    };
  }

  // Fail closed: a second factor was demanded and no method can provide one.
  if (options.requireSecondFactor) {
    ctx.metrics.signIns.inc({ outcome: 'failed' });
    throw new AppError('mfa_required_by_policy', {
      message: 'Two-step verification is required and no method is available. Ask an administrator.',
    });
  }
  const session = await issueSession(ctx, user, meta, ['pwd']);
  ctx.metrics.signIns.inc({ outcome: 'authenticated' });
  await recordEvent(ctx, 'sign_in_succeeded', {
    userId: user.id,
    orgId: user.orgId,
    meta,
    details: { methods: ['password'] },
  });
  return {
    status: 'authenticated',
    session,
    user: toPublicUser(user, false),
    ...(effective.enrollmentDeadline
      ? { mfaEnrollmentDeadline: effective.enrollmentDeadline.toISOString() }
      : {}),
  };
}

/** `POST /api/auth/signup`: a new member, then the same outcome as a login. */
export async function signUp(
  ctx: ServiceContext,
  input: { email: string; password: string; name?: string | undefined },
  meta: RequestMeta,
): Promise<LoginResult> {
  if (!ctx.config.signupEnabled)
    throw new AppError('forbidden', { message: 'Sign-up is disabled on this server.' });
  const email = normalizeEmail(input.email);
  if (meta.ip) await throttle(ctx, `signup:ip:${meta.ip}`, 20);
  if (await ctx.stores.users.findByEmail(email)) {
    throw new AppError('conflict', { message: 'An account with this email already exists.' });
  }
  let user: User;
  try {
    user = await ctx.stores.users.create({
      email,
      passwordHash: await hashPassword(input.password),
      name: input.name ?? null,
      role: 'member',
      now: ctx.now(),
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides.
    if (await ctx.stores.users.findByEmail(email)) {
      throw new AppError('conflict', { message: 'An account with this email already exists.', cause: error });
    }
    throw error;
  }
  await recordEvent(ctx, 'sign_up', { userId: user.id, actorId: user.id, meta });
  return completePasswordStep(ctx, user, meta);
}
