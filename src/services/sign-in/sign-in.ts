import { hashPassword, verifyDummyPassword, verifyPassword } from '../../crypto/passwords.js';
import { hashToken, randomToken } from '../../crypto/random.js';
import { FACTOR_TYPES, type FactorType, type VerifyMethod } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import type { MfaToken, MfaTokenPurpose, User } from '../../storage/types.js';
import { sendEmailVerification } from '../account/email-verification.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { isMethodDeliverable, loadEffectivePolicy, type RequiredBy } from '../effective-policy.js';
import { assertAcceptablePassword } from '../password-policy.js';
import { type PublicUser, toPublicUser } from '../user-view.js';
import { isKnownBrowser } from './known-browser.js';
import { type DeviceCookie, useRememberedBrowser } from './remembered-browsers.js';
import { type IssuedSession, issueSession } from './sessions.js';

/**
 * Password guesses allowed in one window (SECURITY.md rules 15 and 26):
 * - per account **and** client IP: an attacker elsewhere cannot lock the owner out;
 * - per IP, whatever the account (spraying one password over many emails);
 * - per account, from any client: a slower backoff, which a correct password from a
 *   browser that completed this user's second step before still passes.
 */
export const PASSWORD_LIMITS = {
  perAccountAndClient: 10,
  perIp: 100,
  windowSeconds: 900,
  perAccount: 50,
  accountWindowSeconds: 3600,
} as const;

export type LoginResult =
  | {
      status: 'authenticated';
      session: IssuedSession;
      user: PublicUser;
      mfaEnrollmentDeadline?: string;
      /** Whose requirement sets `mfaEnrollmentDeadline` (the earlier one when both enforce). */
      requiredBy?: RequiredBy;
      /** The second factor was stood in for by a remembered browser. */
      rememberedBrowser?: true;
      /** The rotated remembered-browser cookie to set (the route sets it; never sent in the body). */
      deviceCookie?: DeviceCookie;
    }
  | {
      status: 'mfa_required';
      mfaToken: string;
      expiresAt: string;
      methods: VerifyMethod[];
      preferredMethod: VerifyMethod;
      /**
       * Present (true) when every factor of the user is disallowed now: the second step
       * proves one of `methods` (old factors, backup codes) and answers
       * `mfa_enrollment_required` to bind one of `allowedMethods` (SECURITY.md rule 24).
       */
      replaceFactor?: true;
      allowedMethods?: FactorType[];
      /** Present where policy lets the user remember this browser at the second step. */
      rememberBrowserDays?: number;
    }
  | { status: 'mfa_enrollment_required'; mfaToken: string; expiresAt: string; allowedMethods: FactorType[] };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Takes one attempt from a throttle; returns the attempts counted in its window, this one included. */
async function throttle(
  ctx: ServiceContext,
  key: string,
  limit: number,
  windowSeconds: number = PASSWORD_LIMITS.windowSeconds,
): Promise<number> {
  const result = await ctx.stores.rateLimiter.consume(key, limit, windowSeconds, ctx.now());
  if (!result.allowed) {
    ctx.metrics.signIns.inc({ outcome: 'throttled' });
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: result.retryAfterSeconds } });
  }
  return result.consumed;
}

/** The counter of one account from one client; an unlock retires all of them (the epoch). */
function accountClientKey(email: string, user: User | null, ip: string | null): string {
  return `login:pair:${email}|${user?.throttleEpoch ?? 0}|${ip ?? 'none'}`;
}

/**
 * The password step (`POST /api/auth/login`). Unknown email and wrong password give
 * the same error after the same argon2 work (SECURITY.md rule 21). No session exists
 * until the second factor passes (rule 16). `knownBrowser` is the known-browser
 * cookie, if the browser sent one.
 */
export async function signIn(
  ctx: ServiceContext,
  input: { email: string; password: string; knownBrowser?: string | undefined },
  meta: RequestMeta,
  options: PasswordStepOptions = {},
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  // Throttle before the password is checked; the keys exist whether or not the account does.
  if (meta.ip) await throttle(ctx, `login:ip:${meta.ip}`, PASSWORD_LIMITS.perIp);
  const user = await ctx.stores.users.findByEmail(email);
  await throttle(ctx, accountClientKey(email, user, meta.ip), PASSWORD_LIMITS.perAccountAndClient);
  const accountKey = `login:account:${email}`;
  const account = await ctx.stores.rateLimiter.consume(
    accountKey,
    PASSWORD_LIMITS.perAccount,
    PASSWORD_LIMITS.accountWindowSeconds,
    ctx.now(),
  );
  // Over the account-wide backoff, only a browser that completed this user's second step goes on.
  if (!account.allowed && !(user && isKnownBrowser(ctx, input.knownBrowser, user.id))) {
    if (user) {
      const until = new Date(ctx.now().getTime() + account.retryAfterSeconds * 1000);
      await ctx.stores.users.markPasswordThrottled(user.id, until);
    }
    ctx.metrics.signIns.inc({ outcome: 'throttled' });
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: account.retryAfterSeconds } });
  }
  // Reset by a right password: the count of password failures in a row (webhooks tell of repeated ones).
  const accountAttempts = account.consumed;

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
        details: { step: 'password', failures: accountAttempts },
      });
    throw new AppError('invalid_credentials');
  }
  await ctx.stores.rateLimiter.reset(accountClientKey(email, user, meta.ip));
  await ctx.stores.rateLimiter.reset(accountKey);

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

