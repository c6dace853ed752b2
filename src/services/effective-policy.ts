import {
  computeEffectivePolicy,
  type EffectivePolicy,
  type FactorType,
  type OrgPolicy,
  type PolicySubject,
  type ProfilePolicyInput,
  type SystemPolicy,
} from '../domain/policy.js';
import { descriptorOf } from '../factors/catalog.js';
import { resolveRelyingParty } from '../factors/webauthn/relying-party.js';
import type { Organization, OrgProfile, User } from '../storage/types.js';
import type { ServiceContext } from './context.js';

/** Who requires 2FA of a user, as the login answer and the banner name it. */
export interface RequiredBy {
  kind: 'system' | 'organization';
  name: string;
}

/**
 * What the profile of `org` says, fail closed: an organization naming a profile
 * that is gone, or whose stored policy cannot be read, gets `'unreadable'`
 * (2FA required at once) and an unknown profile id (profile-scoped enforcement
 * counts it in) — SECURITY.md rule 32.
 */
export function profileInputOf(
  org: Pick<Organization, 'profileId'> | null,
  profile: OrgProfile | null | undefined,
): { profile: ProfilePolicyInput; profileId: string | null | undefined } {
  if (!org) return { profile: null, profileId: null };
  if (!profile || profile.policyUnreadable) return { profile: 'unreadable', profileId: undefined };
  return { profile: profile.policy, profileId: profile.id };
}

/** The policy subject of `user` in `org` (with its profile id, undefined when unknown). */
export function subjectOf(user: User, profileId: string | null | undefined): PolicySubject {
  return { role: user.role, orgId: user.orgId, profileId, createdAt: user.createdAt };
}

/** The system policy and what it means for `user` now. */
export async function loadEffectivePolicy(
  ctx: ServiceContext,
  user: User,
): Promise<{ system: SystemPolicy; effective: EffectivePolicy; requiredBy: RequiredBy | null }> {
  const system = await ctx.stores.settings.getPolicy();
  const org = user.orgId ? await ctx.stores.organizations.findById(user.orgId) : null;
  const profile = org ? await ctx.stores.orgProfiles.findById(org.profileId) : null;
  // A user naming an organization that is gone: its policy is unknown, so its requirement holds.
  const known = user.orgId && !org ? { profile: 'unreadable' as const, profileId: undefined } : null;
  const input = known ?? profileInputOf(org, profile);
  const effective = computeEffectivePolicy(
    system,
    org?.policy ?? null,
    subjectOf(user, input.profileId),
    ctx.now(),
    input.profile,
  );
  return {
    system,
    effective: withDeliverableMethods(ctx, effective),
    requiredBy: requiredByOf(system, effective, org),
  };
}

/** Names whose requirement `effective` reports: the organization's name, or the product's. */
export function requiredByOf(
  system: SystemPolicy,
  effective: EffectivePolicy,
  org: Pick<Organization, 'name'> | null,
): RequiredBy | null {
  if (!effective.required || !effective.requiredBy) return null;
  return effective.requiredBy === 'organization' && org
    ? { kind: 'organization', name: org.name }
    : { kind: 'system', name: system.methods.totp.issuer };
}

/**
 * Everything the policy of many users depends on, read once (the console's
 * figures, session ends on enforcement): the organizations and their profiles.
 */
export interface PolicyDirectory {
  orgs: Map<string, Organization>;
  profiles: Map<string, OrgProfile>;
}

export async function loadPolicyDirectory(ctx: ServiceContext): Promise<PolicyDirectory> {
  const orgs = new Map((await ctx.stores.organizations.list()).map((o) => [o.id, o]));
  const profiles = new Map((await ctx.stores.orgProfiles.list()).map((p) => [p.id, p]));
  return { orgs, profiles };
}

/**
 * The effective policy of `user` from a {@link PolicyDirectory}; `orgPolicies`
 * replaces organizations' own policies (a change being weighed).
 */
export function effectiveFromDirectory(
  system: SystemPolicy,
  directory: PolicyDirectory,
  user: Pick<User, 'role' | 'orgId' | 'createdAt'>,
  now: Date,
  orgPolicies?: Map<string, OrgPolicy | null>,
): EffectivePolicy {
  const org = user.orgId ? (directory.orgs.get(user.orgId) ?? null) : null;
  const input =
    user.orgId && !org
      ? { profile: 'unreadable' as const, profileId: undefined }
      : profileInputOf(org, org ? directory.profiles.get(org.profileId) : null);
  const orgPolicy =
    user.orgId && orgPolicies?.has(user.orgId)
      ? (orgPolicies.get(user.orgId) ?? null)
      : (org?.policy ?? null);
  return computeEffectivePolicy(
    system,
    orgPolicy,
    { role: user.role, orgId: user.orgId, profileId: input.profileId, createdAt: user.createdAt },
    now,
    input.profile,
  );
}

/**
 * In production a channel with no provider configured can only fail (its messages
 * are refused rather than logged), so its method is neither offered nor accepted:
 * users who only have it are walked into enrolling another method.
 */
export function isMethodDeliverable(ctx: ServiceContext, method: FactorType): boolean {
  const { availability } = descriptorOf(method);
  switch (availability.kind) {
    case 'always':
      return true;
    // Security keys need a relying party a browser accepts (a domain, not an IP address).
    case 'relying-party':
      return resolveRelyingParty(ctx.config) !== null;
    case 'channel':
      return !ctx.config.production || ctx.delivery.providerName(availability.channel) !== 'log';
  }
}

function withDeliverableMethods(ctx: ServiceContext, effective: EffectivePolicy): EffectivePolicy {
  const allowedMethods = effective.allowedMethods.filter((m) => isMethodDeliverable(ctx, m));
  return allowedMethods.length === effective.allowedMethods.length
    ? effective
    : { ...effective, allowedMethods };
}
