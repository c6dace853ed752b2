import { z } from 'zod';
import { LOCALES } from '../../i18n/locales.js';
import { idField } from './common.js';

/** `PUT /api/account/locale`. */
export const localeBody = z.strictObject({ locale: z.enum(LOCALES).nullable() });

export const templateParams = z.object({
  kind: z.string().min(1).max(60),
  locale: z.string().min(1).max(20),
});
export const orgTemplateParams = templateParams.extend({ orgId: idField });

/** A template's parts; a part left out keeps its wording (PUT) or the saved one (preview). */
export const templateBody = z.strictObject({
  emailSubject: z.string().max(300).optional(),
  emailBody: z.string().max(10_000).optional(),
  sms: z.string().max(1_000).optional(),
});

const part = z.enum(['emailSubject', 'emailBody', 'sms']);
const localeEnum = z.enum(LOCALES);

export const templateListSchema = z.object({
  locales: z.array(localeEnum),
  kinds: z.array(
    z.object({
      kind: z.string(),
      parts: z.array(part),
      placeholders: z.array(z.string()),
      customizedLocales: z.array(z.string()),
    }),
  ),
});

const wording = z.object({ emailSubject: z.string(), emailBody: z.string(), sms: z.string().nullable() });

export const templateSchema = wording.extend({
  kind: z.string(),
  locale: localeEnum,
  parts: z.array(part),
  placeholders: z.array(z.string()),
  /** Saved in this scope (false: the default applies). */
  customized: z.boolean(),
  /** What a reset restores: the catalog text (for an organization: the system's wording). */
  defaults: wording,
  updatedAt: z.string().nullable(),
});

export const templatePreviewSchema = z.object({
  kind: z.string(),
  locale: localeEnum,
  values: z.record(z.string(), z.string()),
  email: z.object({ subject: z.string(), text: z.string(), html: z.string() }),
  sms: z
    .object({
      text: z.string(),
      encoding: z.enum(['GSM-7', 'UCS-2']),
      units: z.number(),
      segments: z.number(),
    })
    .nullable(),
});
