import { AppError, invalidRequest } from '../../errors.js';
import {
  assertMayAddFactor,
  type ConfirmedFactor,
  completeFactorConfirmation,
  refuseConfirmation,
  requirePendingFactor,
} from '../../services/account/enroll-factor.js';
import { recordEvent } from '../../services/audit-log.js';
import type { RequestMeta, ServiceContext } from '../../services/context.js';
import { loadEffectivePolicy } from '../../services/effective-policy.js';
import type { Principal } from '../../services/principal.js';
import { reauthBinding } from '../../services/sign-in/reauthenticate.js';
import { type IssuedSession, issueSession } from '../../services/sign-in/sessions.js';
import type { LoginResult } from '../../services/sign-in/sign-in.js';
import { checkSecondFactor } from '../../services/sign-in/verify-second-factor.js';
import { toPublicUser } from '../../services/user-view.js';
import type { Session, User } from '../../storage/types.js';
import type { CheckedFactor, Verifier } from '../module.js';
import { openSignInChallenge } from '../sign-in-challenge.js';
import {
  amrOf,
  authenticationOptions,
  CHALLENGE_TTL_MS,
  checkAssertion,
  checkRegistration,
  readClientData,
  registrationOptions,
  userHandleOf,
} from './ceremonies.js';
import { type RelyingParty, relyingPartyUnavailableReason, resolveRelyingParty } from './relying-party.js';

/** The library's options, typed as the plain JSON object they are (the response schemas pass them through). */
function asJson(options: { challenge: string }): { challenge: string } & Record<string, unknown> {
  return options as { challenge: string } & Record<string, unknown>;
}

/** The binding of a passkey sign-in's challenge, as checkSecondFactor carries it to the verifier. */
const PASSKEY_BINDING = 'passkey:';

function relyingParty(ctx: ServiceContext): RelyingParty {
  const rp = resolveRelyingParty(ctx.config);
  if (!rp)
    throw new AppError('forbidden', {
      message: relyingPartyUnavailableReason(ctx.config) ?? 'Security keys are not available.',
    });
  return rp;
}

/** What a registration challenge is bound to: the session, or the pending sign-in that is enrolling. */
function principalBinding(principal: Principal): string {
  if (principal.kind === 'session') return `session:${principal.session.id}`;
  if (principal.kind === 'enrollment') return `mfa:${principal.mfaToken.id}`;
  throw new AppError('forbidden', { message: 'Security keys are registered in the browser.' });
}

/** `POST /api/mfa/webauthn/setup`: a pending factor and the options for `navigator.credentials.create`. */
export async function setupWebAuthn(
  ctx: ServiceContext,
  principal: Principal,
  input: { label?: string | undefined },
) {
  await assertMayAddFactor(ctx, principal, 'webauthn');
  const rp = relyingParty(ctx);
  const { user } = principal;
  const now = ctx.now();
  const factor = await ctx.stores.factors.createPending({
    userId: user.id,
    type: 'webauthn',
    label: input.label?.trim() || 'Security key',
    now,
  });
  // The same key twice is refused by the browser itself.
  const options = await registrationOptions(rp, user, await ctx.stores.webauthn.listAll(user.id));
  await ctx.stores.webauthn.createChallenge({
    challenge: options.challenge,
    purpose: 'register',
    userId: user.id,
    binding: principalBinding(principal),
    factorId: factor.id,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    now,
  });
  return { factorId: factor.id, options: asJson(options) };
}

/** `POST /api/mfa/webauthn/confirm`: the key's answer to the setup's challenge makes the factor usable. */
export async function confirmWebAuthn(
  ctx: ServiceContext,
  principal: Principal,
  input: { factorId: string; response: unknown },
  meta: RequestMeta,
): Promise<ConfirmedFactor> {
  const rp = relyingParty(ctx);
  const { user } = principal;
  const factor = await requirePendingFactor(ctx, user, input.factorId, 'webauthn');
  const claimed = readClientData(input.response);
  if (!claimed) throw invalidRequest([{ field: 'response', message: 'has no readable clientDataJSON' }]);
  // Single use and bound to this caller and this setup (SECURITY.md rule 29).
  const challenge = await ctx.stores.webauthn.consumeChallenge({
    challenge: claimed.challenge,
    purpose: 'register',
    binding: principalBinding(principal),
    now: ctx.now(),
  });
  if (!challenge || challenge.factorId !== factor.id) return refuseConfirmation(ctx, principal, factor);
  const info = await checkRegistration(rp, input.response, challenge.challenge);
  if (!info) return refuseConfirmation(ctx, principal, factor);
  if (await ctx.stores.webauthn.findByCredentialId(info.credential.id))
    throw new AppError('conflict', { message: 'This security key is already registered.' });
  const confirmed = await completeFactorConfirmation(ctx, principal, factor, {
    lastStep: null,
    meta,
    spendCode: async (txCtx) => {
      await txCtx.stores.webauthn.addCredential({
        factorId: factor.id,
        userId: user.id,
        credentialId: info.credential.id,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        now: txCtx.now(),
      });
      return true;
    },
  });
  if (!confirmed) throw new Error('a registration that verified was not recorded');
  return confirmed;
}

