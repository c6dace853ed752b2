import {
  computeEffectivePolicy,
  FACTOR_TYPES,
  type FactorType,
  findLooserLimits,
  LIMIT_OVERRIDE_FIELDS,
  type LimitsOverride,
  type OrgPolicy,
  type ProfilePolicy,
  type SystemPolicy,
} from '../../domain/policy.js';
import { AppError, invalidRequest } from '../../errors.js';
import { METHOD_POLICY_KEYS } from '../../factors/catalog.js';
import type { Organization, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import {
  effectiveFromDirectory,
  isMethodDeliverable,
  loadPolicyDirectory,
  type PolicyDirectory,
} from '../effective-policy.js';

/** The methods an organization's members (or, with `null`, users without one) could use: enabled and deliverable. */
function usableMethods(ctx: ServiceContext, system: SystemPolicy, org: OrgPolicy | null): FactorType[] {
  const { allowedMethods } = computeEffectivePolicy(
    system,
    org,
    { role: 'member', orgId: null, createdAt: new Date(0) },
    ctx.now(),
  );
  return allowedMethods.filter((m) => isMethodDeliverable(ctx, m));
}

const WHY_UNDELIVERABLE =
  'enabled and deliverable: email needs SMTP_URL and SMS needs SMS_PROVIDER in production';

/**
 * Refuses (400, naming the field and who would be affected) a policy that leaves
 * users without any method that is enabled and deliverable (SECURITY.md rule 23):
 * such users could neither sign in nor enroll.
 */
async function assertEveryoneHasAMethod(
  ctx: ServiceContext,
  system: SystemPolicy,
  orgs: Array<Pick<Organization, 'id' | 'name' | 'policy'>>,
  field: string,
): Promise<void> {
  if (usableMethods(ctx, system, null).length === 0) {
    throw new AppError('invalid_request', {
      message: `This change would leave every user without a second-factor method that is ${WHY_UNDELIVERABLE}.`,
      extra: {
        details: [{ field, message: `would leave every user without a method that is ${WHY_UNDELIVERABLE}` }],
        affected: { organizations: [], allUsers: true },
      },
    });
  }
  const stranded = orgs.filter((org) => usableMethods(ctx, system, org.policy).length === 0);
  if (stranded.length === 0) return;
  const organizations = [];
  for (const org of stranded) {
    const users = (await ctx.stores.users.listForStats(org.id)).length;
    organizations.push({ id: org.id, name: org.name, users });
  }
  const names = organizations.map((o) => `${o.name} (${o.id}, ${o.users} users)`).join(', ');
  throw new AppError('invalid_request', {
    message: `This change would leave organizations without a second-factor method: ${names}.`,
    extra: {
      details: [{ field, message: `would leave ${names} without a method that is ${WHY_UNDELIVERABLE}` }],
      affected: { organizations, allUsers: false },
    },
  });
}

/**
 * Enforcement began for some users: their password-only sessions end (SECURITY.md
 * rule 23), except the acting admin's own request. Returns how many ended.
 */
async function endPasswordOnlySessions(
  ctx: ServiceContext,
  before: SystemPolicy,
  after: SystemPolicy,
  orgsBefore: Map<string, OrgPolicy | null>,
  orgsAfter: Map<string, OrgPolicy | null>,
  keepSessionId: string | undefined,
  orgId?: string,
  directory?: PolicyDirectory,
): Promise<number> {
  const now = ctx.now();
  const dir = directory ?? (await loadPolicyDirectory(ctx));
  const newlyRequired: string[] = [];
  for (const { user } of await ctx.stores.users.listForStats(orgId)) {
    const was = effectiveFromDirectory(before, dir, user, now, orgsBefore);
    const is = effectiveFromDirectory(after, dir, user, now, orgsAfter);
    if (is.required && !is.enrollmentDeadline && !(was.required && !was.enrollmentDeadline))
      newlyRequired.push(user.id);
  }
  if (newlyRequired.length === 0) return 0;
  return ctx.stores.sessions.revokePasswordOnly(newlyRequired, now, keepSessionId);
}

/** Ends the password-only sessions of users a profile's new requirement covers (SECURITY.md rule 23). */
export async function endSessionsAfterProfileChange(
  ctx: ServiceContext,
  before: PolicyDirectory,
  after: PolicyDirectory,
  keepSessionId: string | undefined,
): Promise<number> {
  const system = await ctx.stores.settings.getPolicy();
  const now = ctx.now();
  const newlyRequired: string[] = [];
  for (const { user } of await ctx.stores.users.listForStats()) {
    if (!user.orgId) continue;
    const was = effectiveFromDirectory(system, before, user, now);
    const is = effectiveFromDirectory(system, after, user, now);
    if (is.required && !is.enrollmentDeadline && !(was.required && !was.enrollmentDeadline))
      newlyRequired.push(user.id);
  }
  if (newlyRequired.length === 0) return 0;
  return ctx.stores.sessions.revokePasswordOnly(newlyRequired, now, keepSessionId);
}

/** A partial policy document as `PUT /api/admin/mfa/policy` accepts it (validated by the route schema). */
export type SystemPolicyPatch = {
  methods?: { [K in keyof SystemPolicy['methods']]?: Partial<SystemPolicy['methods'][K]> };
  enforcement?: Partial<Omit<SystemPolicy['enforcement'], 'startedAt'>>;
  limits?: Partial<SystemPolicy['limits']>;
  rememberBrowser?: Partial<SystemPolicy['rememberBrowser']>;
  emailVerification?: SystemPolicy['emailVerification'];
};

/** Leaf-level differences between two documents: `{"limits.lockoutSeconds": {from, to}}`. */
export function diffDocuments(
  before: unknown,
  after: unknown,
  prefix = '',
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
    for (const key of keys) {
      Object.assign(
        out,
        diffDocuments(
          (before as Record<string, unknown>)[key],
          (after as Record<string, unknown>)[key],
          prefix ? `${prefix}.${key}` : key,
        ),
      );
    }
    return out;
  }
  if (JSON.stringify(before) !== JSON.stringify(after))
    out[prefix] = { from: before ?? null, to: after ?? null };
  return out;
}

