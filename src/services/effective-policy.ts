import {
  computeEffectivePolicy,
  type EffectivePolicy,
  type FactorType,
  type SystemPolicy,
} from '../domain/policy.js';
import { resolveRelyingParty } from '../factors/webauthn/relying-party.js';
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
  return { system, effective: withDeliverableMethods(ctx, effective) };
}

/**
 * In production a channel with no provider configured can only fail (its messages
 * are refused rather than logged), so its method is neither offered nor accepted:
 * users who only have it are walked into enrolling another method.
 */
export function isMethodDeliverable(ctx: ServiceContext, method: FactorType): boolean {
  // Security keys need a relying party a browser accepts (a domain, not an IP address).
  if (method === 'webauthn') return resolveRelyingParty(ctx.config) !== null;
  if (method === 'totp' || !ctx.config.production) return true;
  return ctx.delivery.providerName(method) !== 'log';
}

function withDeliverableMethods(ctx: ServiceContext, effective: EffectivePolicy): EffectivePolicy {
  const allowedMethods = effective.allowedMethods.filter((m) => isMethodDeliverable(ctx, m));
  return allowedMethods.length === effective.allowedMethods.length
    ? effective
    : { ...effective, allowedMethods };
}
