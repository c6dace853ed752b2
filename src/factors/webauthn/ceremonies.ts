import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { User } from '../../storage/types.js';
import { expectedOriginFor, type RelyingParty } from './relying-party.js';
import type { WebAuthnCredential } from './repository.js';

/** How long a browser has to answer a WebAuthn prompt. */
export const CEREMONY_TIMEOUT_MS = 120_000;
/** A challenge is refused after this (a little longer than the prompt's timeout). */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** The user handle stored in discoverable credentials: the account id (no personal data). */
export function userHandleOf(user: Pick<User, 'id'>): string {
  return Buffer.from(user.id, 'utf8').toString('base64url');
}

/** The challenge and origin a browser answer claims (clientDataJSON), or null when unreadable. */
export function readClientData(response: unknown): { challenge: string; origin: string } | null {
  try {
    const encoded = (response as { response?: { clientDataJSON?: unknown } })?.response?.clientDataJSON;
    if (typeof encoded !== 'string') return null;
    const data = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof data.challenge !== 'string' || typeof data.origin !== 'string') return null;
    return { challenge: data.challenge, origin: data.origin };
  } catch {
    return null;
  }
}

export function registrationOptions(rp: RelyingParty, user: User, exclude: WebAuthnCredential[]) {
  return generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
    attestationType: 'none',
    timeout: CEREMONY_TIMEOUT_MS,
    excludeCredentials: exclude.map((c) => ({ id: c.credentialId, transports: c.transports })),
    // A second factor: user verification preferred, not required (many security keys have no PIN set).
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/** Checks a registration answer against the stored challenge; null when it does not verify. */
export async function checkRegistration(rp: RelyingParty, response: unknown, expectedChallenge: string) {
  const origin = expectedOriginFor(rp, readClientData(response)?.origin ?? null);
  if (!origin) return null;
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
    return result.verified ? result.registrationInfo : null;
  } catch {
    return null;
  }
}

export function authenticationOptions(
  rp: RelyingParty,
  allow: WebAuthnCredential[] | null,
  userVerification: 'required' | 'preferred',
) {
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification,
    ...(allow
      ? { allowCredentials: allow.map((c) => ({ id: c.credentialId, transports: c.transports })) }
      : {}),
  });
}

export type AssertionCheck =
  | { ok: true; newCounter: number; userVerified: boolean; backedUp: boolean; deviceType: string }
  | { ok: false; counterRegressed: boolean };

/** Checks an assertion against a credential; a counter that went backwards is told apart (rule 29). */
export async function checkAssertion(
  rp: RelyingParty,
  response: unknown,
  credential: WebAuthnCredential,
  expectedChallenge: string,
  requireUserVerification: boolean,
): Promise<AssertionCheck> {
  const origin = expectedOriginFor(rp, readClientData(response)?.origin ?? null);
  if (!origin) return { ok: false, counterRegressed: false };
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rp.rpID,
      credential: {
        id: credential.credentialId,
        publicKey: new Uint8Array(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports,
      },
      requireUserVerification,
    });
    if (!verified) return { ok: false, counterRegressed: false };
    return {
      ok: true,
      newCounter: authenticationInfo.newCounter,
      userVerified: authenticationInfo.userVerified,
      backedUp: authenticationInfo.credentialBackedUp,
      deviceType: authenticationInfo.credentialDeviceType,
    };
  } catch (error) {
    // The library checks the signature before the counter: this message means a valid, cloned-looking answer.
    const counterRegressed = error instanceof Error && /counter value/i.test(error.message);
    return { ok: false, counterRegressed };
  }
}

/** RFC 8176 amr of a verified key: `swk` for a synced passkey, `hwk` for a single-device key, `user` with UV. */
export function amrOf(
  credential: { deviceType: string; backedUp: boolean },
  userVerified: boolean,
): string[] {
  const synced = credential.deviceType === 'multiDevice' || credential.backedUp;
  return [synced ? 'swk' : 'hwk', ...(userVerified ? ['user'] : [])];
}
