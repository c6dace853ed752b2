import { z } from 'zod';
import type { FactorDescriptor } from '../module.js';

/**
 * Backup codes: a fallback that proves an account already has a factor, not a
 * factor of its own (no user enrolls "backup codes" alone). Its method name on the
 * wire is `backup_code`, its policy section `methods.backupCodes`.
 */
export const backupCodesDescriptor = {
  type: 'backup_code',
  labelKey: null,
  notices: { added: 'factor_added', removed: 'factor_removed' },
  proof: 'code',
  signInChallenge: false,
  phishingResistant: false,
  availability: { kind: 'always' },
  amr: 'otp',
  policy: {
    key: 'backupCodes',
    defaults: { enabled: true, count: 10 } as { enabled: boolean; count: number },
    // SECURITY.md rule 10: at least 10 backup codes.
    patch: z.strictObject({ enabled: z.boolean(), count: z.number().int().min(10).max(20) }).partial(),
  },
} as const satisfies FactorDescriptor;
