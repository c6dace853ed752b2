import { ConfigError } from '../../config/config.js';
import { hashPassword } from '../../crypto/passwords.js';
import { type Compliance, type ComplianceStatus, complianceOf } from '../../domain/compliance.js';
import type { Role } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import type { User } from '../../storage/types.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { effectiveFromDirectory, loadPolicyDirectory } from '../effective-policy.js';
import { assertAcceptablePassword } from '../password-policy.js';
import { reauthLimitKey } from '../sign-in/reauthenticate.js';
import { forgetRememberedBrowsers } from '../sign-in/remembered-browsers.js';
import { normalizeEmail } from '../sign-in/sign-in.js';

/** Who acts in an administrative change: an admin user, or the break-glass CLI. */
export type Actor = { kind: 'user'; user: User } | { kind: 'cli' };

const actorId = (actor: Actor) => (actor.kind === 'cli' ? 'cli' : actor.user.id);

/** Creates a user (admin API, CLI, first admin from the environment). */
export async function createUser(
  ctx: ServiceContext,
  input: { email: string; password: string; role: Role; orgId?: string | null; name?: string | null },
  actor: Actor,
  meta: RequestMeta = { ip: null, userAgent: null },
): Promise<User> {
  const email = normalizeEmail(input.email);
  assertAcceptablePassword(ctx, input.password, { role: input.role, email, name: input.name ?? null });
  if (await ctx.stores.users.findByEmail(email))
    throw new AppError('conflict', { message: 'This email is already registered.' });
  if (input.orgId && !(await ctx.stores.organizations.findById(input.orgId))) {
    throw new AppError('not_found', { message: 'No such organization.' });
  }
  const user = await ctx.stores.users.create({
    email,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    orgId: input.orgId ?? null,
    name: input.name ?? null,
    // An administrator (or the CLI) vouches for the address: no link to click.
    emailVerified: true,
    now: ctx.now(),
  });
  await recordEvent(ctx, 'user_created', {
    userId: user.id,
    actorId: actorId(actor),
    orgId: user.orgId,
    meta,
    details: { role: user.role },
  });
  return user;
}

/**
 * Removes every factor and backup code of `user` and ends their sessions and
 * pending sign-ins; where policy enforces 2FA they enroll again at next sign-in.
 * Admins never see or set a secret (SECURITY.md rule 19).
 */
export async function resetUserMfa(
  ctx: ServiceContext,
  user: User,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  const now = ctx.now();
  const removed = await ctx.stores.factors.deleteAllForUser(user.id);
  await ctx.stores.backupCodes.deleteAllForUser(user.id);
  await ctx.stores.sessions.revokeAllForUser(user.id, now);
  await ctx.stores.mfaTokens.revokeAllForUser(user.id, now);
  await forgetRememberedBrowsers(ctx, user.id);
  await recordEvent(ctx, 'mfa_reset', {
    userId: user.id,
    actorId: actorId(actor),
    orgId: user.orgId,
    meta,
    details: { removed },
  });
  ctx.notifier.notify(user, { type: 'mfa_reset_by_admin' }, meta);
}

/**
 * Clears every counter of the account (SECURITY.md rule 26): the second-factor
 * lockout and failure count, the account-wide password backoff, every password
 * counter keyed on this account and a client, and the re-check counter.
 */
export async function unlockUser(
  ctx: ServiceContext,
  user: User,
  actor: Actor,
  meta: RequestMeta,
): Promise<void> {
  await ctx.stores.users.clearAllThrottles(user.id);
  await ctx.stores.rateLimiter.reset(`login:account:${user.email}`);
  await ctx.stores.rateLimiter.reset(reauthLimitKey(user.id));
  await recordEvent(ctx, 'account_unlocked', {
    userId: user.id,
    actorId: actorId(actor),
    orgId: user.orgId,
    meta,
  });
}

/** On start: the first system admin from the environment, when the server has no user yet. */
export async function ensureFirstAdmin(ctx: ServiceContext): Promise<User | null> {
  const { adminEmail, adminPassword } = ctx.config;
  if (!adminEmail || !adminPassword) return null;
  if ((await ctx.stores.users.count()) > 0) return null;
  let user: User;
  try {
    user = await createUser(
      ctx,
      { email: adminEmail, password: adminPassword, role: 'system_admin' },
      { kind: 'cli' },
    );
  } catch (error) {
    // A weak first-admin password stops the start with the reason, not a stack trace.
    if (error instanceof AppError && error.code === 'invalid_request')
      throw new ConfigError(`TWOFOLD_ADMIN_PASSWORD: ${error.message}`);
    throw error;
  }
  ctx.log.info({ userId: user.id }, 'created the first system admin from TWOFOLD_ADMIN_EMAIL');
  return user;
}

