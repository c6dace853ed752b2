import type { Organization, User } from '../storage/types.js';
import { recordEvent } from './audit-log.js';
import type { RequestMeta, ServiceContext } from './context.js';

/** An organization as the API shows it. */
export interface OrganizationView {
  id: string;
  name: string;
  createdAt: string;
}

function toView(org: Organization): OrganizationView {
  return { id: org.id, name: org.name, createdAt: org.createdAt.toISOString() };
}

/** `GET /api/admin/orgs`: every organization for a system admin, their own for an org admin. */
export async function listOrganizations(ctx: ServiceContext, admin: User): Promise<OrganizationView[]> {
  const orgs = await ctx.stores.organizations.list();
  const visible = admin.role === 'system_admin' ? orgs : orgs.filter((o) => o.id === admin.orgId);
  return visible.map(toView);
}

/** `POST /api/admin/orgs` (system admin, checked by the route): creates it and audits who did, together. */
export async function createOrganization(
  ctx: ServiceContext,
  admin: User,
  name: string,
  meta: RequestMeta,
): Promise<OrganizationView> {
  const org = await ctx.stores.organizations.create(name, ctx.now());
  await recordEvent(ctx, 'org_created', {
    actorId: admin.id,
    orgId: org.id,
    meta,
    details: { name: org.name },
  });
  return toView(org);
}
