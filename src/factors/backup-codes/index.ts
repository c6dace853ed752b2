import type { FactorModule } from '../module.js';
import { backupCodesDescriptor } from './descriptor.js';
import { backupCodeVerifier } from './verifier.js';

/** Backup codes: handed out with the first factor (src/services/account/enroll-factor.ts), no setup of their own. */
export const backupCodesModule = {
  ...backupCodesDescriptor,
  verifier: backupCodeVerifier,
} satisfies FactorModule<'backup_code'>;