/**
 * Refuses a sign-in that policy leaves without any usable second factor (SECURITY.md
 * rule 23: fail closed, never a password-only session): audited, logged at `error`
 * for the operators, and listed in the console's alerts (`GET /api/admin/stats`).
 */
async function refuseWithoutMethod(
  ctx: ServiceContext,
  user: User,
  meta: RequestMeta,
  reason: string,
): Promise<never> {
  ctx.metrics.signIns.inc({ outcome: 'refused' });
  ctx.log.error(
    { userId: user.id, orgId: user.orgId, reason },
    'sign-in refused: policy leaves this user no usable second-factor method; fix the 2FA policy or reset the user',
  );
  await recordEvent(ctx, 'sign_in_refused', {
    userId: user.id,
    orgId: user.orgId,
    meta,
    details: { reason },
  });
  throw new AppError('mfa_unavailable');
}

/** Per-call settings of the password step. */
export interface PasswordStepOptions {
  /**
   * Demand a second factor whatever the policy says (an OpenID Connect step-up,
   * an application that requires 2FA): a user without one is walked into enrollment.
   */
  requireSecondFactor?: boolean;
  /** The remembered-browser cookie this browser presented, if any (never used for a demanded step-up). */
  rememberedBrowser?: string | null;
}

/**
 * After a proven password: ask for the second factor, walk an enforced user into
 * enrollment, or sign in a user without 2FA. Fails closed (SECURITY.md rule 23): a
 * user with a confirmed factor, or whom policy requires to have one, never gets a
 * session here, whatever the policy document says.
 */
export async function completePasswordStep(
  ctx: ServiceContext,
  user: User,
  meta: RequestMeta,
  options: PasswordStepOptions = {},
): Promise<LoginResult> {
  const { effective, requiredBy } = await loadEffectivePolicy(ctx, user);
  const now = ctx.now();
  const confirmed = await ctx.stores.factors.listConfirmed(user.id);
  const usable = confirmed.filter((f) => effective.allowedMethods.includes(f.type));
  // The organization's (or its profile's) stricter mfaToken lifetime, where it sets one.
  const expiresAt = new Date(now.getTime() + effective.limits.mfaTokenTtlSeconds * 1000);
  const backupCodesLeft = (await ctx.stores.backupCodes.counts(user.id)).remaining > 0;

  const startPending = async (purpose: MfaTokenPurpose) => {
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
    if (effective.backupCodesEnabled && backupCodesLeft) methods.push('backup_code');
    // A browser remembered at an earlier second step stands in for it, where policy still allows it.
    const days = effective.rememberBrowserDays;
    // Never for a demanded step-up (SECURITY.md rule 30): that asks for a fresh second factor.
    const rememberedBrowser = options.requireSecondFactor ? null : (options.rememberedBrowser ?? null);
    if (days !== null && rememberedBrowser) {
      const deviceCookie = await useRememberedBrowser(ctx, user, rememberedBrowser, meta, days);
      if (deviceCookie) {
        const session = await issueSession(ctx, user, meta, ['pwd', 'remembered_browser']);
        ctx.metrics.signIns.inc({ outcome: 'authenticated' });
        await recordEvent(ctx, 'sign_in_succeeded', {
          userId: user.id,
          orgId: user.orgId,
          meta,
          details: { methods: ['password', 'remembered_browser'] },
        });
        return {
          status: 'authenticated',
          session,
          user: toPublicUser(user, true),
          rememberedBrowser: true,
          deviceCookie,
        };
      }
    }
    const preferred = usable.find((f) => f.preferred) ?? usable[0]!;
    ctx.metrics.signIns.inc({ outcome: 'mfa_required' });
    return {
      status: 'mfa_required',
      mfaToken: await startPending('verify'),
      expiresAt: expiresAt.toISOString(),
      methods,
      preferredMethod: preferred.type,
      ...(days !== null ? { rememberBrowserDays: days } : {}),
    };
  }

  if (confirmed.length > 0) {
    // Every factor is disallowed now (a method was switched off or narrowed away). The
    // password alone never replaces one (rule 24): prove an old factor or a backup code
    // first — even of a method switched off — then enroll one of the allowed methods.
    if (effective.allowedMethods.length === 0)
      return refuseWithoutMethod(ctx, user, meta, 'no_method_allowed');
    const methods: VerifyMethod[] = FACTOR_TYPES.filter(
      (type) => confirmed.some((f) => f.type === type) && isMethodDeliverable(ctx, type),
    );
    if (backupCodesLeft) methods.push('backup_code');
    if (methods.length === 0) return refuseWithoutMethod(ctx, user, meta, 'no_factor_provable');
    const preferred = confirmed.find((f) => f.preferred && methods.includes(f.type))?.type ?? methods[0]!;
    ctx.metrics.signIns.inc({ outcome: 'mfa_required' });
    return {
      status: 'mfa_required',
      mfaToken: await startPending('reenroll'),
      expiresAt: expiresAt.toISOString(),
      methods,
      preferredMethod: preferred,
      replaceFactor: true,
      allowedMethods: effective.allowedMethods,
    };
  }

  // Enforced by policy, or demanded by the caller (an OpenID Connect step-up, an
  // application that requires 2FA): a user without a factor enrolls one first.
  if ((effective.required && !effective.enrollmentDeadline) || options.requireSecondFactor === true) {
    if (effective.allowedMethods.length === 0)
      return refuseWithoutMethod(ctx, user, meta, 'no_method_allowed');
    ctx.metrics.signIns.inc({ outcome: 'mfa_enrollment_required' });
    return {
      status: 'mfa_enrollment_required',
      mfaToken: await startPending('enroll'),
      expiresAt: expiresAt.toISOString(),
      allowedMethods: effective.allowedMethods,
    };
  }

  // No factor and none required (or inside the grace period): the password is all there is.
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
      ? {
          mfaEnrollmentDeadline: effective.enrollmentDeadline.toISOString(),
          ...(requiredBy ? { requiredBy } : {}),
        }
      : {}),
  };
}

