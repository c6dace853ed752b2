import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { api } from './api.js';
import type { ConfirmResult, LoginResult } from './types.js';

export { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill };

// biome-ignore lint/suspicious/noExplicitAny: the server's options are the WebAuthn JSON forms
type OptionsJSON = any;

/** Registers a security key or passkey: setup, the browser's prompt, confirm (same answer as TOTP confirm). */
export async function registerSecurityKey(
  label: string,
  opts: { mfaToken?: string } = {},
): Promise<ConfirmResult> {
  const setup = await api.post<{ factorId: string; options: OptionsJSON }>(
    '/api/mfa/webauthn/setup',
    label ? { label } : {},
    opts,
  );
  const response = await startRegistration({ optionsJSON: setup.options });
  return api.post<ConfirmResult>('/api/mfa/webauthn/confirm', { factorId: setup.factorId, response }, opts);
}

/** The second step with a security key: options bound to the pending sign-in, the prompt, verify. */
export async function verifyWithSecurityKey(mfaToken: string, extra: Record<string, unknown> = {}) {
  const challenge = await api.post<{ options: OptionsJSON }>('/api/auth/mfa/challenge', {
    mfaToken,
    method: 'webauthn',
  });
  const response = await startAuthentication({ optionsJSON: challenge.options });
  return api.post<LoginResult>('/api/auth/mfa/verify', { mfaToken, method: 'webauthn', response, ...extra });
}

/** A session's re-check with a security key: options bound to this session, the prompt, `POST /api/auth/reauth`. */
export async function reauthWithSecurityKey(): Promise<void> {
  const challenge = await api.post<{ options: OptionsJSON }>(
    '/api/auth/reauth/challenge',
    { method: 'webauthn' },
    { reauth: false },
  );
  const response = await startAuthentication({ optionsJSON: challenge.options });
  await api.post('/api/auth/reauth', { method: 'webauthn', response }, { reauth: false });
}

/**
 * Passkey sign-in without a password; `autofill` waits on the username field's passkey suggestions.
 * `verifyPath` is `/interaction/:uid/passkey` on an application's sign-in page (a refusal is recorded for it).
 */
export async function signInWithPasskey(
  autofill = false,
  verifyPath = '/api/auth/passkey/verify',
): Promise<LoginResult> {
  const { challengeId, options } = await api.post<{ challengeId: string; options: OptionsJSON }>(
    '/api/auth/passkey/options',
    {},
  );
  const response = await startAuthentication({ optionsJSON: options, useBrowserAutofill: autofill });
  return api.post<LoginResult>(verifyPath, { challengeId, response });
}

/** A WebAuthn prompt the user dismissed (or that timed out): not worth an error banner. */
export function wasCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
}