/**
 * The policy `patch` makes of `before`, validated (every cross-field rule) but not saved:
 * shared by the update and its dry run (`previewSystemPolicy`).
 */
export async function mergeSystemPolicy(ctx: ServiceContext, before: SystemPolicy, patch: SystemPolicyPatch) {
  const after: SystemPolicy = structuredClone(before);
  for (const key of METHOD_POLICY_KEYS) {
    Object.assign(after.methods[key], patch.methods?.[key] ?? {});
  }
  Object.assign(after.enforcement, patch.enforcement ?? {});
  Object.assign(after.limits, patch.limits ?? {});
  Object.assign(after.rememberBrowser, patch.rememberBrowser ?? {});
  if (patch.emailVerification) after.emailVerification = patch.emailVerification;

  // Cross-field rules the schema cannot see.
  if (after.enforcement.scope === 'organizations' || after.enforcement.scope === 'org_admins') {
    for (const [index, id] of after.enforcement.organizationIds.entries()) {
      if (!(await ctx.stores.organizations.findById(id))) {
        throw invalidRequest([
          { field: `enforcement.organizationIds.${index}`, message: 'no such organization' },
        ]);
      }
    }
    for (const [index, id] of (after.enforcement.profileIds ?? []).entries()) {
      if (!(await ctx.stores.orgProfiles.findById(id))) {
        throw invalidRequest([
          { field: `enforcement.profileIds.${index}`, message: 'no such organization profile' },
        ]);
      }
    }
  }
  if (!FACTOR_TYPES.some((m) => after.methods[m].enabled)) {
    throw invalidRequest([
      { field: 'methods', message: `at least one of ${FACTOR_TYPES.join(', ')} must stay enabled` },
    ]);
  }
  const orgs = await ctx.stores.organizations.list();
  await assertEveryoneHasAMethod(ctx, after, orgs, 'methods');
  const enforcementChanged =
    before.enforcement.scope !== after.enforcement.scope ||
    JSON.stringify([...before.enforcement.organizationIds].sort()) !==
      JSON.stringify([...after.enforcement.organizationIds].sort()) ||
    JSON.stringify([...(before.enforcement.profileIds ?? [])].sort()) !==
      JSON.stringify([...(after.enforcement.profileIds ?? [])].sort());
  if (enforcementChanged)
    after.enforcement.startedAt = after.enforcement.scope === 'none' ? null : ctx.now().toISOString();
  if ((before.enforcement.phishingResistant ?? 'none') !== after.enforcement.phishingResistant)
    after.enforcement.phishingResistantStartedAt =
      after.enforcement.phishingResistant === 'none' ? null : ctx.now().toISOString();

  return { after, orgs, enforcementChanged };
}

