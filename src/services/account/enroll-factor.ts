import type { FactorType } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import { replaceBackupCodes } from '../../factors/backup-codes/replace.js';
import type { Factor, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import { type RequestMeta, runInTransaction, type ServiceContext } from '../context.js';
import { loadEffectivePolicy } from '../effective-policy.js';
import { type Principal, requireRecentAuth } from '../principal.js';
import { type CodeRejectionReason, invalidCodeError } from '../sign-in/code-rejection.js';
import { forgetRememberedBrowsers } from '../sign-in/remembered-browsers.js';
import { type IssuedSession, issueSession } from '../sign-in/sessions.js';
import { assertEmailVerifiedIfRequired } from './email-verification.js';

/** Wrong confirmation codes tolerated on one pending setup before it is discarded. */
export const MAX_CONFIRM_ATTEMPTS = 5;
/** A setup not confirmed within this time is dropped at the next setup. */
const PENDING_SETUP_TTL_MS = 60 * 60 * 1000;

export function toFactorView(factor: Factor) {
  return {
    id: factor.id,
    type: factor.type,
    label: factor.label,
    createdAt: factor.createdAt.toISOString(),
    lastUsedAt: factor.lastUsedAt?.toISOString() ?? null,
    preferred: factor.preferred,
  };
}

/**
 * Checks that `user` may start binding a factor of `type` now: the method is
 * allowed for them, and an account that already has a confirmed factor proves a
 * recent password or code first (so a stolen session cannot quietly add an
 * attacker's authenticator, SECURITY.md rule 18).
 */
export async function assertMayAddFactor(
  ctx: ServiceContext,
  principal: Principal,
  type: FactorType,
): Promise<void> {
  // Policy `emailVerification: required`: no factor before the address is verified.
  await assertEmailVerifiedIfRequired(ctx, principal.user);
  const { effective } = await loadEffectivePolicy(ctx, principal.user);
  if (!effective.allowedMethods.includes(type)) {
    throw new AppError('forbidden', { message: `The ${type} method is not enabled for your account.` });
  }
  const confirmed = await ctx.stores.factors.listConfirmed(principal.user.id);
  if (confirmed.length > 0) requireRecentAuth(ctx, principal);
  await ctx.stores.factors.deleteStalePending(
    principal.user.id,
    new Date(ctx.now().getTime() - PENDING_SETUP_TTL_MS),
  );
}

/** Loads a pending factor of the caller, or 404 (someone else's factor looks the same as none). */
export async function requirePendingFactor(
  ctx: ServiceContext,
  user: User,
  factorId: string,
  type: FactorType,
): Promise<Factor> {
  const factor = await ctx.stores.factors.findById(factorId);
  if (!factor || factor.userId !== user.id || factor.type !== type || factor.confirmedAt) {
    throw new AppError('not_found', { message: 'No pending setup with this id.' });
  }
  return factor;
}

/**
 * Counts a wrong confirmation code. After {@link MAX_CONFIRM_ATTEMPTS} the pending
 * setup is discarded; with an mfaToken the pending sign-in's attempts count too.
 */
export async function refuseConfirmation(
  ctx: ServiceContext,
  principal: Principal,
  factor: Factor,
  reason: CodeRejectionReason = 'wrong',
): Promise<never> {
  const now = ctx.now();
  const { limits } = await ctx.stores.settings.getPolicy();
  const used = await ctx.stores.factors.countConfirmAttempt(factor.id, MAX_CONFIRM_ATTEMPTS);
  let remaining = used === null ? 0 : MAX_CONFIRM_ATTEMPTS - used;
  if (principal.kind === 'enrollment') {
    const reserved = await ctx.stores.mfaTokens.reserveAttempt(
      principal.mfaToken.id,
      limits.maxAttemptsPerChallenge,
      now,
    );
    if (!reserved.ok) {
      await ctx.stores.mfaTokens.revoke(principal.mfaToken.id, now);
      throw new AppError('invalid_mfa_token');
    }
    remaining = Math.min(remaining, limits.maxAttemptsPerChallenge - reserved.used);
  }
  // Only a still-pending setup is dropped: a wrong code that lost a race against the right one must not delete the factor it confirmed.
  if (remaining <= 0) await ctx.stores.factors.deletePending(principal.user.id, factor.id);
  // A setup has no account-wide lockout: only the setup (and the pending sign-in) run out.
  throw invalidCodeError({
    reason,
    tokenLeft: remaining,
    accountLeft: Number.POSITIVE_INFINITY,
    lockoutSeconds: 0,
  });
}

/** What a confirmation answers. */
export interface ConfirmedFactor {
  factor: ReturnType<typeof toFactorView>;
  backupCodes: string[] | null;
  session?: IssuedSession;
}

/**
 * A factor becomes usable: mark it confirmed, hand out backup codes with the
 * user's first factor, and complete a pending sign-in that was enrolling. All of
 * it — with `spendCode`, the email/SMS code that proved the destination — commits
 * in one transaction: a failure half-way leaves the code, the pending sign-in and
 * the setup as they were, so the user simply tries again. Returns null, with
 * nothing written, when `spendCode` answers false.
 */
export async function completeFactorConfirmation(
  ctx: ServiceContext,
  principal: Principal,
  factor: Factor,
  input: {
    lastStep: number | null;
    meta: RequestMeta;
    /** Spends the code that proved the factor, in the same transaction; false: not accepted. */
    spendCode?: (txCtx: ServiceContext) => Promise<boolean>;
  },
): Promise<ConfirmedFactor | null> {
  const { user } = principal;
  const confirmed = await runInTransaction(ctx, async (txCtx) => {
    if (input.spendCode && !(await input.spendCode(txCtx))) return null;
    return confirmFactor(txCtx, principal, factor, input);
  });
  if (confirmed)
    ctx.notifier.notify(
      user,
      { type: 'factor_added', factorType: factor.type, label: factor.label },
      input.meta,
    );
  return confirmed;
}

/** The writes of {@link completeFactorConfirmation}, inside its transaction. */
async function confirmFactor(
  ctx: ServiceContext,
  principal: Principal,
  factor: Factor,
  input: { lastStep: number | null; meta: RequestMeta },
): Promise<ConfirmedFactor> {
  const { user } = principal;
  const now = ctx.now();
  const hadFactors = (await ctx.stores.factors.listConfirmed(user.id)).length > 0;
  if (principal.kind === 'enrollment') {
    // The pending sign-in is single use: consume it before anything becomes usable.
    if (!(await ctx.stores.mfaTokens.consume(principal.mfaToken.id, now)))
      throw new AppError('invalid_mfa_token');
  }
  if (!(await ctx.stores.factors.confirm(factor.id, user.id, now, input.lastStep))) {
    throw new AppError('not_found', { message: 'No pending setup with this id.' });
  }
  // An email factor only ever targets a verified address: on the account's own
  // address, the code just spent proved it, so the address counts as verified too.
  if (factor.type === 'email' && factor.destination === user.email && !user.emailVerifiedAt) {
    await ctx.stores.users.markEmailVerified(user.id, now);
  }
  const { system } = await loadEffectivePolicy(ctx, user);
  let backupCodes: string[] | null = null;
  if (!hadFactors && system.methods.backupCodes.enabled) {
    backupCodes = await replaceBackupCodes(ctx, user, system.methods.backupCodes.count);
  }
  await recordEvent(ctx, 'factor_added', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta: input.meta,
    details: { factorId: factor.id, type: factor.type, label: factor.label },
  });
  // SECURITY.md rule 30: a factor change forgets every remembered browser.
  await forgetRememberedBrowsers(ctx, user.id);

  const confirmed = (await ctx.stores.factors.findById(factor.id)) ?? factor;
  const result = { factor: toFactorView(confirmed), backupCodes };
  if (principal.kind !== 'enrollment') return result;
  const session = await issueSession(ctx, user, input.meta, ['pwd', factor.type]);
  await recordEvent(ctx, 'sign_in_succeeded', {
    userId: user.id,
    orgId: user.orgId,
    meta: input.meta,
    details: { methods: ['password', factor.type], enrolled: true },
  });
  return { ...result, session };
}
