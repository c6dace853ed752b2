import type { FactorModule } from '../module.js';
import { webauthnDescriptor } from './descriptor.js';
import { registerWebAuthnRoutes } from './routes.js';
import { webAuthnSignInChallenge, webauthnVerifier } from './service.js';

/** Security keys and passkeys: the challenge lists the user's keys; passkey sign-in is among its routes. */
export const webauthnFactor = {
  ...webauthnDescriptor,
  verifier: webauthnVerifier,
  challenge: (ctx, { mfaToken }) => webAuthnSignInChallenge(ctx, { mfaToken }),
  registerRoutes: registerWebAuthnRoutes,
} satisfies FactorModule<'webauthn'>;
