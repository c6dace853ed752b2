import { createInstance, type i18n } from 'i18next';
import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { I18NEXT_OPTIONS, LOCALES, type Locale } from './locales.js';

/** The message catalogs, one per language; the web UI loads the same files lazily. */
export const CATALOGS: Record<Locale, Record<string, unknown>> = { en, 'zh-CN': zhCN, de, es, fr };

let instance: i18n | null = null;

/** The server's i18next, with every catalog loaded (synchronously, at first use). */
export function serverI18n(): i18n {
  if (instance) return instance;
  const created = createInstance();
  void created.init({
    ...I18NEXT_OPTIONS,
    initAsync: false,
    resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: CATALOGS[locale] }])),
  });
  instance = created;
  return created;
}

/**
 * One catalog text in `locale`, with `{name}` placeholders filled (and `count`
 * choosing the plural form).
 * @example translate('de', 'duration.minutes', { count: 5 }) // '5 Minuten'
 */
export function translate(locale: Locale, key: string, values: Record<string, unknown> = {}): string {
  return serverI18n().t(key, { lng: locale, ...values });
}

/** A catalog text as written, placeholders unfilled (the default of a message template). */
export function catalogText(locale: Locale, key: string): string {
  const value =
    serverI18n().getResource(locale, 'translation', key) ??
    serverI18n().getResource('en', 'translation', key);
  if (typeof value !== 'string') throw new Error(`missing catalog key ${key}`);
  return value;
}

/** "5 minutes", "5 Minuten", "5 分钟": a lifetime in seconds as whole minutes (rounded up), or hours from two hours up. */
export function formatDuration(locale: Locale, seconds: number): string {
  if (seconds >= 7200 && seconds % 3600 === 0)
    return translate(locale, 'duration.hours', { count: seconds / 3600 });
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return translate(locale, 'duration.minutes', { count: minutes });
}

/** "Jan 15, 2026, 12:15 PM UTC", "2026年1月15日 12:15 UTC": an instant for a message, in UTC. */
export function formatInstant(locale: Locale, at: Date): string {
  return (
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(at) + ' UTC'
  );
}
