import { isLocale } from '../i18n/locales.js';
import type { User } from '../storage/types.js';

/** The user as the API shows it: never the password hash or counters. */
export function toPublicUser(user: User, mfaEnabled: boolean) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    orgId: user.orgId,
    mfaEnabled,
    emailVerified: user.emailVerifiedAt !== null,
    locale: isLocale(user.locale) ? user.locale : null,
    createdAt: user.createdAt.toISOString(),
  };
}

export type PublicUser = ReturnType<typeof toPublicUser>;

/** `j***@e***.com`: enough for the owner to recognise, little for anyone else. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}***@${host.slice(0, 1)}***${tld}`;
}

/** `+1 *** *** **67`: country code and last two digits only. */
export function maskPhone(e164: string, countryCallingCode?: string): string {
  const cc = countryCallingCode ?? e164.slice(1, 2);
  return `+${cc} *** *** **${e164.slice(-2)}`;
}
