import { FACTOR_TYPES } from '../../domain/policy.js';
import type { ServiceContext } from '../context.js';
import { effectiveFromDirectory, isMethodDeliverable, loadPolicyDirectory } from '../effective-policy.js';

/** How far back the console's alerts look, in milliseconds. */
const ALERT_WINDOW_MS = 7 * 86_400_000;

/**
 * Adoption figures for the console chart: users, with 2FA, by method, locked, and
 * not compliant (2FA enforced for them, grace period over or not, and no factor).
 */
export async function getAdoptionStats(ctx: ServiceContext, orgId: string | null, profileId?: string) {
  const now = ctx.now();
  const system = await ctx.stores.settings.getPolicy();
  const directory = await loadPolicyDirectory(ctx);
  const all = await ctx.stores.users.listForStats(orgId ?? undefined);
  // `profileId=`: only users of organizations in that profile.
  const entries = profileId
    ? all.filter(({ user }) => user.orgId && directory.orgs.get(user.orgId)?.profileId === profileId)
    : all;

  const byMethod = Object.fromEntries(FACTOR_TYPES.map((t) => [t, 0])) as Record<
    (typeof FACTOR_TYPES)[number],
    number
  >;
  let withMfa = 0;
  let locked = 0;
  let nonCompliant = 0;
  let inGracePeriod = 0;
  // Users who have or need a factor while policy leaves them no enabled, deliverable method.
  let strandedUsers = 0;
  for (const { user, mfaMethods } of entries) {
    if (mfaMethods.length > 0) withMfa += 1;
    for (const method of mfaMethods) if (method in byMethod) byMethod[method as keyof typeof byMethod] += 1;
    // As the users list's Locked filter: locked out, or held by the password backoff.
    if (
      (user.lockedUntil && user.lockedUntil > now) ||
      (user.passwordThrottledUntil && user.passwordThrottledUntil > now)
    )
      locked += 1;
    const effective = effectiveFromDirectory(system, directory, user, now);
    const compliant = mfaMethods.some((m) =>
      effective.allowedMethods.includes(m as (typeof FACTOR_TYPES)[number]),
    );
    const usable = effective.allowedMethods.filter((m) => isMethodDeliverable(ctx, m));
    if ((effective.required || mfaMethods.length > 0) && usable.length === 0) strandedUsers += 1;
    if (effective.required && !compliant) {
      nonCompliant += 1;
      if (effective.enrollmentDeadline) inGracePeriod += 1;
    }
  }
  // Sign-ins refused because no method was usable (SECURITY.md rule 23): the console shows them.
  const { events } = await ctx.stores.audit.list({
    type: 'sign_in_refused',
    orgId: orgId ?? undefined,
    limit: 20,
  });
  const alerts = events
    .filter((e) => now.getTime() - e.at.getTime() <= ALERT_WINDOW_MS)
    .map((e) => ({
      type: e.type,
      userId: e.userId,
      at: e.at.toISOString(),
      reason: typeof e.details.reason === 'string' ? e.details.reason : null,
    }));
  return {
    users: entries.length,
    withMfa,
    byMethod,
    locked,
    nonCompliant,
    inGracePeriod,
    strandedUsers,
    alerts,
  };
}
