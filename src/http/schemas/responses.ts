import { z } from 'zod';
import {
  DELIVERED_CODE_METHODS,
  FACTOR_TYPES,
  METHOD_POLICY_KEYS,
  type MethodPolicyKey,
  VERIFY_METHODS,
} from '../../factors/catalog.js';
import { LOCALES } from '../../i18n/locales.js';

/**
 * Response schemas of every route: they complete the OpenAPI document at
 * `/api/openapi.json`, from which the web UI's types are generated
 * (`npm run gen:api-types` → `web/src/lib/api-types.ts`). Routes declare them under
 * `schema.response`; see `responseSerializerCompiler` for how they are enforced.
 */

const instant = z.string().describe('ISO-8601 UTC instant');
const nullableInstant = instant.nullable();

export const roleSchema = z.enum(['system_admin', 'org_admin', 'member']);
export const factorTypeSchema = z.enum(FACTOR_TYPES);
export const secondFactorMethodSchema = z.enum(VERIFY_METHODS);

/** The user as the API shows it. */
export const publicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  orgId: z.string().nullable(),
  mfaEnabled: z.boolean(),
  /** The account's address is verified (issue 15); the security page asks for it while false. */
  emailVerified: z.boolean(),
  /** The saved language (issue 17); null: the browser's Accept-Language, then DEFAULT_LOCALE. */
  locale: z.enum(LOCALES).nullable(),
  createdAt: instant,
});

export const localeSchema = z.enum(LOCALES);

/** `PUT /api/account/locale`. */
export const savedLocaleSchema = z.object({ locale: localeSchema.nullable() });

export const issuedSessionSchema = z.object({ token: z.string(), expiresAt: instant });

/** The answer of a sign-in, sign-up or second step (API.md, "Sign-up and sign-in"). */
/** Who requires 2FA of a user: the system (named by the product) or their organization. */
export const requiredBySchema = z.object({ kind: z.enum(['system', 'organization']), name: z.string() });

export const loginResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('authenticated'),
    session: issuedSessionSchema,
    user: publicUserSchema,
    mfaEnrollmentDeadline: instant.optional(),
    /** Whose requirement sets the deadline: the system's or the organization's (the earlier one). */
    requiredBy: requiredBySchema.optional(),
    /** The second step was skipped because this browser was remembered (API.md). */
    rememberedBrowser: z.boolean().optional(),
  }),
  z.object({
    status: z.literal('mfa_required'),
    mfaToken: z.string(),
    expiresAt: instant,
    methods: z.array(secondFactorMethodSchema),
    preferredMethod: secondFactorMethodSchema.nullable().optional(),
    /** Every factor is disallowed now: prove one of `methods`, then enroll one of `allowedMethods`. */
    replaceFactor: z.literal(true).optional(),
    allowedMethods: z.array(factorTypeSchema).optional(),
    /** Present where policy lets the user remember this browser at the second step. */
    rememberBrowserDays: z.number().optional(),
  }),
  z.object({
    status: z.literal('mfa_enrollment_required'),
    mfaToken: z.string(),
    expiresAt: instant,
    allowedMethods: z.array(factorTypeSchema),
  }),
]);

export const verifyResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('authenticated'),
    session: issuedSessionSchema,
    user: publicUserSchema,
  }),
  /** An old factor was proved to replace it (SECURITY.md rule 24): enroll an allowed one next. */
  z.object({
    status: z.literal('mfa_enrollment_required'),
    mfaToken: z.string(),
    expiresAt: instant,
    allowedMethods: z.array(factorTypeSchema),
  }),
]);

export const currentSessionSchema = z.object({
  user: publicUserSchema,
  session: z.object({
    expiresAt: instant,
    reauthenticatedUntil: instant,
    amr: z.array(z.string()),
  }),
});

export const reauthResultSchema = z.object({ reauthenticatedUntil: instant });

/** A code that went out (sign-in challenge, re-check challenge). */
export const challengeResultSchema = z.object({
  method: z.enum(DELIVERED_CODE_METHODS),
  destination: z.string(),
  expiresAt: instant,
  resendAfterSeconds: z.number(),
});

