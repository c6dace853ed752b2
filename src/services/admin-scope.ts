import { AppError } from '../errors.js';
import type { User } from '../storage/types.js';
import type { ServiceContext } from './context.js';
import type { Principal } from './principal.js';

/**
 * Administrators: system admins see the whole server, org admins only their own
 * organization. Members get 403 on every admin route.
 */
export function requireAdmin(principal: Principal): User {
  const { user } = principal;
  if (principal.kind !== 'session' || (user.role !== 'system_admin' && user.role !== 'org_admin')) {
    throw new AppError('forbidden');
  }
  if (user.role === 'org_admin' && !user.orgId) throw new AppError('forbidden');
  return user;
}

export function requireSystemAdmin(principal: Principal): User {
  const user = requireAdmin(principal);
  if (user.role !== 'system_admin') throw new AppError('forbidden');
  return user;
}

/** The organization an admin's queries are confined to: null for a system admin (no confinement). */
export function scopeOrgId(admin: User): string | null {
  return admin.role === 'system_admin' ? null : admin.orgId;
}

/** An org admin acts only on users of their own organization, and never on a system admin. */
export function assertCanManageUser(admin: User, target: User): void {
  if (admin.role === 'system_admin') return;
  if (!admin.orgId || target.orgId !== admin.orgId || target.role === 'system_admin') {
    throw new AppError('forbidden');
  }
}

/** The user `id` if `admin` may act on them (`404` when there is none, `403` outside their scope). */
export async function findManagedUser(ctx: ServiceContext, admin: User, id: string): Promise<User> {
  const target = await ctx.stores.users.findById(id);
  if (!target) throw new AppError('not_found', { message: 'No such user.' });
  assertCanManageUser(admin, target);
  return target;
}

export function assertCanManageOrg(admin: User, orgId: string): void {
  if (admin.role === 'system_admin') return;
  if (admin.orgId !== orgId) throw new AppError('forbidden');
}
