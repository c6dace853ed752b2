import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from '../crypto/passwords.js';
import type { VerifyMethod } from '../domain/policy.js';
import { AppError, invalidRequest } from '../errors.js';
import { confirmOTPFactor, setupEmailFactor, setupSMSFactor } from '../factors/delivered-code/enroll.js';
import { type IssuedChallenge, issueOTPChallenge, reserveSend } from '../factors/delivered-code/otp-codes.js';
import { confirmTOTP, setupTOTP } from '../factors/totp/enroll.js';
import type { ApiKey, User } from '../storage/types.js';
import { recordEvent } from './audit-log.js';
import type { RequestMeta, ServiceContext } from './context.js';
import { loadEffectivePolicy } from './effective-policy.js';
import type { Principal } from './principal.js';
import type { CodeRejectionReason } from './sign-in/code-rejection.js';
import { normalizeEmail } from './sign-in/sign-in.js';
import { type CheckedFactor, checkSecondFactor } from './sign-in/verify-second-factor.js';

/**
 * Email/SMS codes sent through the verify API are bound to it: a code sent for
 * an interactive sign-in (bound to its mfaToken) or a re-check does not verify
 * here, and one sent here does not sign anyone in.
 */
export const API_CODE_BINDING = 'api:verify';

/** The domain of the placeholder address of an API user whose application gave none (RFC 2606). */
export const API_USER_EMAIL_DOMAIN = 'api-user.twofold.invalid';

/**
 * Loads the user the application calls `externalId`, within the key's reach: a
 * key limited to an organization sees only that organization's users (`403`
 * for anyone else's), and no key ever sees a user that was not created through
 * the API (those have no external id). `404` when there is none.
 */
export async function requireApiUser(ctx: ServiceContext, apiKey: ApiKey, externalId: string): Promise<User> {
  const user = await ctx.stores.users.findByExternalId(externalId);
  if (!user) throw new AppError('not_found', { message: 'No user with this externalId.' });
  assertWithinKeyReach(apiKey, user);
  return user;
}

function assertWithinKeyReach(apiKey: ApiKey, user: User): void {
  if (apiKey.orgId !== null && user.orgId !== apiKey.orgId) {
    throw new AppError('forbidden', { message: 'This API key is limited to another organization.' });
  }
}

/**
 * The user named `externalId`, created on first use as a member of the key's
 * organization. They get an unusable random password (argon2, like any other),
 * so the password sign-in refuses them until someone sets one; `email`, when
 * given, is their address for codes and notices.
 */
export async function findOrCreateApiUser(
  ctx: ServiceContext,
  apiKey: ApiKey,
  externalId: string,
  input: { email?: string | undefined },
  meta: RequestMeta,
): Promise<User> {
  const existing = await ctx.stores.users.findByExternalId(externalId);
  if (existing) {
    assertWithinKeyReach(apiKey, existing);
    return existing;
  }
  const email = input.email ? normalizeEmail(input.email) : `${randomUUID()}@${API_USER_EMAIL_DOMAIN}`;
  if (input.email && (await ctx.stores.users.findByEmail(email))) {
    throw new AppError('conflict', { message: 'This email belongs to another user.' });
  }
  let created: { user: User; created: boolean };
  try {
    created = await ctx.stores.users.findOrCreateByExternalId({
      externalId,
      email,
      passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
      orgId: apiKey.orgId,
      now: ctx.now(),
    });
  } catch (error) {
    // The email's unique index: someone took the address between our check and the insert.
    if (isUniqueViolation(error))
      throw new AppError('conflict', { message: 'This email belongs to another user.' });
    throw error;
  }
  assertWithinKeyReach(apiKey, created.user);
  if (created.created) {
    await recordEvent(ctx, 'user_created', {
      userId: created.user.id,
      orgId: created.user.orgId,
      meta,
      details: { role: 'member', externalId },
    });
  }
  return created.user;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}

const apiPrincipal = (user: User, apiKey: ApiKey): Principal => ({ kind: 'api', user, apiKey });

/** `POST /api/v1/users/:externalId/enroll/totp`: the user is created on first use. */
export async function enrollApiTOTP(
  ctx: ServiceContext,
  apiKey: ApiKey,
  externalId: string,
  input: { email?: string | undefined; label?: string | undefined },
  meta: RequestMeta,
) {
  const user = await findOrCreateApiUser(ctx, apiKey, externalId, input, meta);
  // The authenticator app shows the application's own name for the user, not a placeholder.
  const account = user.email.endsWith(`@${API_USER_EMAIL_DOMAIN}`) ? externalId : user.email;
  return setupTOTP(ctx, apiPrincipal(user, apiKey), { label: input.label, account });
}

/** `POST /api/v1/users/:externalId/enroll/totp/confirm` → the backup codes with the first factor. */
export async function confirmApiTOTP(
  ctx: ServiceContext,
  apiKey: ApiKey,
  externalId: string,
  input: { factorId: string; code: string },
  meta: RequestMeta,
) {
  const user = await requireApiUser(ctx, apiKey, externalId);
  const result = await confirmTOTP(ctx, apiPrincipal(user, apiKey), input, meta);
  return { backupCodes: result.backupCodes };
}

/** `POST /api/v1/users/:externalId/enroll/email` and `/enroll/sms`: sends a code to the new address. */
export async function enrollApiOTPFactor(
  ctx: ServiceContext,
  apiKey: ApiKey,
  externalId: string,
  type: 'email' | 'sms',
  input: { email?: string | undefined; phone?: string | undefined },
  meta: RequestMeta,
) {
  if (type === 'sms' && !input.phone) throw invalidRequest([{ field: 'phone', message: 'is required' }]);
  if (type === 'email' && !input.email) throw invalidRequest([{ field: 'email', message: 'is required' }]);
  const user = await findOrCreateApiUser(ctx, apiKey, externalId, {}, meta);
  const principal = apiPrincipal(user, apiKey);
  return type === 'email'
    ? setupEmailFactor(ctx, principal, { email: input.email }, meta)
    : setupSMSFactor(ctx, principal, { phone: input.phone! }, meta);
}

