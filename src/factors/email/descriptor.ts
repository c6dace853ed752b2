import { deliveredCodePolicy } from '../delivered-code/descriptor.js';
import type { FactorDescriptor } from '../module.js';

/** Six-digit codes sent by email to a verified address. */
export const emailDescriptor = {
  type: 'email',
  labelKey: 'factor.email',
  notices: { added: 'factor_added', removed: 'factor_removed' },
  proof: 'code',
  signInChallenge: true,
  phishingResistant: false,
  availability: { kind: 'channel', channel: 'email' },
  amr: 'otp',
  policy: deliveredCodePolicy('email', true),
} as const satisfies FactorDescriptor;