/**
 * A `reenroll` pending sign-in proved one of the user's old factors: it becomes an
 * `enroll` pending sign-in (single use: the old token is spent first), so the user
 * binds one of the methods now allowed (SECURITY.md rule 24).
 */
export async function startReplacementEnrollment(
  ctx: ServiceContext,
  mfaToken: MfaToken,
  user: User,
  proved: { method: VerifyMethod; factorId: string | null },
  meta: RequestMeta,
): Promise<Extract<LoginResult, { status: 'mfa_enrollment_required' }>> {
  const now = ctx.now();
  if (!(await ctx.stores.mfaTokens.consume(mfaToken.id, now))) throw new AppError('invalid_mfa_token');
  const { effective } = await loadEffectivePolicy(ctx, user);
  if (effective.allowedMethods.length === 0) return refuseWithoutMethod(ctx, user, meta, 'no_method_allowed');
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + effective.limits.mfaTokenTtlSeconds * 1000);
  await ctx.stores.mfaTokens.create({
    tokenHash: hashToken(token),
    userId: user.id,
    purpose: 'enroll',
    now,
    expiresAt,
    ip: meta.ip,
  });
  await recordEvent(ctx, 'factor_replacement_started', {
    userId: user.id,
    orgId: user.orgId,
    meta,
    details: { provedWith: proved.method, factorId: proved.factorId },
  });
  ctx.metrics.signIns.inc({ outcome: 'mfa_enrollment_required' });
  return {
    status: 'mfa_enrollment_required',
    mfaToken: token,
    expiresAt: expiresAt.toISOString(),
    allowedMethods: effective.allowedMethods,
  };
}

/** `POST /api/auth/signup`: a new member, then the same outcome as a login. */
export async function signUp(
  ctx: ServiceContext,
  input: { email: string; password: string; name?: string | undefined },
  meta: RequestMeta,
  /** Origin of the verification link (PUBLIC_URL); null: no mail goes out. */
  origin: string | null = null,
): Promise<LoginResult> {
  if (!ctx.config.signupEnabled)
    throw new AppError('forbidden', { message: 'Sign-up is disabled on this server.' });
  const email = normalizeEmail(input.email);
  if (meta.ip) await throttle(ctx, `signup:ip:${meta.ip}`, 20);
  assertAcceptablePassword(ctx, input.password, { role: 'member', email, name: input.name ?? null });
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
  await sendEmailVerification(ctx, user, meta, origin);
  return completePasswordStep(ctx, user, meta);
}
