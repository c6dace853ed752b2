import { defaultMethodPolicies, type FactorType, type MethodPolicies } from '../factors/catalog.js';

// The method lists derive from the factor catalog (src/factors): one list, one place to add a type.
export {
  FACTOR_TYPES,
  type FactorType,
  PHISHING_RESISTANT_TYPES,
  VERIFY_METHODS,
  type VerifyMethod,
} from '../factors/catalog.js';

import { FACTOR_TYPES, PHISHING_RESISTANT_TYPES } from '../factors/catalog.js';

export const ENFORCEMENT_SCOPES = ['none', 'all', 'system_admins', 'org_admins', 'organizations'] as const;
export type EnforcementScope = (typeof ENFORCEMENT_SCOPES)[number];

export const ROLES = ['system_admin', 'org_admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** The server-wide policy document of `GET/PUT /api/admin/mfa/policy`. */
export interface SystemPolicy {
  /** One section per method, as its factor module's descriptor defines it (src/factors/<type>/descriptor.ts). */
  methods: MethodPolicies;
  enforcement: {
    scope: EnforcementScope;
    organizationIds: string[];
    /**
     * Organization profiles whose organizations the `org_admins` / `organizations`
     * scope covers, beside `organizationIds`; both empty: every organization.
     */
    profileIds: string[];
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
  /**
   * Days members have to enroll once `requireForAllMembers` is on (0: at their next
   * sign-in). Absent or null: the system's `enforcement.gracePeriodDays`.
   */
  gracePeriodDays?: number | null;
  /** Limits stricter than the system's (never looser; the stricter of each always wins). */
  limits?: LimitsOverride | null;
}

/**
 * Limits an organization or its profile may tighten: fewer attempts, shorter code
 * and mfaToken lifetimes, longer lockout. Each field is optional.
 */
export interface LimitsOverride {
  maxAttemptsPerChallenge?: number | undefined;
  maxConsecutiveFailures?: number | undefined;
  lockoutSeconds?: number | undefined;
  mfaTokenTtlSeconds?: number | undefined;
  codeTtlSeconds?: number | undefined;
}

export const LIMIT_OVERRIDE_FIELDS = [
  'maxAttemptsPerChallenge',
  'maxConsecutiveFailures',
  'lockoutSeconds',
  'mfaTokenTtlSeconds',
  'codeTtlSeconds',
] as const;

/**
 * The default organization policy an organization profile carries: organizations
 * of the profile that use no policy of their own inherit it.
 */
export interface ProfilePolicy {
  requireForAllMembers: boolean;
  /** A subset of the system's methods; null or empty: all of them (SECURITY.md rule 23). */
  methods: FactorType[] | null;
  /** As {@link OrgPolicy.gracePeriodDays}. */
  gracePeriodDays?: number | null;
  limits?: LimitsOverride | null;
  /** When `requireForAllMembers` was turned on (ISO). */
  startedAt: string | null;
}

/**
 * What is known of the profile of the user's organization: its default policy, null
 * (none: the user has no organization or the profile carries no policy) or
 * `'unreadable'` (the organization names a profile that cannot be read — fail
 * closed: 2FA is required at once, SECURITY.md rule 32).
 */
export type ProfilePolicyInput = ProfilePolicy | null | 'unreadable';

/** The effective limits for one user: the system's, tightened by the profile and organization. */
export interface EffectiveLimits {
  maxAttemptsPerChallenge: number;
  maxConsecutiveFailures: number;
  lockoutSeconds: number;
  resendIntervalSeconds: number;
  mfaTokenTtlSeconds: number;
  /** Lifetime of an email or SMS code, per channel. */
  codeTtlSeconds: { email: number; sms: number };
}

export const DEFAULT_ORG_POLICY: OrgPolicy = Object.freeze({
  useSystemPolicy: true,
  requireForAllMembers: false,
  methods: null,
  startedAt: null,
});

export function defaultSystemPolicy(): SystemPolicy {
  return {
    methods: defaultMethodPolicies(),
    enforcement: {
      scope: 'none',
      organizationIds: [],
      profileIds: [],
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
  /** Whose requirement sets the deadline (the earlier one when both enforce); null when not required. */
  requiredBy: 'system' | 'organization' | null;
  /** Attempt, lifetime and lockout limits for this user (never looser than the system's). */
  limits: EffectiveLimits;
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
  /**
   * The profile of the user's organization; null when the user has none (no
   * organization); undefined when unknown — a profile-scoped enforcement then
   * counts the user in (fail closed).
   */
  profileId?: string | null | undefined;
  createdAt: Date;
}

const DAY_MS = 86_400_000;

/** A grace length in days, or 0 when the stored value is odd (fail closed: no grace). */
function graceDaysOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The stricter of a system limit and an override, ignoring odd override values. */
function stricter(system: number, override: unknown, direction: 'lower' | 'higher'): number {
  if (typeof override !== 'number' || !Number.isFinite(override) || override <= 0) return system;
  return direction === 'lower' ? Math.min(system, override) : Math.max(system, override);
}

/** The system's limits tightened by every override given (an override can never loosen one). */
export function computeEffectiveLimits(
  system: SystemPolicy,
  overrides: Array<LimitsOverride | null | undefined>,
): EffectiveLimits {
  const limits: EffectiveLimits = {
    ...system.limits,
    codeTtlSeconds: { email: system.methods.email.codeTtlSeconds, sms: system.methods.sms.codeTtlSeconds },
  };
  for (const o of overrides) {
    if (!o || typeof o !== 'object') continue;
    limits.maxAttemptsPerChallenge = stricter(
      limits.maxAttemptsPerChallenge,
      o.maxAttemptsPerChallenge,
      'lower',
    );
    limits.maxConsecutiveFailures = stricter(
      limits.maxConsecutiveFailures,
      o.maxConsecutiveFailures,
      'lower',
    );
    limits.lockoutSeconds = stricter(limits.lockoutSeconds, o.lockoutSeconds, 'higher');
    limits.mfaTokenTtlSeconds = stricter(limits.mfaTokenTtlSeconds, o.mfaTokenTtlSeconds, 'lower');
    limits.codeTtlSeconds = {
      email: stricter(limits.codeTtlSeconds.email, o.codeTtlSeconds, 'lower'),
      sms: stricter(limits.codeTtlSeconds.sms, o.codeTtlSeconds, 'lower'),
    };
  }
  return limits;
}

/**
 * The fields of `override` that would loosen the system's limits, as 400 details
 * (`{field: "limits.lockoutSeconds", message}`); empty when it only tightens.
 */
export function findLooserLimits(
  system: SystemPolicy,
  override: LimitsOverride,
  prefix = 'limits',
): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const lower = (field: keyof LimitsOverride, max: number, what: string) => {
    const value = override[field];
    if (value !== undefined && value > max)
      out.push({ field: `${prefix}.${field}`, message: `must be at most the system's ${max} (${what})` });
  };
  lower('maxAttemptsPerChallenge', system.limits.maxAttemptsPerChallenge, 'fewer attempts only');
  lower('maxConsecutiveFailures', system.limits.maxConsecutiveFailures, 'fewer attempts only');
  lower('mfaTokenTtlSeconds', system.limits.mfaTokenTtlSeconds, 'shorter lifetimes only');
  lower(
    'codeTtlSeconds',
    Math.min(system.methods.email.codeTtlSeconds, system.methods.sms.codeTtlSeconds),
    'shorter code lifetimes only',
  );
  if (override.lockoutSeconds !== undefined && override.lockoutSeconds < system.limits.lockoutSeconds)
    out.push({
      field: `${prefix}.lockoutSeconds`,
      message: `must be at least the system's ${system.limits.lockoutSeconds} (longer lockout only)`,
    });
  return out;
}

/** Does the `org_admins` / `organizations` scope cover this user's organization? */
function inChosenOrganizations(enforcement: SystemPolicy['enforcement'], user: PolicySubject): boolean {
  if (user.orgId === null) return false;
  // Odd stored lists read as empty: "leave both empty for all" — the stricter reading.
  const orgIds = Array.isArray(enforcement.organizationIds) ? enforcement.organizationIds : [];
  const profileIds = Array.isArray(enforcement.profileIds) ? enforcement.profileIds : [];
  if (orgIds.length === 0 && profileIds.length === 0) return true;
  if (orgIds.includes(user.orgId)) return true;
  if (profileIds.length === 0) return false;
  // A profile we could not establish counts as chosen (fail closed, SECURITY.md rule 32).
  if (user.profileId === undefined) return true;
  return user.profileId !== null && profileIds.includes(user.profileId);
}

/**
 * Effective policy = system ∩ organization (∩ its profile). Pure: the clock comes
 * in as `now`. An organization can only tighten: its methods are intersected with
 * the system's, its requirement adds to the system's enforcement, its limits are
 * only ever stricter. An organization that uses no policy of its own inherits its
 * profile's default policy. Whatever is odd or missing reads the strict way
 * (docs/fail-closed.md).
 */
export function computeEffectivePolicy(
  system: SystemPolicy,
  org: OrgPolicy | null,
  user: PolicySubject,
  now: Date,
  profile: ProfilePolicyInput = null,
): EffectivePolicy {
  const systemMethods = FACTOR_TYPES.filter((type) => system.methods[type].enabled);
  const orgOverride = org && !org.useSystemPolicy ? org : null;
  const profilePolicy = user.orgId !== null && profile && profile !== 'unreadable' ? profile : null;
  // The organization's own rule, else the one its profile gives it.
  const orgRule: ProfilePolicy | null = orgOverride ?? profilePolicy;
  // A missing, null or empty list means the system's methods, never none (SECURITY.md rule 23).
  const ruleMethods = Array.isArray(orgRule?.methods) ? orgRule.methods : null;
  const allowedMethods = ruleMethods?.length
    ? systemMethods.filter((type) => ruleMethods.includes(type))
    : systemMethods;

  const { scope } = system.enforcement;
  const inScope = (s: EnforcementScope) =>
    s === 'all' ||
    (s === 'system_admins' && user.role === 'system_admin') ||
    (s === 'org_admins' && user.role === 'org_admin' && inChosenOrganizations(system.enforcement, user)) ||
    (s === 'organizations' && inChosenOrganizations(system.enforcement, user));
  const bySystem = inScope(scope);
  // An unreadable profile of an org without its own rule: its requirement is unknown, so it holds.
  const profileUnknown = user.orgId !== null && profile === 'unreadable' && !orgOverride;
  const byOrg = profileUnknown || (orgRule !== null && orgRule.requireForAllMembers === true);
  const phishingResistantScoped = inScope(system.enforcement.phishingResistant ?? 'none');
  const required = bySystem || byOrg || phishingResistantScoped;
  const graceDays = graceDaysOf(system.enforcement.gracePeriodDays);

  // Each requirement's deadline (ms): the start (account creation or enforcement) plus its grace.
  const deadlineOf = (startedAt: string | null | undefined, graceDays: number) => {
    const started = startedAt ? Date.parse(startedAt) : 0;
    return Math.max(user.createdAt.getTime(), Number.isFinite(started) ? started : 0) + graceDays * DAY_MS;
  };
  const candidates: Array<{ kind: 'system' | 'organization'; deadline: number; startedAt: string | null }> =
    [];
  if (bySystem)
    candidates.push({
      kind: 'system',
      deadline: deadlineOf(system.enforcement.startedAt, graceDaysOf(system.enforcement.gracePeriodDays)),
      startedAt: system.enforcement.startedAt,
    });
  if (byOrg) {
    const grace = profileUnknown
      ? 0
      : orgRule?.gracePeriodDays === undefined || orgRule.gracePeriodDays === null
        ? graceDaysOf(system.enforcement.gracePeriodDays)
        : graceDaysOf(orgRule.gracePeriodDays);
    const startedAt = profileUnknown ? null : (orgRule?.startedAt ?? null);
    candidates.push({
      kind: 'organization',
      deadline: profileUnknown ? 0 : deadlineOf(startedAt, grace),
      startedAt,
    });
  }
  if (phishingResistantScoped)
    candidates.push({
      kind: 'system',
      deadline: deadlineOf(system.enforcement.phishingResistantStartedAt, graceDays),
      startedAt: system.enforcement.phishingResistantStartedAt ?? null,
    });
  // Both enforce: the earlier deadline wins (the system's on a tie).
  const winner = candidates.reduce<(typeof candidates)[number] | null>(
    (best, c) => (best === null || c.deadline < best.deadline ? c : best),
    null,
  );
  const enrollmentDeadline = winner && now.getTime() < winner.deadline ? new Date(winner.deadline) : null;
  const startedAt = winner?.startedAt ?? null;
  const requiredSince = startedAt && Number.isFinite(Date.parse(startedAt)) ? new Date(startedAt) : null;

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
      ? allowedMethods.filter((type) => (PHISHING_RESISTANT_TYPES as readonly FactorType[]).includes(type))
      : allowedMethods,
    // Backup codes are not phishing-resistant: they only prove an old factor to enroll a key (rule 24 walk).
    backupCodesEnabled: system.methods.backupCodes.enabled && !phishingResistantRequired,
    required,
    enrollmentDeadline,
    requiredSince,
    rememberBrowserDays,
    requiredBy: winner?.kind ?? null,
    // The profile's limits apply to its organizations always; the organization's own on top.
    limits: computeEffectiveLimits(system, [profilePolicy?.limits, orgOverride?.limits]),
    phishingResistantRequired,
    phishingResistantDeadline,
  };
}
