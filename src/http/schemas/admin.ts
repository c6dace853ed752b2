import { z } from 'zod';
import { EMAIL_VERIFICATION_POLICIES, ENFORCEMENT_SCOPES, FACTOR_TYPES, ROLES } from '../../domain/policy.js';
import { PRODUCT_NAME_MAX_LENGTH, productNameProblem } from '../../domain/product-name.js';
import { methodPoliciesPatchShape } from '../../factors/catalog.js';
import { emailField, idField, newPasswordField } from './common.js';

const bool = z.boolean();
const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * A partial system policy. Every field is bounded; unknown fields are refused so a
 * typo cannot pass for a saved setting.
 */
export const systemPolicyPatch = z.strictObject({
  // Each method's section is defined by its factor module (src/factors/<type>/descriptor.ts).
  methods: z.strictObject(methodPoliciesPatchShape()).partial().optional(),
  enforcement: z
    .strictObject({
      scope: z.enum(ENFORCEMENT_SCOPES),
      organizationIds: z.array(idField).max(1000),
      /** Organization profiles the org_admins / organizations scope covers; both lists empty: all. */
      profileIds: z.array(idField).max(1000),
      gracePeriodDays: z.number().int().min(0).max(365),
      /** Who must have a phishing-resistant factor (security key or passkey). */
      phishingResistant: z.enum(ENFORCEMENT_SCOPES),
    })
    .partial()
    .optional(),
  limits: z
    .strictObject({
      maxAttemptsPerChallenge: z.number().int().min(1).max(100),
      // NIST SP 800-63B §5.2.2: no more than 100 consecutive failures.
      maxConsecutiveFailures: z.number().int().min(1).max(100),
      lockoutSeconds: seconds(60, 86_400),
      resendIntervalSeconds: seconds(10, 3600),
      mfaTokenTtlSeconds: seconds(60, 3600),
    })
    .partial()
    .optional(),
  rememberBrowser: z
    .strictObject({ enabled: bool, days: z.number().int().min(1).max(90) })
    .partial()
    .optional(),
  emailVerification: z.enum(EMAIL_VERIFICATION_POLICIES).optional(),
});

/**
 * Limits an organization or a profile may set: only ever stricter than the
 * system's (checked against the stored system policy by the service).
 */
export const limitsOverride = z
  .strictObject({
    maxAttemptsPerChallenge: z.number().int().min(1).max(100),
    maxConsecutiveFailures: z.number().int().min(1).max(100),
    lockoutSeconds: seconds(60, 604_800),
    mfaTokenTtlSeconds: seconds(60, 3600),
    codeTtlSeconds: seconds(30, 600),
  })
  .partial();

/** An organization's grace period for its own requirement: 0 = at the next sign-in; null = the system's. */
const orgGraceDays = z.number().int().min(0).max(365).nullable().optional();

export const orgPolicyBody = z.strictObject({
  gracePeriodDays: orgGraceDays,
  limits: limitsOverride.nullable().optional(),
  useSystemPolicy: bool,
  requireForAllMembers: bool.optional(),
  methods: z.array(z.enum(FACTOR_TYPES)).max(FACTOR_TYPES.length).nullable().optional(),
  /** Turn remembered browsers off for the organization, or shorten them (never lengthen). */
  rememberBrowser: z
    .strictObject({ enabled: bool, days: z.number().int().min(1).max(90).optional() })
    .nullable()
    .optional(),
});

export const orgParams = z.object({ orgId: idField });
export const userParams = z.object({ id: idField });

/**
 * The product name in the members' emails and SMS (trimmed, 1–60, no control
 * characters or line breaks: it goes into email subjects); null: the system's.
 */
const productNameField = z
  .string()
  .trim()
  .min(1)
  .max(PRODUCT_NAME_MAX_LENGTH)
  .refine((name) => productNameProblem(name) === null, {
    message: 'must not contain control characters or line breaks',
  })
  .nullable();

export const createOrgBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The organization's profile; the default profile when absent. */
  profileId: idField.optional(),
  productName: productNameField.optional(),
});

/**
 * `PUT /api/admin/orgs/:orgId`: move the organization to another profile (system
 * admins) and/or set its product name in messages (its org admins too). At least one.
 */
export const updateOrgBody = z
  .strictObject({ profileId: idField.optional(), productName: productNameField.optional() })
  .refine((b) => b.profileId !== undefined || b.productName !== undefined, {
    message: 'give profileId or productName',
  });

/** A profile's default organization policy. */
export const profilePolicyBody = z.strictObject({
  requireForAllMembers: bool.optional(),
  methods: z.array(z.enum(FACTOR_TYPES)).max(FACTOR_TYPES.length).nullable().optional(),
  gracePeriodDays: orgGraceDays,
  limits: limitsOverride.nullable().optional(),
});

const profileName = z.string().trim().min(1).max(100);
const profileDescription = z.string().trim().max(500).nullable().optional();

export const createOrgProfileBody = z.strictObject({
  name: profileName,
  description: profileDescription,
  policy: profilePolicyBody.nullable().optional(),
});

export const updateOrgProfileBody = z.strictObject({
  name: profileName.optional(),
  description: profileDescription,
  /** null removes the profile's default policy. */
  policy: profilePolicyBody.nullable().optional(),
});

export const profileParams = z.object({ id: idField });

export const createUserBody = z.strictObject({
  email: emailField,
  password: newPasswordField,
  role: z.enum(ROLES),
  orgId: idField.nullable().optional(),
  name: z.string().trim().max(200).optional(),
});

const limitField = z.coerce.number().int().min(1).max(200).default(50);

export const listUsersQuery = z.object({
  mfa: z.enum(['enabled', 'disabled']).optional(),
  locked: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** `non_compliant`: required and not enrolled, in grace or not (the Overview's count). */
  compliance: z.enum(['enrolled', 'grace', 'non_compliant', 'not_required']).optional(),
  orgId: idField.optional(),
  /** Only users of organizations in this profile. */
  profileId: idField.optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: limitField,
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * An instant in a query: ISO-8601 (`2026-11-30T10:00:00Z`) or a date (`2026-11-30`, UTC).
 * As an upper bound a date includes its whole day.
 */
const instantQuery = (bound: 'from' | 'to') =>
  z
    .string()
    .trim()
    .max(40)
    .refine((text) => /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text)), {
      message: 'must be an ISO-8601 date or instant',
    })
    .transform((text) => {
      const at = new Date(Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text));
      return bound === 'to' && DATE_ONLY.test(text) ? new Date(at.getTime() + 86_400_000) : at;
    });

const auditFilterFields = {
  userId: idField.optional(),
  /** One event type, or several separated by commas. */
  type: z
    .string()
    .max(2000)
    .regex(/^[a-z_,\s]*$/, 'event types are lowercase words separated by commas')
    .optional(),
  orgId: idField.optional(),
  from: instantQuery('from').optional(),
  to: instantQuery('to').optional(),
};

export const auditQuery = z.object({
  ...auditFilterFields,
  cursor: z.string().max(500).optional(),
  limit: limitField,
});

export const auditExportQuery = z.object({
  ...auditFilterFields,
  format: z.enum(['csv', 'jsonl']).default('csv'),
});

export const statsQuery = z.object({
  /** Only users of organizations in this profile (system admin). */
  profileId: idField.optional(),
});
