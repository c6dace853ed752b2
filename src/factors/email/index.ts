import { sendSignInChallenge } from '../delivered-code/send-challenge.js';
import { deliveredCodeVerifier } from '../delivered-code/verifier.js';
import type { FactorModule } from '../module.js';
import { emailDescriptor } from './descriptor.js';
import { registerEmailRoutes } from './routes.js';

/** Email codes: the challenge sends one, bound to the pending sign-in. */
export const emailFactor = {
  ...emailDescriptor,
  verifier: deliveredCodeVerifier('email'),
  challenge: (ctx, { mfaToken }, meta) => sendSignInChallenge(ctx, { mfaToken, method: 'email' }, meta),
  registerRoutes: registerEmailRoutes,
} satisfies FactorModule<'email'>;