/** A user as the admin console lists them: 2FA methods and lock state, never secrets or counters. */
export function toAdminUserRow(user: User, mfaMethods: string[], now: Date, compliance: Compliance) {
  const lockedOut = user.lockedUntil !== null && user.lockedUntil > now;
  // Held by the account-wide password backoff (unknown browsers get 429 until then); unlock clears both.
  const throttled = user.passwordThrottledUntil !== null && user.passwordThrottledUntil > now;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    orgId: user.orgId,
    mfaEnabled: mfaMethods.length > 0,
    mfaMethods,
    emailVerified: user.emailVerifiedAt !== null,
    locked: lockedOut || throttled,
    lockedUntil: lockedOut && user.lockedUntil ? user.lockedUntil.toISOString() : null,
    throttled,
    throttledUntil:
      throttled && user.passwordThrottledUntil ? user.passwordThrottledUntil.toISOString() : null,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    // A user an application created through the verify API, named by its own id.
    apiUser: user.externalId !== null,
    externalId: user.externalId,
    compliance: { status: compliance.status, deadline: compliance.deadline?.toISOString() ?? null },
  };
}

/** Compliance filter of the users list: `non_compliant` counts those in grace too, as the Overview does. */
export type ComplianceFilter = 'enrolled' | 'grace' | 'non_compliant' | 'not_required';

function matchesCompliance(filter: ComplianceFilter, status: ComplianceStatus): boolean {
  if (filter === 'non_compliant') return status === 'non_compliant' || status === 'grace';
  return status === filter;
}

/** Where each user stands with the 2FA requirement, from the policies read once per call. */
async function complianceReader(ctx: ServiceContext) {
  const now = ctx.now();
  const system = await ctx.stores.settings.getPolicy();
  const directory = await loadPolicyDirectory(ctx);
  return (user: User, mfaMethods: string[]) =>
    complianceOf(effectiveFromDirectory(system, directory, user, now), mfaMethods);
}

/** The row of one user, e.g. just created. */
export async function adminUserRow(ctx: ServiceContext, user: User, mfaMethods: string[]) {
  const compliance = await complianceReader(ctx);
  return toAdminUserRow(user, mfaMethods, ctx.now(), compliance(user, mfaMethods));
}

/**
 * `GET /api/admin/users`: keyset-paginated, filtered; narrowed to the admin's organization
 * for an org admin (`orgScope`, from `scopeOrgId`).
 */
export async function listUsers(
  ctx: ServiceContext,
  orgScope: string | null,
  query: {
    mfa?: 'enabled' | 'disabled';
    orgId?: string;
    profileId?: string;
    q?: string;
    locked?: boolean;
    compliance?: ComplianceFilter;
    cursor?: string;
    limit: number;
  },
) {
  const now = ctx.now();
  const compliance = await complianceReader(ctx);
  const { compliance: wanted, locked, ...rest } = query;
  const base = {
    ...rest,
    orgId: orgScope ?? query.orgId,
    locked: locked === undefined ? undefined : { value: locked, now },
  };
  const rows = [];
  let cursor = query.cursor;
  let nextCursor: string | null = null;
  // Compliance depends on policy, not on a column: pages are read in email order and filtered
  // here until one is full (the SQL filters still narrow every page).
  for (;;) {
    const page = await ctx.stores.users.list({ ...base, cursor, limit: wanted ? 200 : query.limit });
    for (const entry of page.entries) {
      const status = compliance(entry.user, entry.mfaMethods);
      if (wanted && !matchesCompliance(wanted, status.status)) continue;
      rows.push(toAdminUserRow(entry.user, entry.mfaMethods, now, status));
      if (rows.length === query.limit) break;
    }
    if (!wanted) {
      nextCursor = page.nextCursor;
      break;
    }
    const last = rows[rows.length - 1];
    if (rows.length === query.limit && last) {
      // More may follow the last row returned, whether in this page or the next.
      const moreInPage = page.entries[page.entries.length - 1]?.user.email !== last.email;
      nextCursor = moreInPage || page.nextCursor ? Buffer.from(last.email).toString('base64url') : null;
      break;
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { users: rows, nextCursor };
}
