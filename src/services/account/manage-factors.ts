import type { EffectivePolicy } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import { replaceBackupCodes } from '../../factors/backup-codes/replace.js';
import type { Factor } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { loadEffectivePolicy } from '../effective-policy.js';
import { type Principal, requireRecentAuth } from '../principal.js';
import { forgetRememberedBrowsers } from '../sign-in/remembered-browsers.js';
import { toFactorView } from './enroll-factor.js';

/**
 * The user's factors changed: every other session and pending sign-in ends, so a
 * session an attacker holds does not outlive the change (SECURITY.md rule 23).
 */
async function endOtherSessions(
  ctx: ServiceContext,
  principal: Principal,
  meta: RequestMeta,
  reason: string,
): Promise<void> {
  const { user } = principal;
  const now = ctx.now();
  const keep = principal.kind === 'session' ? principal.session.id : undefined;
  const ended = await ctx.stores.sessions.revokeAllForUser(user.id, now, keep);
  await ctx.stores.mfaTokens.revokeAllForUser(user.id, now);
  if (ended > 0)
    await recordEvent(ctx, 'sessions_ended', {
      userId: user.id,
      actorId: user.id,
      orgId: user.orgId,
      meta,
      details: { reason, sessions: ended },
    });
}

/**
 * Whether removing `factorId` would leave a user whom policy requires 2FA of
 * without a usable factor — the rule `DELETE /api/mfa/factors/:id` enforces, and
 * what `GET /api/mfa` reports beforehand as `removable`.
 */
function wouldLeaveNoFactor(factors: Factor[], factorId: string, effective: EffectivePolicy): boolean {
  const remainingAllowed = factors.filter(
    (f) => f.id !== factorId && effective.allowedMethods.includes(f.type),
  );
  return effective.required && remainingAllowed.length === 0;
}

const REQUIRED_BY_TEXT = {
  organization: 'Your organization requires two-factor authentication',
  system: 'Your administrator requires two-factor authentication for your account',
} as const;

/** Security keys show whether they are a synced passkey or a single-device key. */
async function withKeyDetails<T extends { id: string; type: string }>(
  ctx: ServiceContext,
  userId: string,
  views: T[],
) {
  if (!views.some((v) => v.type === 'webauthn')) return views;
  const keys = new Map((await ctx.stores.webauthn.listConfirmed(userId)).map((c) => [c.factorId, c]));
  return views.map((view) => {
    const key = keys.get(view.id);
    return key ? { ...view, webauthn: { deviceType: key.deviceType, backedUp: key.backedUp } } : view;
  });
}

/**
 * `GET /api/mfa`: the caller's factors and backup-code counts, and what they may
 * change — decided here from the effective policy, so the UI disables Remove and
 * Turn off with the reason instead of asking for a password and then refusing.
 */
export async function getMfaStatus(ctx: ServiceContext, principal: Principal) {
  const { effective, requiredBy } = await loadEffectivePolicy(ctx, principal.user);
  const factors = await ctx.stores.factors.listConfirmed(principal.user.id);
  const because = requiredBy ? REQUIRED_BY_TEXT[requiredBy.kind] : '';
  // The owner's own address and number, in full, on their own security page: only to a session.
  // A pending sign-in (mfaToken) and everybody else see the masked label only.
  const destinations = new Map(
    principal.kind === 'session'
      ? factors.flatMap((f) =>
          (f.type === 'email' || f.type === 'sms') && f.destination ? [[f.id, f.destination] as const] : [],
        )
      : [],
  );
  return {
    enabled: factors.length > 0,
    required: effective.required,
    requiredBy,
    allowedMethods: effective.allowedMethods,
    enrollmentDeadline: effective.enrollmentDeadline?.toISOString() ?? null,
    factors: (await withKeyDetails(ctx, principal.user.id, factors.map(toFactorView))).map((view) => {
      const blocked = wouldLeaveNoFactor(factors, view.id, effective);
      const destination = destinations.get(view.id);
      return {
        ...view,
        ...(destination ? { destination } : {}),
        removable: !blocked,
        removeBlockedReason: blocked
          ? `${because}, so you can’t remove your only usable method. Add another method first.`
          : null,
      };
    }),
    canDisable: !effective.required,
    disableBlockedReason: effective.required ? `${because}, so it can’t be turned off.` : null,
    backupCodes: await ctx.stores.backupCodes.counts(principal.user.id),
  };
}

