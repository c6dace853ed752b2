import { productNameProblem } from '../../domain/product-name.js';
import { AppError, invalidRequest } from '../../errors.js';
import { DEFAULT_PROFILE_ID } from '../../storage/sql/migrations/011-org-profiles.js';
import type { Organization, User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { loadPolicyDirectory } from '../effective-policy.js';
import { endSessionsAfterProfileChange } from './system-policy.js';

/** An organization as the API shows it. */
export interface OrganizationView {
  id: string;
  name: string;
  /** The organization's profile (a default one exists). */
  profileId: string;
  /** The product name in the members' emails and SMS; null: the system's. */
  productName: string | null;
  createdAt: string;
}

function toView(org: Organization): OrganizationView {
  return {
    id: org.id,
    name: org.name,
    profileId: org.profileId,
    productName: org.productName,
    createdAt: org.createdAt.toISOString(),
  };
}

/** `GET /api/admin/orgs`: every organization for a system admin, their own for an org admin. */
export async function listOrganizations(ctx: ServiceContext, admin: User): Promise<OrganizationView[]> {
  const orgs = await ctx.stores.organizations.list();
  const visible = admin.role === 'system_admin' ? orgs : orgs.filter((o) => o.id === admin.orgId);
  return visible.map(toView);
}

async function assertProfileExists(ctx: ServiceContext, profileId: string): Promise<void> {
  if (!(await ctx.stores.orgProfiles.findById(profileId)))
    throw invalidRequest([{ field: 'profileId', message: 'no such organization profile' }]);
}

/** A product name the request schema already bounded, checked again here (defence in depth). */
function assertProductName(productName: string | null): void {
  const problem = productName === null ? null : productNameProblem(productName);
  if (problem) throw invalidRequest([{ field: 'productName', message: problem }]);
}

/**
 * `POST /api/admin/orgs` (system admin, checked by the route): creates it — in the
 * default profile unless `profileId` names another, with the product name in its
 * members' messages if given — and audits who did, together.
 */
export async function createOrganization(
  ctx: ServiceContext,
  admin: User,
  name: string,
  meta: RequestMeta,
  profileId?: string | undefined,
  productName: string | null = null,
): Promise<OrganizationView> {
  const profile = profileId ?? DEFAULT_PROFILE_ID;
  await assertProfileExists(ctx, profile);
  assertProductName(productName);
  const org = await ctx.stores.organizations.create(name, ctx.now(), profile, productName);
  await recordEvent(ctx, 'org_created', {
    actorId: admin.id,
    orgId: org.id,
    meta,
    details: { name: org.name, profileId: profile, productName },
  });
  return toView(org);
}

/**
 * `PUT /api/admin/orgs/:orgId` `{productName}` (a system admin, or an admin of that
 * organization — checked by the route): the product name its members read in
 * emails and SMS; null goes back to the system's. Audited with before and after.
 */
export async function setOrganizationProductName(
  ctx: ServiceContext,
  admin: User,
  orgId: string,
  productName: string | null,
  meta: RequestMeta,
): Promise<OrganizationView> {
  const org = await ctx.stores.organizations.findById(orgId);
  if (!org) throw new AppError('not_found', { message: 'No such organization.' });
  assertProductName(productName);
  if (org.productName !== productName) {
    await ctx.stores.organizations.setProductName(orgId, productName);
    await recordEvent(ctx, 'org_updated', {
      actorId: admin.id,
      orgId,
      meta,
      details: { changes: { productName: { from: org.productName, to: productName } } },
    });
  }
  return toView({ ...org, productName });
}

/**
 * `PUT /api/admin/orgs/:orgId` `{profileId}` (system admin): moves the organization
 * to another profile. Where the new profile's policy requires 2FA at once, the
 * members' password-only sessions end (SECURITY.md rule 23).
 */
export async function setOrganizationProfile(
  ctx: ServiceContext,
  admin: User,
  orgId: string,
  profileId: string,
  meta: RequestMeta,
  actorSessionId?: string,
): Promise<OrganizationView> {
  const org = await ctx.stores.organizations.findById(orgId);
  if (!org) throw new AppError('not_found', { message: 'No such organization.' });
  await assertProfileExists(ctx, profileId);
  if (org.profileId !== profileId) {
    const before = await loadPolicyDirectory(ctx);
    await ctx.stores.organizations.setProfile(orgId, profileId);
    await recordEvent(ctx, 'org_profile_assigned', {
      actorId: admin.id,
      orgId,
      meta,
      details: { changes: { profileId: { from: org.profileId, to: profileId } } },
    });
    const ended = await endSessionsAfterProfileChange(
      ctx,
      before,
      await loadPolicyDirectory(ctx),
      actorSessionId,
    );
    if (ended > 0)
      await recordEvent(ctx, 'sessions_ended', {
        actorId: admin.id,
        orgId,
        meta,
        details: { reason: 'enforcement_began', sessions: ended },
      });
  }
  return toView({ ...org, profileId });
}
