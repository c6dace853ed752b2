import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';

import { currentLocale } from './i18n.js';

export type { CountryCode };

export interface CountryOption {
  code: CountryCode;
  /** "United States (+1)" */
  label: string;
}

/** Every country libphonenumber knows, named in the UI's language, sorted by name. */
export function countryOptions(): CountryOption[] {
  const names =
    typeof Intl.DisplayNames === 'function'
      ? new Intl.DisplayNames([currentLocale()], { type: 'region' })
      : null;
  return getCountries()
    .map((code) => {
      const name = names?.of(code) ?? code;
      return { code, name, label: `${name} (+${getCountryCallingCode(code)})` };
    })
    .sort((a, b) => a.name.localeCompare(b.name, currentLocale()))
    .map(({ code, label }) => ({ code, label }));
}

/** The country of the browser's language (en-GB → GB), if libphonenumber knows it; else US. */
export function defaultCountry(
  languages: readonly string[] = navigator.languages ?? [navigator.language],
): CountryCode {
  const known = new Set<string>(getCountries());
  for (const tag of languages) {
    const region = tag.split('-').find((part, i) => i > 0 && /^[A-Z]{2}$/.test(part));
    if (region && known.has(region)) return region as CountryCode;
  }
  return 'US';
}

/**
 * The E.164 form of a number typed as a national number in `country` — or typed whole,
 * starting with + (then the country is ignored) — or null when it cannot be a number there.
 * @example toE164('(555) 123-4567', 'US') // '+15551234567'
 */
export function toE164(typed: string, country: CountryCode): string | null {
  const trimmed = typed.trim();
  if (!trimmed) return null;
  const parsed = trimmed.startsWith('+')
    ? parsePhoneNumberFromString(trimmed)
    : parsePhoneNumberFromString(trimmed, country);
  return parsed?.isPossible() ? parsed.number : null;
}

/** An E.164 number split back into its country and national number, to edit it again. */
export function splitE164(e164: string): { country: CountryCode; national: string } | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.country) return null;
  return { country: parsed.country, national: parsed.nationalNumber };
}

/** An E.164 number written for reading: "+1 555 932 1966" (as it was, when it does not parse). */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