export const factorSchema = z.object({
  id: z.string(),
  type: factorTypeSchema,
  /** Security keys: `multiDevice`/backed up is a synced passkey, else a single-device key. */
  webauthn: z
    .object({ deviceType: z.enum(['singleDevice', 'multiDevice']), backedUp: z.boolean() })
    .optional(),
  label: z.string().nullable(),
  createdAt: instant,
  lastUsedAt: nullableInstant,
  preferred: z.boolean(),
});

export const mfaStatusSchema = z.object({
  enabled: z.boolean(),
  required: z.boolean(),
  /** Whether `DELETE /api/mfa` would be allowed, and if not, why (a sentence for the user). */
  canDisable: z.boolean(),
  disableBlockedReason: z.string().nullable(),
  allowedMethods: z.array(factorTypeSchema),
  /** Inside an enforcement grace period: when setting up 2FA stops being optional. */
  enrollmentDeadline: nullableInstant,
  /** Whose requirement applies (null when 2FA is not required). */
  requiredBy: requiredBySchema.nullable(),
  factors: z.array(
    factorSchema.extend({
      /**
       * Email and SMS factors, to the owner's own session only: the full address or number
       * (`label` keeps the masked form; an enrolling mfaToken never gets this field).
       */
      destination: z.string().optional(),
      /** Whether `DELETE /api/mfa/factors/:id` would be allowed by policy (it still needs a re-check). */
      removable: z.boolean(),
      removeBlockedReason: z.string().nullable(),
    }),
  ),
  backupCodes: z.object({ remaining: z.number(), total: z.number() }),
});

export const totpSetupSchema = z.object({
  factorId: z.string(),
  secret: z.string(),
  otpauthUri: z.string(),
  qrCodeDataUrl: z.string(),
});

export const codeSetupSchema = z.object({
  factorId: z.string(),
  destination: z.string(),
  expiresAt: instant,
  resendAfterSeconds: z.number(),
});

export const confirmResultSchema = z.object({
  factor: factorSchema,
  backupCodes: z.array(z.string()).nullable(),
  session: issuedSessionSchema.optional(),
});

export const backupCodesSchema = z.object({ backupCodes: z.array(z.string()) });

export const ownActivitySchema = z.object({
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      at: instant,
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const systemPolicySchema = z.object({
  methods: z.object({
    totp: z.object({ enabled: z.boolean(), issuer: z.string() }),
    email: z.object({ enabled: z.boolean(), codeTtlSeconds: z.number() }),
    sms: z.object({ enabled: z.boolean(), codeTtlSeconds: z.number() }),
    webauthn: z.object({ enabled: z.boolean() }),
    backupCodes: z.object({ enabled: z.boolean(), count: z.number() }),
  }),
  enforcement: z.object({
    scope: z.enum(['none', 'all', 'system_admins', 'org_admins', 'organizations']),
    organizationIds: z.array(z.string()),
    profileIds: z.array(z.string()),
    gracePeriodDays: z.number(),
    /** Who must have a phishing-resistant factor (a security key or passkey). */
    phishingResistant: z.enum(['none', 'all', 'system_admins', 'org_admins', 'organizations']).optional(),
  }),
  limits: z.object({
    maxAttemptsPerChallenge: z.number(),
    maxConsecutiveFailures: z.number(),
    lockoutSeconds: z.number(),
    resendIntervalSeconds: z.number(),
    mfaTokenTtlSeconds: z.number(),
  }),
  rememberBrowser: z.object({ enabled: z.boolean(), days: z.number() }),
  emailVerification: z.enum(['required', 'optional']),
});

export const limitsOverrideSchema = z.object({
  maxAttemptsPerChallenge: z.number().optional(),
  maxConsecutiveFailures: z.number().optional(),
  lockoutSeconds: z.number().optional(),
  mfaTokenTtlSeconds: z.number().optional(),
  codeTtlSeconds: z.number().optional(),
});

export const profilePolicySchema = z.object({
  requireForAllMembers: z.boolean(),
  methods: z.array(factorTypeSchema).nullable(),
  gracePeriodDays: z.number().nullable(),
  limits: limitsOverrideSchema.nullable(),
});

export const orgProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isDefault: z.boolean(),
  organizations: z.number(),
  policy: profilePolicySchema.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export const orgProfilesSchema = z.object({ profiles: z.array(orgProfileSchema) });

export const orgPolicySchema = z.object({
  orgId: z.string(),
  useSystemPolicy: z.boolean(),
  requireForAllMembers: z.boolean(),
  /** The methods the organization narrows to; null = all the system enables. */
  methods: z.array(factorTypeSchema).nullable(),
  /** What the system enables (the choices an org admin has). */
  systemMethods: z.array(factorTypeSchema),
  /** The organization's own remembered-browser rule; null = the system's. */
  rememberBrowser: z.object({ enabled: z.boolean(), days: z.number().optional() }).nullable().optional(),
  /** Days members have to enroll once the organization requires 2FA; null = the system's. */
  gracePeriodDays: z.number().nullable(),
  /** Limits stricter than the system's; null = the system's. */
  limits: limitsOverrideSchema.nullable(),
  systemGracePeriodDays: z.number(),
  /** The organization's profile and the default policy it inherits while it uses none of its own. */
  profile: z.object({ id: z.string(), name: z.string().nullable(), policy: profilePolicySchema.nullable() }),
});

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  profileId: z.string(),
  /** The product name in the members' messages; null: the system's. */
  productName: z.string().nullable(),
  createdAt: instant,
});
export const organizationsSchema = z.object({ orgs: z.array(organizationSchema) });

