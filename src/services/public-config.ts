import { LOCALES, resolveLocale } from '../i18n/locales.js';
import { currentAcceptLanguage } from '../i18n/request-locale.js';
import type { ServiceContext } from './context.js';
import { isMethodDeliverable } from './effective-policy.js';

/**
 * `GET /api/public-config`: what the UI needs before anyone signs in — the methods that are
 * on and can actually be delivered, whether sign-up is open, whether the dev outbox exists.
 */
export async function getPublicConfig(ctx: ServiceContext) {
  const policy = await ctx.stores.settings.getPolicy();
  return {
    productName: 'Twofold',
    signupEnabled: ctx.config.signupEnabled,
    methods: {
      totp: policy.methods.totp.enabled,
      email: policy.methods.email.enabled && isMethodDeliverable(ctx, 'email'),
      sms: policy.methods.sms.enabled && isMethodDeliverable(ctx, 'sms'),
      /** Security keys and passkeys: the sign-in page offers "Sign in with a passkey". */
      webauthn: policy.methods.webauthn.enabled && isMethodDeliverable(ctx, 'webauthn'),
      backupCodes: policy.methods.backupCodes.enabled,
    },
    devOutbox: !ctx.config.production,
    locales: [...LOCALES],
    defaultLocale: ctx.config.defaultLocale,
    locale: resolveLocale(null, currentAcceptLanguage(), ctx.config.defaultLocale),
  };
}
