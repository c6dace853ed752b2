import { deliveredCodePolicy } from '../delivered-code/descriptor.js';
import type { FactorDescriptor } from '../module.js';

/** Six-digit codes sent by text message to an E.164 phone number. Off by default (it costs money). */
export const smsDescriptor = {
  type: 'sms',
  labelKey: 'factor.sms',
  notices: { added: 'factor_added', removed: 'factor_removed' },
  proof: 'code',
  signInChallenge: true,
  phishingResistant: false,
  availability: { kind: 'channel', channel: 'sms' },
  // RFC 8176: confirmation by SMS.
  amr: 'sms',
  policy: deliveredCodePolicy('sms', false),
} as const satisfies FactorDescriptor;