/**
 * `PUT /api/admin/mfa/policy`: merges a validated partial document over the stored
 * one and saves the whole in one statement (nothing is half-saved). A change of
 * enforcement restarts the grace period clock. Audited with the difference.
 */
export async function updateSystemPolicy(
  ctx: ServiceContext,
  admin: User,
  patch: SystemPolicyPatch,
  meta: RequestMeta,
  actorSessionId?: string,
): Promise<SystemPolicy> {
  const before = await ctx.stores.settings.getPolicy();
  const { after, orgs, enforcementChanged } = await mergeSystemPolicy(ctx, before, patch);

  const changes = diffDocuments(before, after);
  if (Object.keys(changes).length === 0) return after;
  await ctx.stores.settings.savePolicy(after, ctx.now());
  await recordEvent(ctx, 'policy_changed', { actorId: admin.id, meta, details: { changes } });
  if (enforcementChanged) {
    const policies = new Map(orgs.map((o) => [o.id, o.policy]));
    const ended = await endPasswordOnlySessions(ctx, before, after, policies, policies, actorSessionId);
    if (ended > 0)
      await recordEvent(ctx, 'sessions_ended', {
        actorId: admin.id,
        meta,
        details: { reason: 'enforcement_began', sessions: ended },
      });
  }
  return after;
}

/** `GET /api/admin/mfa/policy`: the whole server-wide policy document. */
export async function getSystemPolicy(ctx: ServiceContext) {
  return ctx.stores.settings.getPolicy();
}

/** The organization's policy as the API shows it, with the methods its members may use. */
export async function getOrgPolicy(ctx: ServiceContext, orgId: string) {
  const org = await ctx.stores.organizations.findById(orgId);
  if (!org) throw new AppError('not_found', { message: 'No such organization.' });
  const system = await ctx.stores.settings.getPolicy();
  const policy = org.policy ?? {
    useSystemPolicy: true,
    requireForAllMembers: false,
    methods: null,
    startedAt: null,
  };
  const systemMethods = FACTOR_TYPES.filter((m) => system.methods[m].enabled);
  const profile = await ctx.stores.orgProfiles.findById(org.profileId);
  const own = !policy.useSystemPolicy;
  return {
    orgId,
    useSystemPolicy: policy.useSystemPolicy,
    requireForAllMembers: own ? policy.requireForAllMembers : false,
    methods: own ? policy.methods : null,
    rememberBrowser: own ? (policy.rememberBrowser ?? null) : null,
    /** The organization's own grace period in days; null: the system's. */
    gracePeriodDays: own ? (policy.gracePeriodDays ?? null) : null,
    limits: own ? (policy.limits ?? null) : null,
    systemMethods,
    systemGracePeriodDays: system.enforcement.gracePeriodDays,
    profile: profile
      ? { id: profile.id, name: profile.name, policy: profileView(profile.policy) }
      : { id: org.profileId, name: null, policy: null },
  };
}

