import {
  computeEffectivePolicy,
  FACTOR_TYPES,
  type FactorType,
  type OrgPolicy,
  type SystemPolicy,
} from '../domain/policy.js';
import { AppError, invalidRequest } from '../errors.js';
import type { Organization, User } from '../storage/types.js';
import { recordEvent } from './audit-log.js';
import type { RequestMeta, ServiceContext } from './context.js';
import { isMethodDeliverable } from './effective-policy.js';

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
): Promise<number> {
  const now = ctx.now();
  const newlyRequired: string[] = [];
  for (const { user } of await ctx.stores.users.listForStats(orgId)) {
    const orgBefore = user.orgId ? (orgsBefore.get(user.orgId) ?? null) : null;
    const orgAfter = user.orgId ? (orgsAfter.get(user.orgId) ?? null) : null;
    const was = computeEffectivePolicy(before, orgBefore, user, now);
    const is = computeEffectivePolicy(after, orgAfter, user, now);
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
  const after: SystemPolicy = structuredClone(before);
  for (const method of ['totp', 'email', 'sms', 'webauthn', 'backupCodes'] as const) {
    Object.assign(after.methods[method], patch.methods?.[method] ?? {});
  }
  Object.assign(after.enforcement, patch.enforcement ?? {});
  Object.assign(after.limits, patch.limits ?? {});
  Object.assign(after.rememberBrowser, patch.rememberBrowser ?? {});
  if (patch.emailVerification) after.emailVerification = patch.emailVerification;

  // Cross-field rules the schema cannot see.
  if (after.enforcement.scope === 'organizations') {
    for (const [index, id] of after.enforcement.organizationIds.entries()) {
      if (!(await ctx.stores.organizations.findById(id))) {
        throw invalidRequest([
          { field: `enforcement.organizationIds.${index}`, message: 'no such organization' },
        ]);
      }
    }
  }
  if (!FACTOR_TYPES.some((m) => after.methods[m].enabled)) {
    throw invalidRequest([
      { field: 'methods', message: 'at least one of totp, email, sms, webauthn must stay enabled' },
    ]);
  }
  const orgs = await ctx.stores.organizations.list();
  await assertEveryoneHasAMethod(ctx, after, orgs, 'methods');
  const enforcementChanged =
    before.enforcement.scope !== after.enforcement.scope ||
    JSON.stringify([...before.enforcement.organizationIds].sort()) !==
      JSON.stringify([...after.enforcement.organizationIds].sort());
  if (enforcementChanged)
    after.enforcement.startedAt = after.enforcement.scope === 'none' ? null : ctx.now().toISOString();
  if ((before.enforcement.phishingResistant ?? 'none') !== after.enforcement.phishingResistant)
    after.enforcement.phishingResistantStartedAt =
      after.enforcement.phishingResistant === 'none' ? null : ctx.now().toISOString();

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
  return {
    orgId,
    useSystemPolicy: policy.useSystemPolicy,
    requireForAllMembers: policy.useSystemPolicy ? false : policy.requireForAllMembers,
    methods: policy.useSystemPolicy ? null : policy.methods,
    rememberBrowser: policy.useSystemPolicy ? null : (policy.rememberBrowser ?? null),
    systemMethods,
  };
}

/**
 * `PUT /api/admin/orgs/:orgId/mfa/policy`: the system's policy, or a tightening of
 * it — only among the methods the system enables.
 */
export async function updateOrgPolicy(
  ctx: ServiceContext,
  admin: User,
  orgId: string,
  input: {
    useSystemPolicy: boolean;
    requireForAllMembers?: boolean | undefined;
    methods?: FactorType[] | null | undefined;
    rememberBrowser?: { enabled: boolean; days?: number | undefined } | null | undefined;
  },
  meta: RequestMeta,
  actorSessionId?: string,
) {
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
  const before = org.policy;
  const requireForAllMembers = !input.useSystemPolicy && input.requireForAllMembers === true;
  const next: OrgPolicy = {
    useSystemPolicy: input.useSystemPolicy,
    requireForAllMembers,
    // Missing or null: the system's methods, never none (SECURITY.md rule 23).
    methods: input.useSystemPolicy || !methods ? null : [...new Set(methods)],
    rememberBrowser: input.useSystemPolicy ? null : (input.rememberBrowser ?? null),
    startedAt:
      requireForAllMembers && !(before && !before.useSystemPolicy && before.requireForAllMembers)
        ? ctx.now().toISOString()
        : requireForAllMembers
          ? (before?.startedAt ?? ctx.now().toISOString())
          : null,
  };
  await assertEveryoneHasAMethod(ctx, system, [{ ...org, policy: next }], 'methods');
  await ctx.stores.organizations.savePolicy(orgId, next);
  await recordEvent(ctx, 'org_policy_changed', {
    actorId: admin.id,
    orgId,
    meta,
    details: { changes: diffDocuments(before ?? {}, next) },
  });
  if (requireForAllMembers && next.startedAt !== before?.startedAt) {
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
