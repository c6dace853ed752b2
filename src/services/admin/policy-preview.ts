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
  enforcementChanged: boolean;
  /** Users for whom 2FA would be required after the change. */
  affectedUsers: number;
  /** Of those, users for whom it is not required today. */
  newlyRequired: number;
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
  let withoutMfa = 0;
  let deadline: Date | null = null;
  let actorNeedsSetup = false;
  for (const { user, mfaMethods } of entries) {
    const was = effectiveFromDirectory(before.system, directory, user, now, beforeOrgs);
    const will = effectiveFromDirectory(after.system, directory, user, now, afterOrgs);
    if (!will.required) continue;
    affectedUsers += 1;
    if (!was.required) newlyRequired += 1;
    const compliance = complianceOf(will, mfaMethods);
    if (compliance.status === 'enrolled') continue;
    withoutMfa += 1;
    if (compliance.deadline && (!deadline || compliance.deadline > deadline)) deadline = compliance.deadline;
    if (user.id === admin.id) actorNeedsSetup = true;
  }
  return {
    changes,
    enforcementChanged,
    affectedUsers,
    newlyRequired,
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
