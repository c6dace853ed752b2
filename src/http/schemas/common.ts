import { z } from 'zod';
import { VERIFY_METHODS } from '../../factors/catalog.js';

/** Emails: trimmed, bounded, RFC-ish shape. */
export const emailField = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

/**
 * NIST SP 800-63B §3.1.1.2: 8–128 characters, no composition rules. The service
 * then refuses common and breached passwords and applies the administrators' minimum
 * (`services/password-policy.ts`).
 */
export const newPasswordField = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(128, 'must be at most 128 characters');

/** A password being checked: any non-empty string up to the bound. */
export const passwordField = z.string().min(1, 'is required').max(256);

/** One-time codes arrive as strings; the exact format per method is checked before any attempt is spent. */
export const codeField = z.string().trim().min(1, 'is required').max(32, 'is too long');

export const mfaTokenField = z.string().min(1, 'is required').max(200);

export const idField = z.string().min(1).max(100);

export const verifyMethodField = z.enum(VERIFY_METHODS);
