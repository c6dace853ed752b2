import { z } from 'zod';
import { idField } from '../../http/schemas/common.js';

/**
 * A browser's answer (RegistrationResponseJSON / AuthenticationResponseJSON): the
 * outer shape is checked here (400 naming `response`), the rest by the library.
 */
export const webauthnResponseField = z.looseObject({
  id: z.string().min(1).max(1400),
  rawId: z.string().min(1).max(1400),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(16_384) }),
});

export const webauthnSetupBody = z
  .object({ label: z.string().trim().min(1, 'is required').max(100).optional() })
  .optional();

export const webauthnConfirmBody = z.object({ factorId: idField, response: webauthnResponseField });

export const passkeyOptionsBody = z.object({}).optional();

export const passkeyVerifyBody = z.object({ challengeId: idField, response: webauthnResponseField });

/** Options are the WebAuthn Level 3 JSON forms, passed through as the library builds them. */
const optionsJson = z.looseObject({ challenge: z.string() });

export const webauthnSetupSchema = z.object({ factorId: z.string(), options: optionsJson });

export const webauthnChallengeSchema = z.object({ method: z.literal('webauthn'), options: optionsJson });

export const passkeyOptionsSchema = z.object({ challengeId: z.string(), options: optionsJson });
