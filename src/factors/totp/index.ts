import type { FactorModule } from '../module.js';
import { totpDescriptor } from './descriptor.js';
import { registerTOTPRoutes } from './routes.js';
import { totpVerifier } from './verifier.js';

/** Authenticator apps: setup shows the secret once, the first valid code confirms it; no challenge. */
export const totpFactor = {
  ...totpDescriptor,
  verifier: totpVerifier,
  registerRoutes: registerTOTPRoutes,
} satisfies FactorModule<'totp'>;