export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  orgId: z.string().nullable(),
  mfaEnabled: z.boolean(),
  mfaMethods: z.array(z.string()),
  /** The account's address was proved by a link, an email factor, or vouched for by an admin. */
  emailVerified: z.boolean(),
  locked: z.boolean(),
  lockedUntil: nullableInstant,
  /** Held by the account-wide password backoff (SECURITY.md rule 26); unlock clears it. */
  throttled: z.boolean(),
  throttledUntil: nullableInstant,
  lastSignInAt: nullableInstant,
  createdAt: instant,
  /** Created by an application through the verify API, named by its own id. */
  apiUser: z.boolean(),
  externalId: z.string().nullable(),
  /** Where the user stands with the 2FA requirement; `deadline` ends the grace period. */
  compliance: z.object({
    status: z.enum(['enrolled', 'grace', 'non_compliant', 'not_required']),
    deadline: nullableInstant,
  }),
});

export const adminUsersSchema = z.object({
  users: z.array(adminUserSchema),
  nextCursor: z.string().nullable(),
});

export const auditEventsSchema = z.object({
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      userId: z.string().nullable(),
      actorId: z.string().nullable(),
      orgId: z.string().nullable(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      at: instant,
      details: z.record(z.string(), z.unknown()),
      userEmail: z.string().nullable().describe("the user's current email, when the user still exists"),
      actorEmail: z.string().nullable().describe("the acting user's current email, when the actor is a user"),
      summary: z.string().describe('one human line for the details, e.g. "enforcement.scope: none → all"'),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const auditTypesSchema = z.object({
  types: z.array(z.string()).describe('every event type the audit log records'),
});

export const auditExportSchema = z
  .string()
  .describe('text/csv or application/x-ndjson (JSON Lines), streamed; the filtered events, newest first');

export const adminStatsSchema = z.object({
  users: z.number(),
  withMfa: z.number(),
  byMethod: z.record(z.string(), z.number()),
  locked: z.number(),
  nonCompliant: z.number(),
  /** Of the non-compliant, those still inside a grace period. */
  inGracePeriod: z.number(),
  /** Users whom policy leaves no usable second-factor method (their sign-ins are refused). */
  strandedUsers: z.number(),
  /** Recent refused sign-ins, newest first. */
  alerts: z.array(
    z.object({ type: z.string(), userId: z.string().nullable(), at: instant, reason: z.string().nullable() }),
  ),
});

export const providerTestSchema = z.object({
  status: z.literal('sent'),
  channel: z.enum(['email', 'sms']),
  provider: z.string(),
  destination: z.string(),
  messageId: z.string().nullable(),
});

export const outboxSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(['email', 'sms']),
      to: z.string(),
      subject: z.string().nullable(),
      text: z.string(),
      at: instant,
    }),
  ),
});