/** `POST /api/v1/users/:externalId/enroll/{email,sms}/confirm`. */
export async function confirmApiOTPFactor(
  ctx: ServiceContext,
  apiKey: ApiKey,
  externalId: string,
  type: 'email' | 'sms',
  input: { factorId: string; code: string },
  meta: RequestMeta,
) {
  const user = await requireApiUser(ctx, apiKey, externalId);
  const result = await confirmOTPFactor(ctx, apiPrincipal(user, apiKey), type, input, meta);
  return { backupCodes: result.backupCodes };
}

/** `GET /api/v1/users/:externalId`. */
export async function getApiUserStatus(ctx: ServiceContext, apiKey: ApiKey, externalId: string) {
  const user = await requireApiUser(ctx, apiKey, externalId);
  const factors = await ctx.stores.factors.listConfirmed(user.id);
  const methods: VerifyMethod[] = [...new Set(factors.map((f) => f.type))];
  if (factors.length > 0 && (await ctx.stores.backupCodes.counts(user.id)).remaining > 0)
    methods.push('backup_code');
  const locked = user.lockedUntil !== null && user.lockedUntil > ctx.now();
  return { externalId, mfaEnabled: factors.length > 0, methods, locked };
}

export type ApiVerifyResult =
  | { result: 'accept' }
  | {
      result: 'reject';
      attemptsRemaining: number;
      reason: CodeRejectionReason;
      lockoutAfterAttempts?: number;
      lockoutSeconds?: number;
    };

/**
 * `POST /api/v1/verify`: one code, checked by the same code path as an
 * interactive sign-in's second step — the account must not be locked, one slot
 * of the consecutive-failure budget is reserved before the code is looked at,
 * a TOTP step is accepted once per factor (whichever door it came through), a
 * backup code is spent by one conditional UPDATE. There is no pending sign-in,
 * so the account's budget is the only attempt limit: a wrong code answers
 * `reject` with what is left of it, and the failure that exhausts it locks the
 * account (`423`).
 */
export async function verifyApiCode(
  ctx: ServiceContext,
  apiKey: ApiKey,
  input: { externalId: string; method: VerifyMethod; code: string },
  meta: RequestMeta,
): Promise<ApiVerifyResult> {
  const user = await requireApiUser(ctx, apiKey, input.externalId);
  // The code is spent, the sign-in recorded and the audit written together (all or nothing).
  let checked: CheckedFactor;
  try {
    ({ checked } = await checkSecondFactor(
      ctx,
      { user, method: input.method, code: input.code, mfaToken: null, binding: API_CODE_BINDING, meta },
      async (txCtx, matched, success) => {
        // Recorded with the failure reset, in one UPDATE (checkSecondFactor).
        success.signedInAt = txCtx.now();
        await recordEvent(txCtx, 'api_verify_succeeded', {
          userId: user.id,
          orgId: user.orgId,
          meta,
          details: { method: input.method, factorId: matched.factorId },
        });
        if (input.method === 'backup_code') {
          await recordEvent(txCtx, 'backup_code_used', {
            userId: user.id,
            orgId: user.orgId,
            meta,
            details: { remaining: Number(matched.details?.remainingBackupCodes ?? 0) },
          });
        }
      },
    ));
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_code') {
      const { reason, lockoutAfterAttempts, lockoutSeconds } = error.extra;
      return {
        result: 'reject',
        attemptsRemaining: Number(error.extra.attemptsRemaining ?? 0),
        reason: (reason as CodeRejectionReason | undefined) ?? 'wrong',
        ...(typeof lockoutAfterAttempts === 'number' && typeof lockoutSeconds === 'number'
          ? { lockoutAfterAttempts, lockoutSeconds }
          : {}),
      };
    }
    throw error;
  }
  if (input.method === 'backup_code') {
    const remaining = Number(checked.details?.remainingBackupCodes ?? 0);
    ctx.notifier.notify(user, { type: 'backup_code_used', remaining }, meta);
  }
  return { result: 'accept' };
}

/**
 * `POST /api/v1/challenge`: sends an email or SMS code to the user's confirmed
 * factor of that type, under the same send limits as a sign-in (resend
 * cooldown, per-account and per-IP caps). `400` naming `method` when the user
 * has no such factor.
 */
export async function sendApiChallenge(
  ctx: ServiceContext,
  apiKey: ApiKey,
  input: { externalId: string; method: 'email' | 'sms' },
  meta: RequestMeta,
): Promise<IssuedChallenge> {
  const user = await requireApiUser(ctx, apiKey, input.externalId);
  const now = ctx.now();
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('account_locked', {
      extra: {
        retryAfterSeconds: Math.max(1, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000)),
      },
    });
  }
  const { effective } = await loadEffectivePolicy(ctx, user);
  const factor = effective.allowedMethods.includes(input.method)
    ? (await ctx.stores.factors.listConfirmed(user.id)).find((f) => f.type === input.method)
    : undefined;
  if (!factor) throw invalidRequest([{ field: 'method', message: 'is not one of this user’s methods' }]);
  // One application challenge per user and channel: a resend of it waits the cooldown.
  await reserveSend(ctx, { user, channel: input.method, challengeKey: `api:${user.id}`, meta });
  return issueOTPChallenge(ctx, {
    user,
    factor,
    purpose: 'verify',
    mfaTokenId: API_CODE_BINDING,
    notAfter: undefined,
    meta,
  });
}
