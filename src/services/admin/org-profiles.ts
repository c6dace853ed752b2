import {
  type FactorType,
  findLooserLimits,
  type LimitsOverride,
  type ProfilePolicy,
} from '../../domain/policy.js';
import { AppError, invalidRequest } from '../../errors.js';
import { DEFAULT_PROFILE_ID } from '../../storage/sql/migrations/011-org-profiles.js';
import type { OrgProfile, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { loadPolicyDirectory } from '../effective-policy.js';
import { compactLimits, diffDocuments, endSessionsAfterProfileChange, profileView } from './system-policy.js';

/** An organization profile as the API shows it. */
export interface OrgProfileView {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  /** How many organizations are in it. */
  organizations: number;
  /** The default organization policy its organizations inherit; null: none. */
  policy: ReturnType<typeof profileView>;
  createdAt: string;
  updatedAt: string;
}

/** The default organization policy a profile carries, as `POST`/`PUT` accept it. */
export interface ProfilePolicyInput {
  requireForAllMembers?: boolean | undefined;
  methods?: FactorType[] | null | undefined;
  gracePeriodDays?: number | null | undefined;
  limits?: LimitsOverride | null | undefined;
}

function toView(profile: OrgProfile, counts: Map<string, number>): OrgProfileView {
  return {
    id: profile.id,
    name: profile.name,
    description: profile.description,
    isDefault: profile.id === DEFAULT_PROFILE_ID,
    organizations: counts.get(profile.id) ?? 0,
    policy: profileView(profile.policy),
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
}

function notFound(): AppError {
  return new AppError('not_found', { message: 'No such organization profile.' });
}

/** `GET /api/admin/org-profiles` (system admin). */
export async function listOrgProfiles(ctx: ServiceContext): Promise<OrgProfileView[]> {
  const counts = await ctx.stores.organizations.countByProfile();
  return (await ctx.stores.orgProfiles.list()).map((p) => toView(p, counts));
}

/** `GET /api/admin/org-profiles/:id` (system admin). */
export async function getOrgProfile(ctx: ServiceContext, id: string): Promise<OrgProfileView> {
  const profile = await ctx.stores.orgProfiles.findById(id);
  if (!profile) throw notFound();
  return toView(profile, await ctx.stores.organizations.countByProfile());
}

async function assertNameFree(ctx: ServiceContext, name: string, exceptId?: string): Promise<void> {
  const existing = await ctx.stores.orgProfiles.findByName(name);
  if (existing && existing.id !== exceptId)
    throw new AppError('conflict', { message: 'A profile with that name exists.' });
}

/**
 * Validates a profile's default policy like an organization's own (methods among
 * those the system enables; limits only ever stricter than the system's) and
 * builds it. `startedAt` restarts when the requirement turns on.
 */
async function buildPolicy(
  ctx: ServiceContext,
  input: ProfilePolicyInput | null,
  before: ProfilePolicy | null,
): Promise<ProfilePolicy | null> {
  if (input === null) return null;
  const system = await ctx.stores.settings.getPolicy();
  const methods = input.methods ?? null;
  if (methods) {
    if (methods.length === 0)
      throw invalidRequest([{ field: 'policy.methods', message: 'choose at least one method' }]);
    for (const [index, method] of methods.entries()) {
      if (!system.methods[method].enabled)
        throw invalidRequest([
          { field: `policy.methods.${index}`, message: `${method} is not enabled server-wide` },
        ]);
    }
  }
  if (input.limits) {
    const looser = findLooserLimits(system, input.limits, 'policy.limits');
    if (looser.length > 0) throw invalidRequest(looser, "Limits may only be stricter than the system's.");
  }
  const requireForAllMembers = input.requireForAllMembers === true;
  const wasRequired = before?.requireForAllMembers === true;
  return {
    requireForAllMembers,
    methods: methods ? [...new Set(methods)] : null,
    gracePeriodDays: input.gracePeriodDays ?? null,
    limits: input.limits ? compactLimits(input.limits) : null,
    startedAt: requireForAllMembers
      ? wasRequired && before?.startedAt
        ? before.startedAt
        : ctx.now().toISOString()
      : null,
  };
}

/** `POST /api/admin/org-profiles` (system admin): `409` when the name is taken. */
export async function createOrgProfile(
  ctx: ServiceContext,
  admin: User,
  input: {
    name: string;
    description?: string | null | undefined;
    policy?: ProfilePolicyInput | null | undefined;
  },
  meta: RequestMeta,
): Promise<OrgProfileView> {
  await assertNameFree(ctx, input.name);
  const policy = await buildPolicy(ctx, input.policy ?? null, null);
  const created = await ctx.stores.orgProfiles.create(
    { name: input.name, description: input.description ?? null },
    ctx.now(),
  );
  if (policy) await ctx.stores.orgProfiles.update(created.id, { policy }, ctx.now());
  await recordEvent(ctx, 'org_profile_created', {
    actorId: admin.id,
    meta,
    details: { profileId: created.id, name: created.name },
  });
  return getOrgProfile(ctx, created.id);
}

/**
 * `PUT /api/admin/org-profiles/:id` (system admin): name, description and the
 * default policy (`null` removes it). A requirement that begins ends the
 * password-only sessions of the members it covers, as an organization's does.
 */
export async function updateOrgProfile(
  ctx: ServiceContext,
  admin: User,
  id: string,
  input: {
    name?: string | undefined;
    description?: string | null | undefined;
    policy?: ProfilePolicyInput | null | undefined;
  },
  meta: RequestMeta,
  actorSessionId?: string,
): Promise<OrgProfileView> {
  const profile = await ctx.stores.orgProfiles.findById(id);
  if (!profile) throw notFound();
  if (input.name !== undefined) await assertNameFree(ctx, input.name, id);
  const policy =
    input.policy === undefined ? undefined : await buildPolicy(ctx, input.policy, profile.policy);
  const before = await loadPolicyDirectory(ctx);
  await ctx.stores.orgProfiles.update(
    id,
    {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(policy !== undefined ? { policy } : {}),
    },
    ctx.now(),
  );
  const changes = diffDocuments(
    { name: profile.name, description: profile.description, policy: profile.policy },
    {
      name: input.name ?? profile.name,
      description: input.description === undefined ? profile.description : input.description,
      policy: policy === undefined ? profile.policy : policy,
    },
  );
  if (Object.keys(changes).length > 0)
    await recordEvent(ctx, 'org_profile_changed', {
      actorId: admin.id,
      meta,
      details: { profileId: id, changes },
    });
  if (policy?.requireForAllMembers) {
    const ended = await endSessionsAfterProfileChange(
      ctx,
      before,
      await loadPolicyDirectory(ctx),
      actorSessionId,
    );
    if (ended > 0)
      await recordEvent(ctx, 'sessions_ended', {
        actorId: admin.id,
        meta,
        details: { reason: 'enforcement_began', sessions: ended },
      });
  }
  return getOrgProfile(ctx, id);
}

/**
 * `DELETE /api/admin/org-profiles/:id` (system admin): refused (`409`) while any
 * organization is in the profile or the system enforcement names it, and always
 * for the default profile.
 */
export async function deleteOrgProfile(
  ctx: ServiceContext,
  admin: User,
  id: string,
  meta: RequestMeta,
): Promise<void> {
  const profile = await ctx.stores.orgProfiles.findById(id);
  if (!profile) throw notFound();
  if (id === DEFAULT_PROFILE_ID)
    throw new AppError('conflict', { message: 'The default profile cannot be deleted.' });
  const system = await ctx.stores.settings.getPolicy();
  if ((system.enforcement.profileIds ?? []).includes(id))
    throw new AppError('conflict', {
      message: 'The system enforcement names this profile; remove it there first.',
    });
  // One conditional statement: no organization can join between a check and the delete.
  if (!(await ctx.stores.orgProfiles.deleteIfUnused(id)))
    throw new AppError('conflict', {
      message: 'Organizations use this profile; move them to another profile first.',
    });
  await recordEvent(ctx, 'org_profile_deleted', {
    actorId: admin.id,
    meta,
    details: { profileId: id, name: profile.name },
  });
}
