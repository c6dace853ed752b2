/** The second-factor types a user can enroll. Backup codes are a fallback, not a factor. */
export const FACTOR_TYPES = ['totp', 'email', 'sms', 'webauthn'] as const;
export type FactorType = (typeof FACTOR_TYPES)[number];
export type VerifyMethod = FactorType | 'backup_code';

/** Factor types that resist phishing (bound to the origin): what `enforcement.phishingResistant` requires. */
export const PHISHING_RESISTANT_TYPES: readonly FactorType[] = ['webauthn'];

export const ENFORCEMENT_SCOPES = ['none', 'all', 'system_admins', 'org_admins', 'organizations'] as const;
export type EnforcementScope = (typeof ENFORCEMENT_SCOPES)[number];

export const ROLES = ['system_admin', 'org_admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** The server-wide policy document of `GET/PUT /api/admin/mfa/policy`. */
export interface SystemPolicy {
  methods: {
    totp: { enabled: boolean; issuer: string };
    email: { enabled: boolean; codeTtlSeconds: number };
    sms: { enabled: boolean; codeTtlSeconds: number };
    /** Security keys and passkeys (src/factors/webauthn). */
    webauthn: { enabled: boolean };
    backupCodes: { enabled: boolean; count: number };
  };
  enforcement: {
    scope: EnforcementScope;
    organizationIds: string[];
    gracePeriodDays: number;
    /**
     * Who must have a phishing-resistant factor (a security key or passkey): the same
     * scopes as `scope` (`organizations` uses `organizationIds`), the same grace period.
     * Past it, such a user signs in with one, or proves an old factor and enrolls one.
     */
    phishingResistant?: EnforcementScope;
    /** When the current phishing-resistant requirement began (ISO). */
    phishingResistantStartedAt?: string | null;
    /** When the current enforcement began (ISO); grace periods count from here or the account's creation. */
    startedAt: string | null;
  };
  limits: {
    maxAttemptsPerChallenge: number;
    maxConsecutiveFailures: number;
    lockoutSeconds: number;
    resendIntervalSeconds: number;
    mfaTokenTtlSeconds: number;
  };
  /**
   * "Don't ask again on this browser for N days" at the second step (SECURITY.md
   * rule 30). Off by default; `days` is 1–90.
   */
  rememberBrowser: { enabled: boolean; days: number };
  /**
   * `required`: an account whose address is not verified may sign in but may not
   * enroll a factor or use the app beyond the verification notice. Default `optional`.
   */
  emailVerification: EmailVerificationPolicy;
}

export const EMAIL_VERIFICATION_POLICIES = ['required', 'optional'] as const;
export type EmailVerificationPolicy = (typeof EMAIL_VERIFICATION_POLICIES)[number];

/** An organization's own policy: the system's, or a tightening of it. */
export interface OrgPolicy {
  useSystemPolicy: boolean;
  requireForAllMembers: boolean;
  /**
   * A subset of the system's enabled methods; null (or missing, or an empty list
   * saved by older versions) means all of them — never "none" (SECURITY.md rule 23).
   */
  methods: FactorType[] | null;
  /** When `requireForAllMembers` was turned on (ISO). */
  startedAt: string | null;
  /** Turns remembered browsers off for the organization, or shortens them; absent: the system's. */
  rememberBrowser?: { enabled: boolean; days?: number | undefined } | null;
}

export const DEFAULT_ORG_POLICY: OrgPolicy = Object.freeze({
  useSystemPolicy: true,
  requireForAllMembers: false,
  methods: null,
  startedAt: null,
});

export function defaultSystemPolicy(): SystemPolicy {
  return {
    methods: {
      totp: { enabled: true, issuer: 'Twofold' },
      email: { enabled: true, codeTtlSeconds: 300 },
      sms: { enabled: false, codeTtlSeconds: 300 },
      webauthn: { enabled: true },
      backupCodes: { enabled: true, count: 10 },
    },
    enforcement: {
      scope: 'none',
      organizationIds: [],
      gracePeriodDays: 0,
      phishingResistant: 'none',
      startedAt: null,
    },
    limits: {
      maxAttemptsPerChallenge: 5,
      maxConsecutiveFailures: 10,
      lockoutSeconds: 900,
      resendIntervalSeconds: 30,
      mfaTokenTtlSeconds: 600,
    },
    rememberBrowser: { enabled: false, days: 30 },
    emailVerification: 'optional',
  };
}

/** What the policy means for one user at one moment. */
export interface EffectivePolicy {
  /** Factor types this user may enroll and use. */
  allowedMethods: FactorType[];
  backupCodesEnabled: boolean;
  /** 2FA is enforced for this user (grace period or not). */
  required: boolean;
  /** End of the grace period, when one applies and has not passed; null otherwise. */
  enrollmentDeadline: Date | null;
  /** When the enforcement that applies to this user began (null when not required or unknown). */
  requiredSince: Date | null;
  /** Days a browser may be remembered at the second step; null when policy does not allow it. */
  rememberBrowserDays: number | null;
  /**
   * A phishing-resistant factor is required now (past any grace period): only those
   * sign in, and `allowedMethods` holds only them. Fail closed: not met, never skipped.
   */
  phishingResistantRequired: boolean;
  /** End of the grace period of the phishing-resistant requirement, while it runs. */
  phishingResistantDeadline: Date | null;
}

export interface PolicySubject {
  role: Role;
  orgId: string | null;
  createdAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * Effective policy = system ∩ organization. Pure: the clock comes in as `now`.
 * An organization can only tighten: its methods are intersected with the
 * system's, and its requirement adds to the system's enforcement.
 */
export function computeEffectivePolicy(
  system: SystemPolicy,
  org: OrgPolicy | null,
  user: PolicySubject,
  now: Date,
): EffectivePolicy {
  const systemMethods = FACTOR_TYPES.filter((type) => system.methods[type].enabled);
  const orgOverride = org && !org.useSystemPolicy ? org : null;
  // A missing, null or empty list means the system's methods, never none (SECURITY.md rule 23).
  const allowedMethods = orgOverride?.methods?.length
    ? systemMethods.filter((type) => orgOverride.methods!.includes(type))
    : systemMethods;

  const { scope, organizationIds } = system.enforcement;
  const inScope = (s: EnforcementScope) =>
    s === 'all' ||
    (s === 'system_admins' && user.role === 'system_admin') ||
    (s === 'org_admins' && user.role === 'org_admin') ||
    (s === 'organizations' && user.orgId !== null && organizationIds.includes(user.orgId));
  const bySystem = inScope(scope);
  const byOrg = orgOverride?.requireForAllMembers === true;
  const phishingResistantScoped = inScope(system.enforcement.phishingResistant ?? 'none');
  const required = bySystem || byOrg || phishingResistantScoped;

  let enrollmentDeadline: Date | null = null;
  const graceDays = system.enforcement.gracePeriodDays;
  const startedAt = required ? (bySystem ? system.enforcement.startedAt : orgOverride?.startedAt) : null;
  const requiredSince = startedAt && Number.isFinite(Date.parse(startedAt)) ? new Date(startedAt) : null;
  if (required && graceDays > 0) {
    const start = Math.max(user.createdAt.getTime(), startedAt ? Date.parse(startedAt) : 0);
    const deadline = start + graceDays * DAY_MS;
    if (now.getTime() < deadline) enrollmentDeadline = new Date(deadline);
  }
  // Remembered browsers: the system allows them; an organization can only turn them off or shorten them.
  let rememberBrowserDays: number | null = system.rememberBrowser?.enabled
    ? system.rememberBrowser.days
    : null;
  const orgRemember = orgOverride?.rememberBrowser;
  if (rememberBrowserDays !== null && orgRemember) {
    rememberBrowserDays = orgRemember.enabled
      ? Math.min(rememberBrowserDays, orgRemember.days ?? rememberBrowserDays)
      : null;
  }
  // The phishing-resistant requirement has its own start and the same grace period.
  let phishingResistantDeadline: Date | null = null;
  if (phishingResistantScoped && graceDays > 0) {
    const prStarted = system.enforcement.phishingResistantStartedAt;
    const start = Math.max(user.createdAt.getTime(), prStarted ? Date.parse(prStarted) || 0 : 0);
    const deadline = start + graceDays * DAY_MS;
    if (now.getTime() < deadline) phishingResistantDeadline = new Date(deadline);
  }
  const phishingResistantRequired = phishingResistantScoped && phishingResistantDeadline === null;
  return {
    allowedMethods: phishingResistantRequired
      ? allowedMethods.filter((type) => PHISHING_RESISTANT_TYPES.includes(type))
      : allowedMethods,
    // Backup codes are not phishing-resistant: they only prove an old factor to enroll a key (rule 24 walk).
    backupCodesEnabled: system.methods.backupCodes.enabled && !phishingResistantRequired,
    required,
    enrollmentDeadline,
    requiredSince,
    rememberBrowserDays,
    phishingResistantRequired,
    phishingResistantDeadline,
  };
}