/**
 * `POST /api/auth/mfa/challenge` with `method: "webauthn"`: request options listing
 * the user's keys, the challenge bound to this pending sign-in.
 */
export async function webAuthnSignInChallenge(ctx: ServiceContext, input: { mfaToken: string }) {
  const { mfaToken, user, usable } = await openSignInChallenge(ctx, input.mfaToken, 'webauthn');
  const now = ctx.now();
  const rp = resolveRelyingParty(ctx.config);
  const credentials = rp && usable ? await ctx.stores.webauthn.listConfirmed(user.id) : [];
  if (!rp || credentials.length === 0)
    throw invalidRequest([{ field: 'method', message: 'is not one of the methods of this sign-in' }]);
  const options = await authenticationOptions(rp, credentials, 'preferred');
  await ctx.stores.webauthn.createChallenge({
    challenge: options.challenge,
    purpose: 'authenticate',
    userId: user.id,
    binding: mfaToken.id,
    factorId: null,
    expiresAt: new Date(Math.min(mfaToken.expiresAt.getTime(), now.getTime() + CHALLENGE_TTL_MS)),
    now,
  });
  return { method: 'webauthn' as const, options: asJson(options) };
}

/**
 * `POST /api/auth/reauth/challenge` with `method: "webauthn"`: request options listing
 * the user's keys, the challenge bound to this session's re-check (`reauth:<session>`,
 * the binding `POST /api/auth/reauth` hands the verifier), single use like a sign-in's.
 */
export async function webAuthnReauthChallenge(ctx: ServiceContext, auth: { user: User; session: Session }) {
  const { user, session } = auth;
  const now = ctx.now();
  const rp = resolveRelyingParty(ctx.config);
  const { effective } = await loadEffectivePolicy(ctx, user);
  const credentials =
    rp && effective.allowedMethods.includes('webauthn')
      ? await ctx.stores.webauthn.listConfirmed(user.id)
      : [];
  if (!rp || credentials.length === 0)
    throw invalidRequest([{ field: 'method', message: 'is not one of your methods' }]);
  const options = await authenticationOptions(rp, credentials, 'preferred');
  await ctx.stores.webauthn.createChallenge({
    challenge: options.challenge,
    purpose: 'authenticate',
    userId: user.id,
    binding: reauthBinding(session),
    factorId: null,
    expiresAt: new Date(Math.min(session.expiresAt.getTime(), now.getTime() + CHALLENGE_TTL_MS)),
    now,
  });
  return { method: 'webauthn' as const, options: asJson(options) };
}

/**
 * The `webauthn` verifier: spends the challenge the answer names (bound to this
 * pending sign-in, or to a passkey sign-in), checks signature, origin, rpID and
 * counter, and moves the counter forward atomically. A counter that went backwards
 * (a cloned key) is refused and audited (SECURITY.md rule 29).
 */
export const webauthnVerifier: Verifier = {
  /** The browser's answer, or 400 naming `response` (its details are the library's to check). */
  readProof(input) {
    if (input.response === null || typeof input.response !== 'object')
      throw invalidRequest([{ field: 'response', message: "must be the security key's answer" }]);
    return input.response;
  },
  check: (ctx, { user, proof, binding }) => checkWebAuthnAssertion(ctx, user, proof, binding),
};

