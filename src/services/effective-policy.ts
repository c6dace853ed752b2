import { computeEffectivePolicy, type EffectivePolicy, type SystemPolicy } from '../domain/policy.js';
import type { User } from '../storage/types.js';
import type { ServiceContext } from './context.js';

/** The system policy and what it means for `user` now. */
export async function loadEffectivePolicy(
  ctx: ServiceContext,
  user: User,
): Promise<{ system: SystemPolicy; effective: EffectivePolicy }> {
  const system = await ctx.stores.settings.getPolicy();
  const org = user.orgId ? await ctx.stores.organizations.findById(user.orgId) : null;
  const effective = computeEffectivePolicy(
    system,
    org?.policy ?? null,
    { role: user.role, orgId: user.orgId, createdAt: user.createdAt },
    ctx.now(),
  );
  return { system, effective };
}
