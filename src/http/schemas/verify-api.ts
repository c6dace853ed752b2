import { z } from 'zod';
import { DELIVERED_CODE_METHODS } from '../../factors/catalog.js';
import { WEBHOOK_EVENT_TYPES } from '../../services/webhook-events.js';
import { codeField, emailField, idField, verifyMethodField } from './common.js';

/**
 * The application's own id of a user: any printable text up to 255 characters
 * (an integer, a UUID, an email…), no control characters.
 */
export const externalIdField = z
  .string()
  .min(1, 'is required')
  .max(255, 'must be at most 255 characters')
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');

export const externalIdParams = z.object({ externalId: externalIdField });

export const apiEnrollTOTPBody = z
  .strictObject({ email: emailField.optional(), label: z.string().trim().max(100).optional() })
  .optional();

export const apiEnrollEmailBody = z.strictObject({ email: emailField });
export const apiEnrollSMSBody = z.strictObject({ phone: z.string().trim().min(1, 'is required').max(32) });

export const apiConfirmBody = z.strictObject({ factorId: idField, code: codeField });

export const apiVerifyBody = z.strictObject({
  externalId: externalIdField,
  method: verifyMethodField,
  code: codeField,
});

export const apiChallengeBody = z.strictObject({
  externalId: externalIdField,
  method: z.enum(DELIVERED_CODE_METHODS),
});

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  orgId: idField.nullable().optional(),
});

export const createWebhookBody = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length).optional(),
  orgId: idField.nullable().optional(),
});

export const idParams = z.object({ id: idField });

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
