import { z } from 'zod';

/** Emails: trimmed, bounded, RFC-ish shape. */
export const emailField = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

/** NIST SP 800-63B §5.1.1: at least 8 characters, allow long passphrases, no composition rules. */
export const newPasswordField = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');

/** A password being checked: any non-empty string up to the bound. */
export const passwordField = z.string().min(1, 'is required').max(256);

/** One-time codes arrive as strings; the exact format per method is checked before any attempt is spent. */
export const codeField = z.string().trim().min(1, 'is required').max(32, 'is too long');

export const mfaTokenField = z.string().min(1, 'is required').max(200);

export const idField = z.string().min(1).max(100);

export const verifyMethodField = z.enum(['totp', 'email', 'sms', 'backup_code']);
