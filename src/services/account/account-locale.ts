import type { Locale } from '../../i18n/locales.js';
import type { User } from '../../storage/types.js';
import type { ServiceContext } from '../context.js';

/**
 * `PUT /api/account/locale`: saves the language the user reads Twofold in — the
 * UI, and every email and SMS sent to them. Null forgets it (Accept-Language,
 * then DEFAULT_LOCALE decide again).
 */
export async function setAccountLocale(ctx: ServiceContext, user: User, locale: Locale | null) {
  await ctx.stores.users.setLocale(user.id, locale, ctx.now());
  return { locale };
}
