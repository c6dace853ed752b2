import { z } from 'zod';
import type { FactorDescriptor } from '../module.js';

/** Authenticator apps (RFC 6238): a shared secret, six digits every 30 seconds. */
export const totpDescriptor = {
  type: 'totp',
  labelKey: 'factor.totp',
  notices: { added: 'factor_added', removed: 'factor_removed' },
  proof: 'code',
  signInChallenge: false,
  phishingResistant: false,
  availability: { kind: 'always' },
  amr: 'otp',
  policy: {
    key: 'totp',
    defaults: { enabled: true, issuer: 'Twofold' } as { enabled: boolean; issuer: string },
    patch: z.strictObject({ enabled: z.boolean(), issuer: z.string().trim().min(1).max(64) }).partial(),
  },
} as const satisfies FactorDescriptor;
