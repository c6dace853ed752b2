import { z } from 'zod';
import { EMAIL_VERIFICATION_POLICIES, ENFORCEMENT_SCOPES, FACTOR_TYPES, ROLES } from '../../domain/policy.js';
import { emailField, idField, newPasswordField } from './common.js';

const bool = z.boolean();
const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * A partial system policy. Every field is bounded; unknown fields are refused so a
 * typo cannot pass for a saved setting.
 */
export const systemPolicyPatch = z.strictObject({
  methods: z
    .strictObject({
      totp: z.strictObject({ enabled: bool, issuer: z.string().trim().min(1).max(64) }).partial(),
      email: z.strictObject({ enabled: bool, codeTtlSeconds: seconds(60, 600) }).partial(),
      sms: z.strictObject({ enabled: bool, codeTtlSeconds: seconds(60, 600) }).partial(),
      webauthn: z.strictObject({ enabled: bool }).partial(),
      // SECURITY.md rule 10: at least 10 backup codes.
      backupCodes: z.strictObject({ enabled: bool, count: z.number().int().min(10).max(20) }).partial(),
    })
    .partial()
    .optional(),
  enforcement: z
    .strictObject({
      scope: z.enum(ENFORCEMENT_SCOPES),
      organizationIds: z.array(idField).max(1000),
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

export const orgPolicyBody = z.strictObject({
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

export const createOrgBody = z.strictObject({ name: z.string().trim().min(1).max(200) });

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
  orgId: idField.optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: limitField,
});

export const auditQuery = z.object({
  userId: idField.optional(),
  type: z.string().max(64).optional(),
  orgId: idField.optional(),
  cursor: z.string().max(500).optional(),
  limit: limitField,
});
