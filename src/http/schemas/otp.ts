import { z } from 'zod';
import { normalizePhoneNumber } from '../../services/destinations.js';
import { emailField } from './common.js';

/** `POST /api/mfa/email/setup`: the address to bind, by default the account's. */
export const emailSetupBody = z.object({ email: emailField.optional() }).optional();

/** `POST /api/mfa/sms/setup`: an E.164 phone number. */
export const smsSetupBody = z.object({
  phone: z
    .string()
    .trim()
    .max(32, 'is too long')
    .refine(
      (value) => normalizePhoneNumber(value) !== null,
      'must be a phone number in international (E.164) form, like +15551234567',
    ),
});

/** `POST /api/admin/providers/test`. The recipient is checked per channel by the service. */
export const providerTestBody = z.object({
  channel: z.enum(['email', 'sms']),
  to: z.string().trim().min(1, 'is required').max(254),
});
