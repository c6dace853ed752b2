import { sendSignInChallenge } from '../delivered-code/send-challenge.js';
import { deliveredCodeVerifier } from '../delivered-code/verifier.js';
import type { FactorModule } from '../module.js';
import { smsDescriptor } from './descriptor.js';
import { registerSMSRoutes } from './routes.js';

/** SMS codes: the challenge sends one, bound to the pending sign-in. */
export const smsFactor = {
  ...smsDescriptor,
  verifier: deliveredCodeVerifier('sms'),
  challenge: (ctx, { mfaToken }, meta) => sendSignInChallenge(ctx, { mfaToken, method: 'sms' }, meta),
  registerRoutes: registerSMSRoutes,
} satisfies FactorModule<'sms'>;
