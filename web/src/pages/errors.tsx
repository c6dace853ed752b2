import { AuthLayout } from '../components/auth-layout.js';
import { Icon } from '../components/icons.js';
import { useApp } from '../lib/app-context.js';
import { useTitle } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';

/** Shown to members who open an admin page. */
export function NotAllowedPage() {
  const { config } = useApp();
  const { t } = useTranslation();
  useTitle(t('web.errors.notAllowed'), config.productName);
  return (
    <div class="narrow">
      <section class="card card-pad empty-state">
        <span class="empty-icon">
          <Icon name="lock" size={28} />
        </span>
        <h1>{t('web.errors.notAllowedTitle')}</h1>
        <p class="muted">{t('web.errors.notAllowedText')}</p>
        <a class="btn btn-primary" href="/security">
          {t('web.errors.backToSecurity')}
        </a>
      </section>
    </div>
  );
}

export function NotFoundPage({ inShell = false }: { inShell?: boolean }) {
  const { config } = useApp();
  const { t } = useTranslation();
  useTitle(t('web.errors.notFound'), config.productName);
  const body = (
    <>
      <h1>{t('web.errors.notFound')}</h1>
      <p class="muted">{t('web.errors.notFoundText')}</p>
      <a class="btn btn-primary" href="/">
        {t('web.errors.goHome')}
      </a>
    </>
  );
  if (inShell)
    return (
      <div class="narrow">
        <section class="card card-pad empty-state">{body}</section>
      </div>
    );
  return (
    <AuthLayout>
      <div class="stack">{body}</div>
    </AuthLayout>
  );
}
