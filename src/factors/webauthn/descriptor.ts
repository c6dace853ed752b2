import { z } from 'zod';
import type { FactorDescriptor } from '../module.js';

/** Security keys and passkeys (WebAuthn): bound to the origin, so phishing-resistant. */
export const webauthnDescriptor = {
  type: 'webauthn',
  labelKey: 'factor.webauthn',
  notices: { added: 'security_key_added', removed: 'security_key_removed' },
  proof: 'response',
  signInChallenge: true,
  phishingResistant: true,
  availability: { kind: 'relying-party' },
  // RFC 8176: proof of possession of a hardware-secured key (the check adds `swk` for a synced passkey).
  amr: 'hwk',
  policy: {
    key: 'webauthn',
    defaults: { enabled: true } as { enabled: boolean },
    patch: z.strictObject({ enabled: z.boolean() }).partial(),
  },
} as const satisfies FactorDescriptor;
