import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Icon, type IconName } from '../../components/icons.js';
import { useApp } from '../../lib/app-context.js';
import { useTranslation } from '../../lib/i18n.js';
import { useRoute } from '../../lib/router.js';
import { NotFoundPage } from '../errors.js';
import { ApiKeysPage } from './api-keys.js';
import { ApplicationsPage } from './applications.js';
import { AuditPage } from './audit.js';
import { OrgsPage } from './orgs.js';
import { OverviewPage } from './overview.js';
import { PolicyPage } from './policy.js';
import { ProfilesPage } from './profiles.js';
import { ProvidersPage } from './providers.js';
import { TemplatesPage } from './templates.js';
import { UsersPage } from './users.js';

interface Section {
  path: string;
  /** Catalog key of the section's name (literal, for the catalog test). */
  label: string;
  icon: IconName;
  systemOnly?: boolean;
}

const SECTIONS: Section[] = [
  { path: '/admin', label: 'web.admin.nav.overview', icon: 'chart' },
  { path: '/admin/users', label: 'web.admin.nav.users', icon: 'users' },
  { path: '/admin/policy', label: 'web.admin.nav.policy', icon: 'sliders', systemOnly: true },
  { path: '/admin/orgs', label: 'web.admin.nav.orgs', icon: 'building' },
  { path: '/admin/profiles', label: 'web.admin.nav.profiles', icon: 'building', systemOnly: true },
  { path: '/admin/applications', label: 'web.admin.nav.applications', icon: 'key', systemOnly: true },
  { path: '/admin/templates', label: 'web.admin.nav.templates', icon: 'list' },
  { path: '/admin/providers', label: 'web.admin.nav.providers', icon: 'mail', systemOnly: true },
  { path: '/admin/audit', label: 'web.admin.nav.audit', icon: 'list' },
  { path: '/admin/api-keys', label: 'web.admin.nav.apiKeys', icon: 'key', systemOnly: true },
];

/** The admin console frame: section navigation and the section itself. */
export function AdminPage() {
  const { current } = useApp();
  const { path } = useRoute();
  const { t } = useTranslation();
  const isSystem = current?.user.role === 'system_admin';
  const sections = SECTIONS.filter((s) => isSystem || !s.systemOnly);
  const navList = useRef<HTMLUListElement>(null);
  // On a phone the sections are one row that scrolls sideways: bring the current one into view.
  useEffect(() => {
    const list = navList.current;
    const active = list?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!list || !active || list.scrollWidth <= list.clientWidth) return;
    const [box, link] = [list.getBoundingClientRect(), active.getBoundingClientRect()];
    list.scrollLeft += link.left - box.left - (box.width - link.width) / 2;
  }, [path]);
  let body: ComponentChildren;
  switch (path) {
    case '/admin':
      body = <OverviewPage />;
      break;
    case '/admin/users':
      body = <UsersPage />;
      break;
    case '/admin/policy':
      body = isSystem ? <PolicyPage /> : <NotAllowedSection />;
      break;
    case '/admin/orgs':
      body = <OrgsPage />;
      break;
    case '/admin/profiles':
      body = isSystem ? <ProfilesPage /> : <NotAllowedSection />;
      break;
    case '/admin/applications':
      body = isSystem ? <ApplicationsPage /> : <NotAllowedSection />;
      break;
    case '/admin/templates':
      body = <TemplatesPage />;
      break;
    case '/admin/providers':
      body = isSystem ? <ProvidersPage /> : <NotAllowedSection />;
      break;
    case '/admin/audit':
      body = <AuditPage />;
      break;
    case '/admin/api-keys':
      body = isSystem ? <ApiKeysPage /> : <NotAllowedSection />;
      break;
    default:
      return <NotFoundPage inShell />;
  }
  return (
    <div class="admin">
      <nav class="admin-nav" aria-label={t('web.shell.admin')}>
        <p class="admin-nav-title">
          {isSystem ? t('web.admin.nav.systemAdmin') : t('web.admin.nav.orgAdmin')}
        </p>
        <ul ref={navList}>
          {sections.map((section) => {
            const active = path === section.path;
            return (
              <li key={section.path}>
                <a
                  href={section.path}
                  class={active ? 'admin-link is-active' : 'admin-link'}
                  aria-current={active ? 'page' : undefined}
                >
                  <Icon name={section.icon} />
                  <span>{t(section.label)}</span>
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <div class="admin-body">{body}</div>
    </div>
  );
}

function NotAllowedSection() {
  const { t } = useTranslation();
  return (
    <section class="card card-pad empty-state">
      <span class="empty-icon">
        <Icon name="lock" size={28} />
      </span>
      <h1>{t('web.admin.nav.notAllowed')}</h1>
      <p class="muted">{t('web.admin.nav.notAllowedText')}</p>
    </section>
  );
}
