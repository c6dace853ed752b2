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

const secretField = z.string().max(1024).nullable().optional();
const textField = (max: number) => z.string().max(max).nullable().optional();

/**
 * `PUT /api/admin/providers/email`. Secrets: absent or "" keeps the stored one,
 * null clears it. Fields the environment fixes must be left out.
 */
export const emailProviderBody = z
  .object({
    host: z.string().trim().max(253).optional(),
    port: z.number().int('must be a whole number').optional(),
    security: z.enum(['none', 'starttls', 'tls']).optional(),
    user: textField(320),
    password: secretField,
    from: textField(320),
  })
  .strict();

/** `PUT /api/admin/providers/sms`. Same secret rules as the email body. */
export const smsProviderBody = z
  .object({
    provider: z.enum(['log', 'twilio', 'webhook']).optional(),
    accountSid: textField(64),
    authToken: secretField,
    from: textField(64),
    apiUrl: textField(2048),
    webhookUrl: textField(2048),
    webhookSecret: secretField,
  })
  .strict();

export const providerChannelParams = z.object({ channel: z.enum(['email', 'sms']) });
