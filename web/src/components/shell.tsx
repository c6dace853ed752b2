import type { ComponentChildren } from 'preact';
import { useApp } from '../lib/app-context.js';
import { formatDate } from '../lib/format.js';
import { useTranslation } from '../lib/i18n.js';
import { useRoute } from '../lib/router.js';
import { Icon } from './icons.js';
import { LanguagePicker } from './language-picker.js';
import { LogoMark } from './logo.js';

/** Header, enrollment reminder and page frame of every signed-in page. */
export function Shell({ children }: { children: ComponentChildren }) {
  const { current, config, signOut, enrollmentDeadline, enrollmentRequiredBy, setEnrollmentDeadline } =
    useApp();
  const { path } = useRoute();
  const { t } = useTranslation();
  if (!current) return null;
  const isAdmin = current.user.role === 'system_admin' || current.user.role === 'org_admin';
  const showReminder = !!enrollmentDeadline && !current.user.mfaEnabled && path !== '/setup';
  const navLink = (href: string, label: string, active: boolean) => (
    <a
      href={href}
      class={active ? 'nav-link is-active' : 'nav-link'}
      aria-current={active ? 'page' : undefined}
    >
      {label}
    </a>
  );
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('web.shell.skip')}
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a href="/security" class="brand">
            <LogoMark />
            <span class="logo-word">{config.productName}</span>
          </a>
          <nav class="nav" aria-label={t('web.shell.mainNav')}>
            {navLink('/security', t('web.shell.security'), path === '/security' || path === '/setup')}
            {isAdmin && navLink('/admin', t('web.shell.admin'), path.startsWith('/admin'))}
            {config.devOutbox && navLink('/dev/outbox', t('web.shell.outbox'), path === '/dev/outbox')}
          </nav>
          <div class="account">
            <LanguagePicker compact />
            <span class="account-email" title={current.user.email}>
              {current.user.email}
            </span>
            <button type="button" class="btn btn-ghost btn-small" onClick={() => void signOut()}>
              <Icon name="logout" size={16} /> <span class="label-wide">{t('web.shell.signOut')}</span>
            </button>
          </div>
        </div>
      </header>
      {showReminder && (
        <section class="banner" aria-label={t('web.shell.reminderLabel')}>
          <div class="banner-inner">
            <Icon name="shield" size={20} />
            <p>
              <strong>{t('web.shell.reminderTitle')}</strong> —{' '}
              {enrollmentRequiredBy
                ? t(
                    enrollmentRequiredBy.kind === 'organization'
                      ? 'web.shell.reminderTextOrg'
                      : 'web.shell.reminderTextSystem',
                    { name: enrollmentRequiredBy.name, date: formatDate(enrollmentDeadline) },
                  )
                : t('web.shell.reminderText', { date: formatDate(enrollmentDeadline) })}
            </p>
            <div class="banner-actions">
              <a href="/setup" class="btn btn-primary btn-small">
                {t('web.shell.setUpNow')}
              </a>
              <button
                type="button"
                class="btn btn-ghost btn-small"
                onClick={() => setEnrollmentDeadline(null)}
              >
                {t('web.shell.skipForNow')}
              </button>
            </div>
          </div>
        </section>
      )}
      <main class="page" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
