import { z } from 'zod';
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
  .refine((b) => b.method === 'webauthn' || b.code !== undefined, { message: 'is required', path: ['code'] })
  .refine((b) => b.method !== 'webauthn' || b.response !== undefined, {
    message: 'is required',
    path: ['response'],
  });

export const challengeBody = z.object({
  mfaToken: mfaTokenField,
  method: z.enum(['email', 'sms', 'webauthn']),
});

export const reauthBody = z
  .object({
    password: passwordField.optional(),
    method: verifyMethodField.optional(),
    code: codeField.optional(),
  })
  .refine((b) => b.password !== undefined || (b.method !== undefined && b.code !== undefined), {
    message: 'give a password, or a method and a code',
    path: ['password'],
  });

export const challengeMethodBody = z.object({ method: z.enum(['email', 'sms']) });
