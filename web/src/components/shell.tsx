import type { ComponentChildren } from 'preact';
import { useApp } from '../lib/app-context.js';
import { formatDate, requiredByText } from '../lib/format.js';
import { useRoute } from '../lib/router.js';
import { Icon } from './icons.js';
import { LogoMark } from './logo.js';

/** Header, enrollment reminder and page frame of every signed-in page. */
export function Shell({ children }: { children: ComponentChildren }) {
  const { current, config, signOut, enrollmentDeadline, enrollmentRequiredBy, setEnrollmentDeadline } =
    useApp();
  const { path } = useRoute();
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
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a href="/security" class="brand">
            <LogoMark />
            <span class="logo-word">{config.productName}</span>
          </a>
          <nav class="nav" aria-label="Main">
            {navLink('/security', 'Security', path === '/security' || path === '/setup')}
            {isAdmin && navLink('/admin', 'Admin', path.startsWith('/admin'))}
            {config.devOutbox && navLink('/dev/outbox', 'Outbox', path === '/dev/outbox')}
          </nav>
          <div class="account">
            <span class="account-email" title={current.user.email}>
              {current.user.email}
            </span>
            <button type="button" class="btn btn-ghost btn-small" onClick={() => void signOut()}>
              <Icon name="logout" size={16} /> <span class="label-wide">Sign out</span>
            </button>
          </div>
        </div>
      </header>
      {showReminder && (
        <section class="banner" aria-label="Two-factor authentication reminder">
          <div class="banner-inner">
            <Icon name="shield" size={20} />
            <p>
              <strong>Set up two-factor authentication</strong> —{' '}
              {enrollmentRequiredBy
                ? `${requiredByText(enrollmentRequiredBy)} requires it from `
                : 'it will be required from '}
              {formatDate(enrollmentDeadline)}.
            </p>
            <div class="banner-actions">
              <a href="/setup" class="btn btn-primary btn-small">
                Set up now
              </a>
              <button
                type="button"
                class="btn btn-ghost btn-small"
                onClick={() => setEnrollmentDeadline(null)}
              >
                Skip for now
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