async function checkWebAuthnAssertion(
  ctx: ServiceContext,
  user: User,
  response: unknown,
  mfaTokenId: string | null,
): Promise<CheckedFactor | null> {
  const rp = resolveRelyingParty(ctx.config);
  const claimed = readClientData(response);
  const credentialId = (response as { id?: unknown } | null)?.id;
  if (!rp || !claimed || typeof credentialId !== 'string' || !mfaTokenId) return null;
  const now = ctx.now();
  const passkey = mfaTokenId.startsWith(PASSKEY_BINDING);
  const challenge = passkey
    ? await ctx.stores.webauthn.consumeChallenge({
        id: mfaTokenId.slice(PASSKEY_BINDING.length),
        purpose: 'passkey',
        now,
      })
    : await ctx.stores.webauthn.consumeChallenge({
        challenge: claimed.challenge,
        purpose: 'authenticate',
        binding: mfaTokenId,
        now,
      });
  if (!challenge || (challenge.userId !== null && challenge.userId !== user.id)) return null;
  const credential = (await ctx.stores.webauthn.listConfirmed(user.id)).find(
    (c) => c.credentialId === credentialId,
  );
  if (!credential) return null;
  // A passkey sign-in stands for both factors: the key must have verified the user (PIN, biometrics).
  const checked = await checkAssertion(rp, response, credential, challenge.challenge, passkey);
  let regressed = !checked.ok && checked.counterRegressed;
  if (
    checked.ok &&
    !(await ctx.stores.webauthn.acceptCounter(credential.factorId, checked.newCounter, checked.backedUp, now))
  )
    regressed = true;
  if (regressed) {
    ctx.log.warn(
      { userId: user.id, factorId: credential.factorId },
      'security key refused: its signature counter went backwards (a cloned key?)',
    );
    await recordEvent(ctx, 'webauthn_counter_regressed', {
      userId: user.id,
      orgId: user.orgId,
      details: { factorId: credential.factorId, storedCounter: credential.counter },
    });
    return null;
  }
  if (!checked.ok) return null;
  return {
    factorId: credential.factorId,
    amr: amrOf({ deviceType: checked.deviceType, backedUp: checked.backedUp }, checked.userVerified),
  };
}

/** `POST /api/auth/passkey/options`: a discoverable-credential challenge, user verification required. */
export async function passkeyOptions(ctx: ServiceContext, meta: RequestMeta) {
  const rp = relyingParty(ctx);
  if (meta.ip) {
    const limit = await ctx.stores.rateLimiter.consume(`passkey:ip:${meta.ip}`, 100, 900, ctx.now());
    if (!limit.allowed)
      throw new AppError('rate_limited', { extra: { retryAfterSeconds: limit.retryAfterSeconds } });
  }
  const now = ctx.now();
  const options = await authenticationOptions(rp, null, 'required');
  const challenge = await ctx.stores.webauthn.createChallenge({
    challenge: options.challenge,
    purpose: 'passkey',
    userId: null,
    binding: null,
    factorId: null,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    now,
  });
  return { challengeId: challenge.id, options: asJson(options) };
}

/**
 * `POST /api/auth/passkey/verify`: a discoverable credential that verified its user
 * signs in without a password (both factors). The same lockout, audit and failure
 * budget as a second step: it goes through checkSecondFactor; any failure answers
 * `401 invalid_credentials`, revealing nothing about the account.
 */
export async function verifyPasskey(
  ctx: ServiceContext,
  input: { challengeId: string; response: unknown },
  meta: RequestMeta,
): Promise<Extract<LoginResult, { status: 'authenticated' }>> {
  const refuse = () => {
    ctx.metrics.signIns.inc({ outcome: 'failed' });
    return new AppError('invalid_credentials');
  };
  if (!resolveRelyingParty(ctx.config)) throw refuse();
  if (meta.ip) {
    const limit = await ctx.stores.rateLimiter.consume(`login:ip:${meta.ip}`, 100, 900, ctx.now());
    if (!limit.allowed)
      throw new AppError('rate_limited', { extra: { retryAfterSeconds: limit.retryAfterSeconds } });
  }
  const credentialId = (input.response as { id?: unknown } | null)?.id;
  const credential =
    typeof credentialId === 'string' ? await ctx.stores.webauthn.findByCredentialId(credentialId) : null;
  const user: User | null = credential ? await ctx.stores.users.findById(credential.userId) : null;
  if (!credential || !user) throw refuse();
  const handle = (input.response as { response?: { userHandle?: unknown } }).response?.userHandle;
  if (handle !== undefined && handle !== null && handle !== userHandleOf(user)) throw refuse();
  try {
    const { result } = await checkSecondFactor(
      ctx,
      {
        user,
        method: 'webauthn',
        response: input.response,
        mfaToken: null,
        binding: `${PASSKEY_BINDING}${input.challengeId}`,
        meta,
      },
      async (txCtx, matched, success): Promise<IssuedSession> => {
        const session = await issueSession(txCtx, user, meta, ['webauthn', ...(matched.amr ?? [])], success);
        await recordEvent(txCtx, 'sign_in_succeeded', {
          userId: user.id,
          orgId: user.orgId,
          meta,
          details: { methods: ['passkey'], factorId: matched.factorId },
        });
        return session;
      },
    );
    ctx.metrics.signIns.inc({ outcome: 'authenticated' });
    return { status: 'authenticated', session: result, user: toPublicUser(user, true) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_code') throw refuse();
    throw error;
  }
}
