/**
 * The languages Twofold speaks, and how one is chosen. Pure: shared by the server
 * and the web UI (no I/O, no i18next).
 */
export const LOCALES = ['en', 'zh-CN', 'de', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, for pickers. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The supported locale a BCP 47 tag asks for, or null: `zh`, `zh-Hans`, `zh-CN`,
 * `zh-SG` → `zh-CN` (Traditional `zh-TW`/`zh-Hant` is not offered: null), `de-AT` → `de`.
 * @example matchLocale('fr-CA') // 'fr'
 */
export function matchLocale(tag: string): Locale | null {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  const language = parts[0] ?? '';
  if (language === 'zh') {
    const rest = parts.slice(1);
    if (rest.includes('hant') || rest.includes('tw') || rest.includes('hk') || rest.includes('mo'))
      return null;
    return 'zh-CN';
  }
  return LOCALES.find((locale) => locale === language) ?? null;
}

/**
 * The best supported locale of an `Accept-Language` header (RFC 9110 §12.5.4:
 * q-values, highest first, ties in header order), or null when none is supported.
 * @example negotiateLocale('de-CH, fr;q=0.8, en;q=0.5') // 'de'
 */
export function negotiateLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 1024)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.tag && range.tag !== '*' && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const locale = matchLocale(range.tag);
    if (locale) return locale;
  }
  return null;
}

/**
 * The language of one reader: the saved preference, else the browser's
 * Accept-Language, else the server's default.
 */
export function resolveLocale(
  saved: string | null | undefined,
  acceptLanguage: string | null | undefined,
  fallback: Locale,
): Locale {
  if (isLocale(saved)) return saved;
  return negotiateLocale(acceptLanguage) ?? fallback;
}

/**
 * Options shared by the server's and the web UI's i18next: placeholders are
 * `{name}` (the same syntax administrators use in message templates), plurals
 * follow `Intl.PluralRules` (`_one`, `_many`, `_other` keys), and nothing is
 * HTML-escaped here (HTML bodies escape their parts themselves; Preact escapes text).
 */
export const I18NEXT_OPTIONS = {
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  load: 'currentOnly',
  interpolation: { prefix: '{', suffix: '}', escapeValue: false },
  returnNull: false,
} as const;
