import { AppError } from '../../errors.js';
import type { User } from '../../storage/types.js';
import type { ServiceContext } from '../context.js';
import { loadEffectivePolicy } from '../effective-policy.js';
import { type Principal, requireRecentAuth } from '../principal.js';

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

/**
 * An org admin acts only on members of their own organization: never on a system
 * admin, nor on another org admin (only a system admin can; SECURITY.md rule 25).
 */
export function assertCanManageUser(admin: User, target: User): void {
  if (admin.role === 'system_admin') return;
  if (!admin.orgId || target.orgId !== admin.orgId || target.role === 'system_admin') {
    throw new AppError('forbidden');
  }
  if (target.role !== 'member' && target.id !== admin.id) {
    throw new AppError('forbidden', { message: 'Only a system admin can act on another org admin.' });
  }
}

/**
 * Admin actions that weaken an account (reset, unlock, role and policy changes) need a
 * password or second-factor check within the last five minutes (SECURITY.md rule 25).
 */
export function requireRecentAdmin(ctx: ServiceContext, principal: Principal): User {
  const admin = requireAdmin(principal);
  requireRecentAuth(ctx, principal);
  return admin;
}

/**
 * A password-only session made before 2FA enforcement began for its user no longer
 * opens admin routes (SECURITY.md rule 23): the admin signs in again with a factor.
 */
export async function assertAdminSessionCurrent(ctx: ServiceContext, principal: Principal | null) {
  if (principal?.kind !== 'session') return;
  const { user, session } = principal;
  if (user.role !== 'system_admin' && user.role !== 'org_admin') return;
  if (session.amr.some((m) => m !== 'pwd')) return;
  const { effective } = await loadEffectivePolicy(ctx, user);
  if (effective.required && effective.requiredSince && session.createdAt < effective.requiredSince) {
    throw new AppError('mfa_required_by_policy', {
      message: 'Two-factor authentication is now required for your account: sign in again.',
    });
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