/** The organization policy `input` makes, validated but not saved (the update and its dry run). */
export async function mergeOrgPolicy(ctx: ServiceContext, orgId: string, input: OrgPolicyInput) {
  const org = await ctx.stores.organizations.findById(orgId);
  if (!org) throw new AppError('not_found', { message: 'No such organization.' });
  const system = await ctx.stores.settings.getPolicy();
  const methods = input.methods ?? null;
  if (methods) {
    if (methods.length === 0)
      throw invalidRequest([{ field: 'methods', message: 'choose at least one method' }]);
    for (const [index, method] of methods.entries()) {
      if (!system.methods[method].enabled) {
        throw invalidRequest([
          { field: `methods.${index}`, message: `${method} is not enabled server-wide` },
        ]);
      }
    }
  }
  if (input.limits) {
    const looser = findLooserLimits(system, input.limits);
    if (looser.length > 0) throw invalidRequest(looser, "Limits may only be stricter than the system's.");
  }
  const before = org.policy;
  const requireForAllMembers = !input.useSystemPolicy && input.requireForAllMembers === true;
  const next: OrgPolicy = {
    useSystemPolicy: input.useSystemPolicy,
    requireForAllMembers,
    // Missing or null: the system's methods, never none (SECURITY.md rule 23).
    methods: input.useSystemPolicy || !methods ? null : [...new Set(methods)],
    rememberBrowser: input.useSystemPolicy ? null : (input.rememberBrowser ?? null),
    gracePeriodDays: input.useSystemPolicy ? null : (input.gracePeriodDays ?? null),
    limits: input.useSystemPolicy || !input.limits ? null : compactLimits(input.limits),
    startedAt:
      requireForAllMembers && !(before && !before.useSystemPolicy && before.requireForAllMembers)
        ? ctx.now().toISOString()
        : requireForAllMembers
          ? (before?.startedAt ?? ctx.now().toISOString())
          : null,
  };
  await assertEveryoneHasAMethod(ctx, system, [{ ...org, policy: next }], 'methods');
  return { org, system, before, next, requireForAllMembers };
}

export interface OrgPolicyInput {
  useSystemPolicy: boolean;
  requireForAllMembers?: boolean | undefined;
  methods?: FactorType[] | null | undefined;
  rememberBrowser?: { enabled: boolean; days?: number | undefined } | null | undefined;
  gracePeriodDays?: number | null | undefined;
  limits?: LimitsOverride | null | undefined;
}

/**
 * `PUT /api/admin/orgs/:orgId/mfa/policy`: the system's policy, or a tightening of
 * it — only among the methods the system enables.
 */
export async function updateOrgPolicy(
  ctx: ServiceContext,
  admin: User,
  orgId: string,
  input: OrgPolicyInput,
  meta: RequestMeta,
  actorSessionId?: string,
) {
  const { org, system, before, next, requireForAllMembers } = await mergeOrgPolicy(ctx, orgId, input);
  await ctx.stores.organizations.savePolicy(orgId, next);
  await recordEvent(ctx, 'org_policy_changed', {
    actorId: admin.id,
    orgId,
    meta,
    details: { changes: diffDocuments(before ?? {}, next) },
  });
  // A new requirement, or a shorter grace on an existing one, can make 2FA due now.
  if (requireForAllMembers) {
    const ended = await endPasswordOnlySessions(
      ctx,
      system,
      system,
      new Map([[orgId, before]]),
      new Map([[orgId, next]]),
      actorSessionId,
      orgId,
    );
    if (ended > 0)
      await recordEvent(ctx, 'sessions_ended', {
        actorId: admin.id,
        orgId,
        meta,
        details: { reason: 'enforcement_began', sessions: ended },
      });
  }
  return getOrgPolicy(ctx, orgId);
}

/** An override without its unset fields (null when none is set). */
export function compactLimits(limits: LimitsOverride): LimitsOverride | null {
  const out: LimitsOverride = {};
  for (const field of LIMIT_OVERRIDE_FIELDS) if (limits[field] !== undefined) out[field] = limits[field];
  return Object.keys(out).length > 0 ? out : null;
}

/** A profile's default policy as the API shows it (null: none). */
export function profileView(policy: ProfilePolicy | null) {
  if (!policy) return null;
  return {
    requireForAllMembers: policy.requireForAllMembers === true,
    methods: Array.isArray(policy.methods) && policy.methods.length > 0 ? policy.methods : null,
    gracePeriodDays: policy.gracePeriodDays ?? null,
    limits: policy.limits ?? null,
  };
}