/** `PATCH /api/mfa/factors/:id`: a new name for any of the caller's factors ("YubiKey 5C"). */
export async function renameFactor(
  ctx: ServiceContext,
  principal: Principal,
  factorId: string,
  label: string,
  meta: RequestMeta,
) {
  const { user } = principal;
  if (!(await ctx.stores.factors.rename(user.id, factorId, label)))
    throw new AppError('not_found', { message: 'No such factor.' });
  await recordEvent(ctx, 'factor_renamed', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta,
    details: { factorId, label },
  });
  const factor = (await ctx.stores.factors.listConfirmed(user.id)).find((f) => f.id === factorId)!;
  return toFactorView(factor);
}

/** `PUT /api/mfa/preferred`. */
export async function setPreferredFactor(
  ctx: ServiceContext,
  principal: Principal,
  factorId: string,
  meta: RequestMeta,
) {
  if (!(await ctx.stores.factors.setPreferred(principal.user.id, factorId))) {
    throw new AppError('not_found', { message: 'No such factor.' });
  }
  await recordEvent(ctx, 'preferred_factor_changed', {
    userId: principal.user.id,
    actorId: principal.user.id,
    orgId: principal.user.orgId,
    meta,
    details: { factorId },
  });
  return getMfaStatus(ctx, principal);
}

/**
 * `DELETE /api/mfa/factors/:id` (recent auth). Refused when it would leave an
 * enforced user with no factor. Removing the last factor also removes the backup
 * codes, which are valid only alongside another factor.
 */
export async function removeFactor(
  ctx: ServiceContext,
  principal: Principal,
  factorId: string,
  meta: RequestMeta,
) {
  const { user } = principal;
  const factors = await ctx.stores.factors.listConfirmed(user.id);
  const factor = factors.find((f) => f.id === factorId);
  if (!factor) throw new AppError('not_found', { message: 'No such factor.' });
  requireRecentAuth(ctx, principal);
  const { effective } = await loadEffectivePolicy(ctx, user);
  if (wouldLeaveNoFactor(factors, factorId, effective)) throw new AppError('mfa_required_by_policy');

  await ctx.stores.factors.delete(user.id, factorId);
  if (factors.length === 1) await ctx.stores.backupCodes.deleteAllForUser(user.id);
  await endOtherSessions(ctx, principal, meta, 'factor_removed');
  await recordEvent(ctx, 'factor_removed', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta,
    details: { factorId, type: factor.type, label: factor.label },
  });
  ctx.notifier.notify(user, { type: 'factor_removed', factorType: factor.type, label: factor.label }, meta);
  // SECURITY.md rule 30: a factor change forgets every remembered browser.
  await forgetRememberedBrowsers(ctx, user.id);
}

/** `DELETE /api/mfa` (recent auth): every factor and backup code goes. */
export async function disableMfa(ctx: ServiceContext, principal: Principal, meta: RequestMeta) {
  const { user } = principal;
  requireRecentAuth(ctx, principal);
  const { effective } = await loadEffectivePolicy(ctx, user);
  if (effective.required) throw new AppError('mfa_required_by_policy');
  const removed = await ctx.stores.factors.deleteAllForUser(user.id);
  await ctx.stores.backupCodes.deleteAllForUser(user.id);
  await endOtherSessions(ctx, principal, meta, 'mfa_disabled');
  await recordEvent(ctx, 'mfa_disabled', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta,
    details: { removed },
  });
  if (removed > 0) ctx.notifier.notify(user, { type: 'mfa_disabled' }, meta);
  await forgetRememberedBrowsers(ctx, user.id);
}

/** `POST /api/mfa/backup-codes` (recent auth): a new set; the old one stops working. */
export async function regenerateBackupCodes(ctx: ServiceContext, principal: Principal, meta: RequestMeta) {
  const { user } = principal;
  requireRecentAuth(ctx, principal);
  const { system } = await loadEffectivePolicy(ctx, user);
  if (!system.methods.backupCodes.enabled)
    throw new AppError('forbidden', { message: 'Backup codes are disabled.' });
  if ((await ctx.stores.factors.listConfirmed(user.id)).length === 0) {
    throw new AppError('conflict', { message: 'Set up a second factor before creating backup codes.' });
  }
  const backupCodes = await replaceBackupCodes(ctx, user, system.methods.backupCodes.count);
  await recordEvent(ctx, 'backup_codes_regenerated', {
    userId: user.id,
    actorId: user.id,
    orgId: user.orgId,
    meta,
    details: { count: backupCodes.length },
  });
  ctx.notifier.notify(user, { type: 'backup_codes_regenerated' }, meta);
  return { backupCodes };
}
