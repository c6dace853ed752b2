import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { I18NEXT_OPTIONS, isLocale, type Locale, negotiateLocale } from '../../../src/i18n/locales.js';

/**
 * The UI's i18next (through react-i18next on preact/compat). Catalogs are the
 * server's own files (`src/i18n/locales/*.json`), loaded lazily: a language's
 * file is fetched the first time it is shown.
 */
const LOADERS: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('../../../src/i18n/locales/en.json', { with: { type: 'json' } }),
  'zh-CN': () => import('../../../src/i18n/locales/zh-CN.json', { with: { type: 'json' } }),
  de: () => import('../../../src/i18n/locales/de.json', { with: { type: 'json' } }),
  es: () => import('../../../src/i18n/locales/es.json', { with: { type: 'json' } }),
  fr: () => import('../../../src/i18n/locales/fr.json', { with: { type: 'json' } }),
};

const STORED_KEY = 'twofold.locale';

async function ensureLoaded(locale: Locale): Promise<void> {
  if (i18next.hasResourceBundle(locale, 'translation')) return;
  const catalog = await LOADERS[locale]();
  i18next.addResourceBundle(locale, 'translation', catalog.default);
}

/** The language chosen on this browser before signing in, else the browser's own. */
export function initialLocale(): Locale | null {
  const stored = localStorage.getItem(STORED_KEY);
  if (isLocale(stored)) return stored;
  return negotiateLocale(navigator.languages?.join(',') ?? navigator.language);
}

/** Starts i18next in `locale` (English loaded too, as the fallback for a missing text). */
export async function startI18n(locale: Locale): Promise<void> {
  await i18next.use(initReactI18next).init({
    ...I18NEXT_OPTIONS,
    lng: locale,
    resources: {},
    partialBundledLanguages: true,
    react: { useSuspense: false },
  });
  await Promise.all([ensureLoaded('en'), ensureLoaded(locale)]);
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** Shows the UI in `locale` (loading its catalog first) and sets `<html lang>`. `remember` keeps it on this browser. */
export async function changeLocale(locale: Locale, remember = true): Promise<void> {
  await ensureLoaded(locale);
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  if (remember) localStorage.setItem(STORED_KEY, locale);
}

/** The language the UI is shown in: for `Intl` formatting of dates and numbers. */
export function currentLocale(): Locale {
  const language = i18next.resolvedLanguage ?? i18next.language;
  return isLocale(language) ? language : 'en';
}

/**
 * A catalog text in the UI's language, for code outside components (error texts, formatters).
 * Components use `useTranslation()` so they re-render when the language changes.
 */
export function t(key: string, values?: Record<string, unknown>): string {
  return i18next.t(key, values ?? {}) as string;
}

/** Sentences one after another: with a space between them, except in Chinese. */
export function sentences(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(currentLocale() === 'zh-CN' ? '' : ' ');
}

export { useTranslation };
