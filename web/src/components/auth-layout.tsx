import type { ComponentChildren } from 'preact';
import { useApp } from '../lib/app-context.js';
import { useTranslation } from '../lib/i18n.js';
import { LanguagePicker } from './language-picker.js';
import { LogoMark } from './logo.js';

/** The centred card of the sign-in, sign-up and enrollment screens. */
export function AuthLayout({ children, wide = false }: { children: ComponentChildren; wide?: boolean }) {
  const { config } = useApp();
  const { t } = useTranslation();
  return (
    <div class="auth-page">
      <main class={`auth-card${wide ? ' auth-card-wide' : ''}`} id="main" tabIndex={-1}>
        <a href="/" class="auth-brand">
          <LogoMark size={36} />
          <span class="logo-word">{config.productName}</span>
        </a>
        {children}
      </main>
      <footer class="auth-footer">
        <span>{t('web.authLayout.protectedBy', { product: config.productName })}</span>
        <LanguagePicker />
        {config.devOutbox && <a href="/dev/outbox">{t('web.authLayout.devOutbox')}</a>}
      </footer>
    </div>
  );
}
