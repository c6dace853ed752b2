import type { User } from '../storage/types.js';

/** Security events the account owner is told about by email. */
export type SecurityNotice =
  | { type: 'factor_added'; factorType: string; label: string }
  | { type: 'factor_removed'; factorType: string; label: string }
  | { type: 'mfa_disabled' }
  | { type: 'backup_code_used'; remaining: number }
  | { type: 'backup_codes_regenerated' }
  | { type: 'mfa_reset_by_admin' }
  | { type: 'account_locked'; until: Date };

/**
 * Tells the user about a security change. Called after the change commits; an
 * implementation must never throw into the caller (a failed notice never fails
 * the user's action).
 */
export interface SecurityNotifier {
  notify(user: User, notice: SecurityNotice): void;
}

/** Used until a mail channel is wired in: drops notices. */
export const silentNotifier: SecurityNotifier = { notify() {} };
