import { complianceOf } from '../../domain/compliance.js';
import type { OrgPolicy, SystemPolicy } from '../../domain/policy.js';
import type { User } from '../../storage/types.js';
import type { ServiceContext } from '../context.js';
import { effectiveFromDirectory, loadPolicyDirectory } from '../effective-policy.js';
import {
  diffDocuments,
  mergeOrgPolicy,
  mergeSystemPolicy,
  type OrgPolicyInput,
  type SystemPolicyPatch,
} from './system-policy.js';

/**
 * What a policy change would do, computed without saving it, so the console can say
 * "Requires 2FA for 42 users; 37 have not set it up; they get 7 days" before the admin
 * confirms. Validation is the update's own: a dry run refuses what the PUT would refuse.
 */
export interface PolicyPreview {
  /** Fields the change touches (`enforcement.scope`, …); empty when it changes nothing. */
  changes: string[];
  /**
   * Who must use 2FA, or by when, or with what, changes for someone: the requirement's
   * scope (or an organization's own requirement) flips, or for at least one user in scope
   * the requirement, its deadline or whether their factors satisfy it changes (a new grace
   * period, an organization leaving the system's policy for its own with other methods).
   */
  enforcementChanged: boolean;
  /** Users for whom 2FA would be required after the change. */
  affectedUsers: number;
  /** Of those, users for whom it is not required today. */
  newlyRequired: number;
  /** Users for whom 2FA is required today and would not be after the change. */
  noLongerRequired: number;
  /** Users required before and after, without an allowed factor, whose deadline moves (a grace period changed or restarts). */
  deadlineMoved: number;
  /** Users whose factors satisfy the requirement today and would not after it (those methods not allowed). */
  factorsNoLongerAllowed: number;
  /** Of the affected users, those without a factor the policy allows. */
  withoutMfa: number;
  gracePeriodDays: number;
  /** When the last of their grace periods would end (null: no grace, they set up at next sign-in). */
  deadline: string | null;
  /** The admin making the change would be required to set up 2FA and has none. */
  actorNeedsSetup: boolean;
}

async function previewFor(
  ctx: ServiceContext,
  admin: User,
  scopeOrgId: string | undefined,
  before: { system: SystemPolicy; org: (orgId: string) => OrgPolicy | null },
  after: { system: SystemPolicy; org: (orgId: string) => OrgPolicy | null },
  changes: string[],
  enforcementChanged: boolean,
): Promise<PolicyPreview> {
  const now = ctx.now();
  const entries = await ctx.stores.users.listForStats(scopeOrgId);
  const directory = await loadPolicyDirectory(ctx);
  const orgPolicies = (policies: typeof before) =>
    new Map([...directory.orgs.keys()].map((orgId) => [orgId, policies.org(orgId)]));
  const beforeOrgs = orgPolicies(before);
  const afterOrgs = orgPolicies(after);
  let affectedUsers = 0;
  let newlyRequired = 0;
  let noLongerRequired = 0;
  let deadlineMoved = 0;
  let factorsNoLongerAllowed = 0;
  let withoutMfa = 0;
  let deadline: Date | null = null;
  let actorNeedsSetup = false;
  for (const { user, mfaMethods } of entries) {
    const was = effectiveFromDirectory(before.system, directory, user, now, beforeOrgs);
    const will = effectiveFromDirectory(after.system, directory, user, now, afterOrgs);
    if (was.required && !will.required) noLongerRequired += 1;
    if (!will.required) continue;
    affectedUsers += 1;
    if (!was.required) newlyRequired += 1;
    const compliance = complianceOf(will, mfaMethods);
    const today = complianceOf(was, mfaMethods);
    if (was.required && today.status === 'enrolled' && compliance.status !== 'enrolled')
      factorsNoLongerAllowed += 1;
    if (
      was.required &&
      compliance.status !== 'enrolled' &&
      (was.enrollmentDeadline?.getTime() ?? null) !== (will.enrollmentDeadline?.getTime() ?? null)
    )
      deadlineMoved += 1;
    if (compliance.status === 'enrolled') continue;
    withoutMfa += 1;
    if (compliance.deadline && (!deadline || compliance.deadline > deadline)) deadline = compliance.deadline;
    if (user.id === admin.id) actorNeedsSetup = true;
  }
  return {
    changes,
    enforcementChanged:
      enforcementChanged || newlyRequired + noLongerRequired + deadlineMoved + factorsNoLongerAllowed > 0,
    affectedUsers,
    newlyRequired,
    noLongerRequired,
    deadlineMoved,
    factorsNoLongerAllowed,
    withoutMfa,
    gracePeriodDays: after.system.enforcement.gracePeriodDays,
    deadline: deadline?.toISOString() ?? null,
    actorNeedsSetup,
  };
}

/** `POST /api/admin/mfa/policy/preview`: the dry run of `PUT /api/admin/mfa/policy`. */
export async function previewSystemPolicy(
  ctx: ServiceContext,
  admin: User,
  patch: SystemPolicyPatch,
): Promise<PolicyPreview> {
  const before = await ctx.stores.settings.getPolicy();
  const { after, orgs, enforcementChanged } = await mergeSystemPolicy(ctx, before, patch);
  const policies = new Map(orgs.map((o) => [o.id, o.policy]));
  const org = (id: string) => policies.get(id) ?? null;
  const changes = Object.keys(diffDocuments(before, after)).filter((k) => k !== 'enforcement.startedAt');
  return previewFor(
    ctx,
    admin,
    undefined,
    { system: before, org },
    { system: after, org },
    changes,
    enforcementChanged,
  );
}

/** `POST /api/admin/orgs/:orgId/mfa/policy/preview`: the dry run of the organization policy PUT. */
export async function previewOrgPolicy(
  ctx: ServiceContext,
  admin: User,
  orgId: string,
  input: OrgPolicyInput,
): Promise<PolicyPreview> {
  const { system, before, next } = await mergeOrgPolicy(ctx, orgId, input);
  const changes = Object.keys(diffDocuments(before ?? {}, next)).filter((k) => k !== 'startedAt');
  // The organization's own requirement flips; what that and every other change does to its
  // members (a grace period, methods, leaving the system's policy) previewFor adds.
  const requiredBefore = !!before && !before.useSystemPolicy && before.requireForAllMembers;
  const preview = await previewFor(
    ctx,
    admin,
    orgId,
    { system, org: () => before },
    { system, org: () => next },
    changes,
    requiredBefore !== next.requireForAllMembers,
  );
  // The organization's own grace period, where it sets one (else the system's, as previewFor says).
  const ownGrace = next.useSystemPolicy ? null : (next.gracePeriodDays ?? null);
  return ownGrace === null ? preview : { ...preview, gracePeriodDays: ownGrace };
}
