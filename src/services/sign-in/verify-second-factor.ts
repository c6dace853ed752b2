import { hashToken } from '../../crypto/random.js';
import type { VerifyMethod } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import type { CheckedFactor } from '../../factors/module.js';
import type { MfaToken, Reservation, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import { type RequestMeta, runInTransaction, type ServiceContext } from '../context.js';
import { isMethodDeliverable, loadEffectivePolicy } from '../effective-policy.js';
import { type PublicUser, toPublicUser } from '../user-view.js';
import { invalidCodeError } from './code-rejection.js';
import { type DeviceCookie, forgetRememberedBrowsers, rememberBrowser } from './remembered-browsers.js';
import { type IssuedSession, issueSession, type SecondFactorSuccess } from './sessions.js';
import { type LoginResult, startReplacementEnrollment } from './sign-in.js';

function lockedError(until: Date | null, now: Date, fallbackSeconds: number): AppError {
  const seconds = until ? Math.ceil((until.getTime() - now.getTime()) / 1000) : fallbackSeconds;
  return new AppError('account_locked', { extra: { retryAfterSeconds: Math.max(1, seconds) } });
}

/** How the second step's transaction ended (refusals are answered after it commits). */
type Step<T> =
  | { kind: 'success'; checked: CheckedFactor; result: T }
  | { kind: 'failure'; tokenAttempts: number; failures: number }
  | { kind: 'token_refused' }
  | { kind: 'slot_refused' };

export type { CheckedFactor } from '../../factors/module.js';

/**
 * Evaluates one second-factor code under both throttles, in the order that makes
 * them hold under concurrency:
 *  1. the account must not be locked (rule 14: while locked, even the right code fails);
 *  2. one attempt of the pending sign-in is reserved (rule 13), if there is one;
 *  3. one slot of the account's consecutive-failure budget is reserved (rule 14);
 *  4. only then is the code checked. Success resets the account count; a failure
 *     that exhausts the budget locks the account.
 * Both reservations are single conditional UPDATEs that run before the check, and
 * their rows stay held until the commit, so 50 parallel guesses get at most the
 * limit's worth of evaluations (Keycloak CVE-2024-4629).
 *
 * The reservations, the check and `complete` (what the success grants: a session,
 * a re-check mark) — or the failure's audit row — run in one transaction, one
 * commit: spending the TOTP step, backup code or email/SMS code commits together
 * with `complete`'s writes, or none of it does. A failure half-way leaves the code
 * unspent (a backup code is gone for good otherwise) and rolls the reservations
 * back with it (a fault of ours never counts toward a lockout).
 */
export async function checkSecondFactor<T>(
  ctx: ServiceContext,
  input: {
    user: User;
    method: VerifyMethod;
    code?: string | undefined;
    /** A WebAuthn assertion, for `webauthn`. */
    response?: unknown;
    mfaToken: MfaToken | null;
    /** Without an mfaToken: what email/SMS codes are bound to (a session's re-check). */
    binding?: string | undefined;
    /** A `reenroll` sign-in: the user's own factors count even where policy disallows their method now. */
    proveExisting?: boolean;
    meta: RequestMeta;
  },
  complete: (txCtx: ServiceContext, checked: CheckedFactor, success: SecondFactorSuccess) => Promise<T>,
): Promise<{ checked: CheckedFactor; result: T }> {
  const { user, method, mfaToken, meta } = input;
  // Every method has its factor module's verifier (a complete table, src/factors/index.ts); it reads
  // the proof in its own shape and refuses malformed input with 400 before any attempt is spent.
  const verifier = ctx.verifiers[method];
  const proof = verifier.readProof({ code: input.code, response: input.response });
  const binding = mfaToken?.id ?? input.binding ?? null;
  const { effective } = await loadEffectivePolicy(ctx, user);
  // The system's limits, tightened by the user's organization or its profile (never loosened).
  const { limits } = effective;
  const now = ctx.now();

  // Refuse outright while the account is locked.
  if (user.lockedUntil && user.lockedUntil > now) {
    ctx.metrics.secondFactor.inc({ method, outcome: 'refused' });
    throw lockedError(user.lockedUntil, now, limits.lockoutSeconds);
  }

  // A method the policy no longer allows gets the same answer as a wrong code; the code is not even looked at.
  // Replacing disallowed factors proves an old one instead: any confirmed factor or backup code (rule 24).
  const allowed = input.proveExisting
    ? method === 'backup_code' || isMethodDeliverable(ctx, method)
    : method === 'backup_code'
      ? effective.backupCodesEnabled
      : effective.allowedMethods.includes(method);

  // One transaction, one commit: the reservations, then the check, then what success grants
  // (or the failure's audit row). The reservations still decide first: each is a conditional
  // UPDATE that holds its row until the commit (SQLite runs one write transaction at a time;
  // PostgreSQL's row lock makes a parallel guess wait for it and re-read the row), so 50
  // parallel guesses still get at most the limit's worth of checks. A fault anywhere rolls
  // everything back, the reservations included: a fault of ours never counts.
  let step: Step<T>;
  try {
    step = await runInTransaction(ctx, async (txCtx): Promise<Step<T>> => {
      // Spend one attempt of this pending sign-in, then one slot of the account's failure
      // budget, atomically, before looking at the code (one round trip on PostgreSQL).
      let tokenAttempts = 0;
      let slot: Reservation;
      if (mfaToken) {
        const reserved = await txCtx.stores.mfaTokens.reserveAttemptAndFailureSlot(
          mfaToken.id,
          limits.maxAttemptsPerChallenge,
          user.id,
          limits.maxConsecutiveFailures,
          now,
        );
        if (!reserved.attempt.ok || !reserved.slot) return { kind: 'token_refused' };
        tokenAttempts = reserved.attempt.used;
        slot = reserved.slot;
      } else {
        slot = await txCtx.stores.users.reserveFailureSlot(user.id, limits.maxConsecutiveFailures, now);
      }
      if (!slot.ok) return { kind: 'slot_refused' };

      const matched = allowed ? await verifier.check(txCtx, { user, proof, binding }) : null;
      if (matched) {
        // Success resets the failure count; what `complete` grants may add the last sign-in,
        // written with the reset as one UPDATE of the user's row (same transaction: the
        // order inside it changes nothing, the row is already held by the reservation).
        const success: SecondFactorSuccess = { signedInAt: null };
        const result = await complete(txCtx, matched, success);
        await txCtx.stores.users.clearFailures(user.id, success.signedInAt);
        return { kind: 'success', checked: matched, result };
      }
      // The failure is audited with the reservation that counted it.
      await recordEvent(txCtx, 'second_factor_failed', {
        userId: user.id,
        orgId: user.orgId,
        meta,
        details: { method, failures: slot.used },
      });
      return { kind: 'failure', tokenAttempts, failures: slot.used };
    });
  } catch (error) {
    // The check could not be made or its success not recorded (a server fault, a key
    // that cannot open the secret, a lost race for the pending sign-in): the rollback
    // gave both reservations back, nothing was spent.
    ctx.metrics.secondFactor.inc({ method, outcome: error instanceof AppError ? 'refused' : 'error' });
    throw error;
  }
  if (step.kind === 'success') {
    ctx.metrics.secondFactor.inc({ method, outcome: 'success' });
    return { checked: step.checked, result: step.result };
  }
  if (step.kind === 'token_refused') {
    if (mfaToken) await ctx.stores.mfaTokens.revoke(mfaToken.id, now);
    ctx.metrics.secondFactor.inc({ method, outcome: 'refused' });
    // A parallel request may have locked the account (which revokes its pending sign-ins)
    // since this one read it: answer as for a locked account, whatever the race.
    const fresh = await ctx.stores.users.findById(user.id);
    if (fresh?.lockedUntil && fresh.lockedUntil > now)
      throw lockedError(fresh.lockedUntil, now, limits.lockoutSeconds);
    throw new AppError('invalid_mfa_token');
  }
  if (step.kind === 'slot_refused') {
    const fresh = await ctx.stores.users.findById(user.id);
    ctx.metrics.secondFactor.inc({ method, outcome: 'refused' });
    throw lockedError(fresh?.lockedUntil ?? null, now, limits.lockoutSeconds);
  }
  const { tokenAttempts } = step;
  const slot = { used: step.failures };

  ctx.metrics.secondFactor.inc({ method, outcome: 'failure' });
  if (slot.used >= limits.maxConsecutiveFailures) {
    const until = new Date(now.getTime() + limits.lockoutSeconds * 1000);
    if (await ctx.stores.users.lockIfExhausted(user.id, limits.maxConsecutiveFailures, until)) {
      ctx.metrics.lockouts.inc();
      // SECURITY.md rule 19: locking ends the user's sessions and pending sign-ins.
      await ctx.stores.mfaTokens.revokeAllForUser(user.id, now);
      await ctx.stores.sessions.revokeAllForUser(user.id, now);
      await forgetRememberedBrowsers(ctx, user.id);
      await recordEvent(ctx, 'account_locked', {
        userId: user.id,
        orgId: user.orgId,
        meta,
        details: { until: until.toISOString(), failures: slot.used },
      });
      ctx.notifier.notify(user, { type: 'account_locked', until }, meta);
    }
    throw lockedError(until, now, limits.lockoutSeconds);
  }
  const tokenLeft = mfaToken ? limits.maxAttemptsPerChallenge - tokenAttempts : Number.POSITIVE_INFINITY;
  const accountLeft = limits.maxConsecutiveFailures - slot.used;
  if (mfaToken && tokenLeft <= 0) await ctx.stores.mfaTokens.revoke(mfaToken.id, now);
  // Told only for a code that matched (used, expired); a method the policy refuses is just wrong.
  const reason =
    allowed && verifier.explainRejection
      ? await verifier.explainRejection(ctx, { user, proof, binding })
      : 'wrong';
  throw invalidCodeError({ reason, tokenLeft, accountLeft, lockoutSeconds: limits.lockoutSeconds });
}

/** Finds a live pending sign-in by its token, or answers `401 invalid_mfa_token`. */
export async function requireMfaToken(
  ctx: ServiceContext,
  token: string,
  purpose?: MfaToken['purpose'] | MfaToken['purpose'][],
): Promise<{ mfaToken: MfaToken; user: User }> {
  const found = await findMfaToken(ctx, token, purpose);
  if (!found) throw new AppError('invalid_mfa_token');
  return found;
}

/** The live pending sign-in behind `token` (of `purpose`, when given) and its user, or null. */
export async function findMfaToken(
  ctx: ServiceContext,
  token: string,
  purpose?: MfaToken['purpose'] | MfaToken['purpose'][],
): Promise<{ mfaToken: MfaToken; user: User } | null> {
  const found = await ctx.stores.mfaTokens.findActiveWithUser(hashToken(token), ctx.now());
  const purposes = purpose === undefined ? null : [purpose].flat();
  if (!found || (purposes && !purposes.includes(found.mfaToken.purpose))) return null;
  return found;
}

/**
 * `POST /api/auth/mfa/verify`: the second step. On success the pending sign-in is
 * consumed (single use) and a session is issued.
 */
export async function verifySecondFactor(
  ctx: ServiceContext,
  input: {
    mfaToken: string;
    method: VerifyMethod;
    code?: string | undefined;
    response?: unknown;
    rememberBrowser?: boolean | undefined;
  },
  meta: RequestMeta,
): Promise<
  | {
      status: 'authenticated';
      session: IssuedSession;
      user: PublicUser;
      /** The cookie of a newly remembered browser (the route sets it; never sent in the body). */
      deviceCookie?: DeviceCookie;
    }
  | Extract<LoginResult, { status: 'mfa_enrollment_required' }>
> {
  const { mfaToken, user } = await requireMfaToken(ctx, input.mfaToken, ['verify', 'reenroll']);
  if (mfaToken.purpose === 'reenroll') {
    // An old factor proved: no session yet, the user binds an allowed method first (rule 24).
    const { result } = await checkSecondFactor(
      ctx,
      {
        user,
        method: input.method,
        code: input.code,
        response: input.response,
        mfaToken,
        meta,
        proveExisting: true,
      },
      (txCtx, matched) =>
        startReplacementEnrollment(txCtx, mfaToken, user, { method: input.method, ...matched }, meta),
    );
    return result;
  }
  // Completing the sign-in commits with the spent code (see checkSecondFactor): the
  // pending sign-in is spent, the session exists and the audit log records it
  // together, or none of them — a failure half-way must not burn the code or the
  // pending sign-in without giving a session (nor give one unaudited).
  const { checked, result: session } = await checkSecondFactor(
    ctx,
    { user, method: input.method, code: input.code, response: input.response, mfaToken, meta },
    async (txCtx, matched, success) => {
      // Single use: of two requests that both passed the code check, one gets the session.
      if (!(await txCtx.stores.mfaTokens.consume(mfaToken.id, txCtx.now())))
        throw new AppError('invalid_mfa_token');
      const amr = ['pwd', input.method, ...(matched.amr ?? [])];
      const issued = await issueSession(txCtx, user, meta, amr, success);
      await recordEvent(txCtx, 'sign_in_succeeded', {
        userId: user.id,
        orgId: user.orgId,
        meta,
        details: { methods: ['password', input.method], factorId: matched.factorId },
      });
      if (input.method === 'backup_code') {
        await recordEvent(txCtx, 'backup_code_used', {
          userId: user.id,
          orgId: user.orgId,
          meta,
          details: { remaining: Number(matched.details?.remainingBackupCodes ?? 0) },
        });
      }
      return issued;
    },
  );
  if (input.method === 'backup_code') {
    const remaining = Number(checked.details?.remainingBackupCodes ?? 0);
    ctx.notifier.notify(user, { type: 'backup_code_used', remaining }, meta);
  }
  // "Don't ask again on this browser": only where the policy allows it, else ignored.
  let deviceCookie: DeviceCookie | undefined;
  if (input.rememberBrowser === true) {
    const { effective } = await loadEffectivePolicy(ctx, user);
    if (effective.rememberBrowserDays !== null)
      deviceCookie = await rememberBrowser(ctx, user, meta, effective.rememberBrowserDays);
  }
  return {
    status: 'authenticated',
    session,
    user: toPublicUser(user, true),
    ...(deviceCookie ? { deviceCookie } : {}),
  };
}
