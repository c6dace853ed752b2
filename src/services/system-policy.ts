import type { FactorType, OrgPolicy, SystemPolicy } from '../domain/policy.js';
import { AppError, invalidRequest } from '../errors.js';
import type { User } from '../storage/types.js';
import { recordEvent } from './audit-log.js';
import type { RequestMeta, ServiceContext } from './context.js';

/** A partial policy document as `PUT /api/admin/mfa/policy` accepts it (validated by the route schema). */
export type SystemPolicyPatch = {
  methods?: { [K in keyof SystemPolicy['methods']]?: Partial<SystemPolicy['methods'][K]> };
  enforcement?: Partial<Omit<SystemPolicy['enforcement'], 'startedAt'>>;
  limits?: Partial<SystemPolicy['limits']>;
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
): Promise<SystemPolicy> {
  const before = await ctx.stores.settings.getPolicy();
  const after: SystemPolicy = structuredClone(before);
  for (const method of ['totp', 'email', 'sms', 'backupCodes'] as const) {
    Object.assign(after.methods[method], patch.methods?.[method] ?? {});
  }
  Object.assign(after.enforcement, patch.enforcement ?? {});
  Object.assign(after.limits, patch.limits ?? {});

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
  if (!(['totp', 'email', 'sms'] as const).some((m) => after.methods[m].enabled)) {
    throw invalidRequest([
      { field: 'methods', message: 'at least one of totp, email, sms must stay enabled' },
    ]);
  }
  const enforcementChanged =
    before.enforcement.scope !== after.enforcement.scope ||
    JSON.stringify([...before.enforcement.organizationIds].sort()) !==
      JSON.stringify([...after.enforcement.organizationIds].sort());
  if (enforcementChanged)
    after.enforcement.startedAt = after.enforcement.scope === 'none' ? null : ctx.now().toISOString();

  const changes = diffDocuments(before, after);
  if (Object.keys(changes).length === 0) return after;
  await ctx.stores.settings.savePolicy(after, ctx.now());
  await recordEvent(ctx, 'policy_changed', { actorId: admin.id, meta, details: { changes } });
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
  const systemMethods = (['totp', 'email', 'sms'] as const).filter((m) => system.methods[m].enabled);
  return {
    orgId,
    useSystemPolicy: policy.useSystemPolicy,
    requireForAllMembers: policy.useSystemPolicy ? false : policy.requireForAllMembers,
    methods: policy.useSystemPolicy ? null : policy.methods,
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
  },
  meta: RequestMeta,
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
    methods: input.useSystemPolicy ? null : [...new Set(methods ?? [])],
    startedAt:
      requireForAllMembers && !(before && !before.useSystemPolicy && before.requireForAllMembers)
        ? ctx.now().toISOString()
        : requireForAllMembers
          ? (before?.startedAt ?? ctx.now().toISOString())
          : null,
  };
  await ctx.stores.organizations.savePolicy(orgId, next);
  await recordEvent(ctx, 'org_policy_changed', {
    actorId: admin.id,
    orgId,
    meta,
    details: { changes: diffDocuments(before ?? {}, next) },
  });
  return getOrgPolicy(ctx, orgId);
}