export const publicConfigSchema = z.object({
  productName: z.string(),
  signupEnabled: z.boolean(),
  /** Per method (its policy key: `totp`, …, `backupCodes`): on and deliverable. */
  methods: z.object(
    Object.fromEntries(METHOD_POLICY_KEYS.map((key) => [key, z.boolean()])) as Record<
      MethodPolicyKey,
      z.ZodBoolean
    >,
  ),
  /** The factor types a user may enroll and use, in the order the UI offers them (the server's order). */
  enabledMethods: z.array(factorTypeSchema),
  /** Every factor type this server knows, on or off, in its order (admin forms list them all). */
  factorTypes: z.array(factorTypeSchema),
  devOutbox: z.boolean(),
  /** The languages the UI and messages speak, the server's default, and the one this request's Accept-Language picks. */
  locales: z.array(localeSchema),
  defaultLocale: localeSchema,
  locale: localeSchema,
});

/** A live session as its owner or an administrator sees it: never its token (API.md, "Sessions"). */
export const sessionViewSchema = z.object({
  id: z.string(),
  createdAt: instant,
  lastSeenAt: instant,
  expiresAt: instant,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session making this request. */
  current: z.boolean(),
});
export const sessionsSchema = z.object({ sessions: z.array(sessionViewSchema) });

/** The browsers that skip the second step (API.md, "Remembered browsers"). */
export const rememberedBrowsersSchema = z.object({
  devices: z.array(
    z.object({
      id: z.string(),
      /** "Firefox on macOS", from the User-Agent it was remembered with. */
      label: z.string(),
      createdAt: instant,
      lastUsedAt: instant,
      expiresAt: instant,
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      /** The browser making this request. */
      current: z.boolean(),
    }),
  ),
});

/** `202` to every address, known or not (API.md, "account recovery"). */
export const emailVerificationSentSchema = z.object({
  status: z.literal('sent'),
  message: z.string(),
});

export const passwordResetRequestedSchema = z.object({
  status: z.literal('accepted'),
  message: z.string(),
});

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the key, to tell keys apart. */
  keyPrefix: z.string(),
  /** The one organization the key is limited to; null = the whole server. */
  orgId: z.string().nullable(),
  createdAt: instant,
  lastUsedAt: nullableInstant,
  revokedAt: nullableInstant,
});
export const apiKeysSchema = z.object({ apiKeys: z.array(apiKeySchema) });
/** The key itself is answered this once; only its hash is stored. */
export const createdApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  orgId: z.string().nullable(),
  key: z.string(),
});

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  /** The event types it receives (`factor.added`, `account.locked`, …). */
  events: z.array(z.string()),
  /** Only events of this organization's users; null = every event. */
  orgId: z.string().nullable(),
  createdAt: instant,
});
export const webhooksSchema = z.object({ webhooks: z.array(webhookSchema) });
/** The signing secret is answered this once. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() });

export const webhookDeliveriesSchema = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      /** The same on every retry and every webhook: receivers de-duplicate on it. */
      eventId: z.string(),
      eventType: z.string(),
      createdAt: instant,
      status: z.enum(['pending', 'delivered', 'failed']),
      attempts: z.number(),
      /** When the next attempt is due; null once delivered or given up. */
      nextAttemptAt: nullableInstant,
      deliveredAt: nullableInstant,
      lastAttemptAt: nullableInstant,
      /** The receiver's HTTP status at the last attempt. */
      lastStatus: z.number().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});

/** Verify API: the backup codes come with the user's first confirmed factor, else null. */
export const apiConfirmResultSchema = z.object({ backupCodes: z.array(z.string()).nullable() });

export const apiUserStatusSchema = z.object({
  externalId: z.string(),
  mfaEnabled: z.boolean(),
  methods: z.array(secondFactorMethodSchema),
  locked: z.boolean(),
});

/** Why a code was refused (`invalid_code`): told only for a code that matched (code-rejection.ts). */
export const codeRejectionReasonSchema = z
  .enum(['wrong', 'expired', 'used'])
  .describe('wrong; expired: the right email/SMS code, too late; used: the right code, already spent');

/** `200` either way: a wrong code is an answer, not an error (API.md, "Verify API"). */
export const apiVerifyResultSchema = z.discriminatedUnion('result', [
  z.object({ result: z.literal('accept') }),
  z.object({
    result: z.literal('reject'),
    attemptsRemaining: z.number(),
    reason: codeRejectionReasonSchema,
    lockoutAfterAttempts: z.number().optional(),
    lockoutSeconds: z.number().optional(),
  }),
]);

export const apiChallengeResultSchema = z.object({
  destination: z.string(),
  expiresAt: instant,
  resendAfterSeconds: z.number(),
});

