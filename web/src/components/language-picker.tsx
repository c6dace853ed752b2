import i18next from 'i18next';
import { useState } from 'preact/hooks';
import { isLocale, LOCALE_NAMES, LOCALES } from '../../../src/i18n/locales.js';
import { api } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { changeLocale, currentLocale, useTranslation } from '../lib/i18n.js';

/**
 * The language of the UI: kept on this browser, and saved to the account when
 * signed in (emails and SMS then use it too). Each language is named in itself.
 */
export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { current, notify } = useApp();
  const [busy, setBusy] = useState(false);
  const choose = async (value: string) => {
    if (!isLocale(value)) return;
    setBusy(true);
    try {
      await changeLocale(value);
      if (current) {
        await api.put('/api/account/locale', { locale: value });
        // Said in the language just chosen (this render's `t` still speaks the old one).
        notify(i18next.t('web.language.saved'));
      }
    } catch (error) {
      console.warn('Could not save the language', error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <label class={compact ? 'language-picker is-compact' : 'language-picker'}>
      <span class={compact ? 'visually-hidden' : 'language-label'}>{t('web.language.label')}</span>
      <select
        name="locale"
        value={currentLocale()}
        disabled={busy}
        onChange={(event) => void choose((event.currentTarget as HTMLSelectElement).value)}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
