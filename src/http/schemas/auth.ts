import { z } from 'zod';
import { CHALLENGE_METHODS, DELIVERED_CODE_METHODS, proofFieldOf } from '../../factors/catalog.js';
import { webauthnResponseField } from '../../factors/webauthn/schemas.js';
import {
  codeField,
  emailField,
  mfaTokenField,
  newPasswordField,
  passwordField,
  verifyMethodField,
} from './common.js';

export const signupBody = z.object({
  email: emailField,
  password: newPasswordField,
  name: z.string().trim().max(200).optional(),
});

export const loginBody = z.object({ email: emailField, password: passwordField });

export const verifyBody = z
  .object({
    mfaToken: mfaTokenField,
    method: verifyMethodField,
    code: codeField.optional(),
    /** `webauthn`: the security key's answer (AuthenticationResponseJSON) instead of a code. */
    response: webauthnResponseField.optional(),
    /** "Don't ask again on this browser", honoured where policy allows it. */
    rememberBrowser: z.boolean().optional(),
  })
  // Each method's proof comes in the field its factor module names.
  .refine((b) => proofFieldOf(b.method) !== 'code' || b.code !== undefined, {
    message: 'is required',
    path: ['code'],
  })
  .refine((b) => proofFieldOf(b.method) !== 'response' || b.response !== undefined, {
    message: 'is required',
    path: ['response'],
  });

export const challengeBody = z.object({
  mfaToken: mfaTokenField,
  /** The methods whose factor module has a sign-in challenge (email, sms, webauthn). */
  method: z.enum(CHALLENGE_METHODS),
});

export const reauthBody = z
  .object({
    password: passwordField.optional(),
    method: verifyMethodField.optional(),
    code: codeField.optional(),
    /** `webauthn`: the security key's answer to the options of `/api/auth/reauth/challenge`. */
    response: webauthnResponseField.optional(),
  })
  .refine(
    (b) =>
      b.password !== undefined ||
      (b.method !== undefined && (b.code !== undefined || b.response !== undefined)),
    { message: 'give a password, or a method and a code', path: ['password'] },
  )
  // Each method's proof comes in the field its factor module names (as at the second step).
  .refine(
    (b) => b.password !== undefined || !b.method || proofFieldOf(b.method) !== 'code' || b.code !== undefined,
    {
      message: 'is required',
      path: ['code'],
    },
  )
  .refine(
    (b) =>
      b.password !== undefined ||
      !b.method ||
      proofFieldOf(b.method) !== 'response' ||
      b.response !== undefined,
    { message: 'is required', path: ['response'] },
  );

/** A re-check's challenge: an email/SMS code to send, or a security key's request options. */
export const challengeMethodBody = z.object({ method: z.enum([...DELIVERED_CODE_METHODS, 'webauthn']) });