/** Every error: `{"error": {"code", "message", ...extra}}` (API.md, "Errors"). */
export const errorSchema = z
  .object({
    error: z.looseObject({
      code: z.string().describe('snake_case code from the error table'),
      message: z.string(),
      details: z
        .array(
          z.object({
            field: z.string(),
            message: z.string(),
            reason: z
              .string()
              .optional()
              .describe('a code for the problem: too_small, too_big, invalid_format, password_common, …'),
            limit: z
              .number()
              .optional()
              .describe('the bound too_small / too_big / a password length refers to'),
            kind: z
              .string()
              .optional()
              .describe('invalid_format: the format; too_small/too_big: string, number or array'),
          }),
        )
        .optional(),
      attemptsRemaining: z.number().optional(),
      reason: z
        .string()
        .optional()
        .describe('invalid_code: why the code was refused (wrong, expired, used); other codes: a detail'),
      lockoutAfterAttempts: z
        .number()
        .optional()
        .describe('invalid_code: this many more wrong codes lock the account (1: the next one does)'),
      lockoutSeconds: z.number().optional().describe('invalid_code: how long that lockout lasts'),
      retryAfterSeconds: z.number().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** `204 No Content`. */
export const noContent = z.null().describe('No content');

/** An application that signs its users in through Twofold (OpenID Connect); never its secret. */
export const oidcClientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  type: z.enum(['confidential', 'public']),
  firstParty: z.boolean(),
  requireMfa: z.boolean(),
  createdAt: instant,
});

/** A new application: a confidential one's secret is in this answer only. */
export const createdOidcClientSchema = oidcClientSchema.extend({ clientSecret: z.string().optional() });

export const oidcClientsSchema = z.object({
  clients: z.array(oidcClientSchema.extend({ signIns30d: z.number() })),
});

export const oidcClientSecretSchema = z.object({ clientSecret: z.string() });

export const oidcGrantsSchema = z.object({
  grants: z.array(
    z.object({ clientId: z.string(), name: z.string(), scopes: z.array(z.string()), createdAt: instant }),
  ),
});

export const policyPreviewSchema = z.object({
  changes: z.array(z.string()).describe('fields the change touches; empty when it changes nothing'),
  enforcementChanged: z
    .boolean()
    .describe(
      'who must use 2FA, by when or with what changes for someone: the requirement flips, or a user in scope gains or loses it, has their deadline moved or their factors stop counting',
    ),
  affectedUsers: z.number().describe('users for whom 2FA would be required'),
  newlyRequired: z.number().describe('of those, users for whom it is not required today'),
  noLongerRequired: z.number().describe('users for whom it is required today and would not be'),
  deadlineMoved: z
    .number()
    .describe('users required before and after, without an allowed factor, whose enrollment deadline moves'),
  factorsNoLongerAllowed: z
    .number()
    .describe('users whose factors satisfy the requirement today and would not (those methods not allowed)'),
  withoutMfa: z.number().describe('of the affected users, those without an allowed factor'),
  gracePeriodDays: z.number(),
  deadline: nullableInstant.describe('when the last grace period ends; null: set up at next sign-in'),
  actorNeedsSetup: z.boolean().describe('the admin making the change would have to set up 2FA'),
});

/** `GET /api/admin/providers` and the answers of its PUT/DELETE: secrets only as set / not set. */
export const providerSettingsSchema = z.object({
  email: z.object({
    provider: z.enum(['smtp', 'log']),
    host: z.string().nullable(),
    port: z.number().int().nullable(),
    security: z.enum(['none', 'starttls', 'tls']).nullable(),
    user: z.string().nullable(),
    passwordSet: z.boolean(),
    from: z.string(),
    source: z.enum(['environment', 'console', 'default']),
    lockedByEnvironment: z.array(z.string()),
    active: z.string(),
  }),
  sms: z.object({
    provider: z.enum(['log', 'twilio', 'webhook']),
    accountSid: z.string().nullable(),
    authTokenSet: z.boolean(),
    from: z.string().nullable(),
    apiUrl: z.string().nullable(),
    webhookUrl: z.string().nullable(),
    webhookSecretSet: z.boolean(),
    source: z.enum(['environment', 'console', 'default']),
    lockedByEnvironment: z.array(z.string()),
    active: z.string(),
  }),
});
