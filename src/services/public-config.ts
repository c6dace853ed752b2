import { FACTOR_TYPES, METHOD_POLICY_KEYS, type MethodPolicyKey } from '../factors/catalog.js';
import { LOCALES, resolveLocale } from '../i18n/locales.js';
import type { ServiceContext } from './context.js';
import { isMethodDeliverable } from './effective-policy.js';

/**
 * `GET /api/public-config`: what the UI needs before anyone signs in — the methods that are
 * on and can actually be delivered, whether sign-up is open, whether the dev outbox exists.
 */
export async function getPublicConfig(ctx: ServiceContext, acceptLanguage: string | null) {
  const policy = await ctx.stores.settings.getPolicy();
  // Every factor module the policy turns on and the server can deliver, in the catalog's order.
  const enabledMethods = FACTOR_TYPES.filter(
    (type) => policy.methods[type].enabled && isMethodDeliverable(ctx, type),
  );
  const methods = Object.fromEntries(
    METHOD_POLICY_KEYS.map((key) => [
      key,
      key === 'backupCodes'
        ? policy.methods.backupCodes.enabled
        : enabledMethods.some((type) => type === key),
    ]),
  ) as Record<MethodPolicyKey, boolean>;
  return {
    productName: 'Twofold',
    signupEnabled: ctx.config.signupEnabled,
    // webauthn on: the sign-in page offers "Sign in with a passkey".
    methods,
    enabledMethods,
    factorTypes: [...FACTOR_TYPES],
    devOutbox: !ctx.config.production,
    locales: [...LOCALES],
    defaultLocale: ctx.config.defaultLocale,
    locale: resolveLocale(null, acceptLanguage, ctx.config.defaultLocale),
  };
}
