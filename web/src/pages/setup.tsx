import { Alert, Spinner } from '../components/alert.js';
import { SetupWizard } from '../components/setup-wizard.js';
import { api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useLoad, useTitle } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';
import { useNavigate, useRoute } from '../lib/router.js';
import type { FactorType, MfaStatus } from '../lib/types.js';

/** The methods this user may bind: what the server reports for them, else what is enabled server-wide. */
export function allowedMethodsFor(
  status: MfaStatus | undefined,
  enabledMethods: readonly FactorType[],
): FactorType[] {
  if (status?.allowedMethods) return status.allowedMethods;
  return [...enabledMethods];
}

/** `/setup`: the wizard for a signed-in user (after sign-up, from the security page or the reminder). */
export function SetupPage() {
  const app = useApp();
  const { t } = useTranslation();
  const { params } = useRoute();
  const navigate = useNavigate();
  const welcome = params.get('welcome') === '1';
  const status = useLoad(() => api.get<MfaStatus>('/api/mfa'));
  useTitle(t('web.signIn.titleEnroll'), app.config.productName);
  const user = app.current?.user;
  if (!user) return null;

  const done = async () => {
    app.setEnrollmentDeadline(null);
    await app.refreshSession();
    app.notify(t('web.setup.added'), { carry: true });
    navigate('/security');
  };

  return (
    <div class="narrow">
      {!welcome && (
        <a class="back-link" href="/security">
          ← {t('web.security.title')}
        </a>
      )}
      <section class="card card-pad">
        {status.loading && !status.data ? (
          <Spinner />
        ) : status.error && !status.data ? (
          <Alert tone="error">{describeError(status.error)}</Alert>
        ) : (
          <SetupWizard
            allowedMethods={allowedMethodsFor(status.data, app.config.enabledMethods)}
            account={user.email}
            hasFactors={(status.data?.factors.length ?? 0) > 0}
            existing={status.data?.factors.map((factor) => factor.type) ?? []}
            title={
              welcome
                ? t('web.setup.welcomeTitle')
                : status.data?.enabled
                  ? t('web.setup.addAnother')
                  : t('web.signIn.titleEnroll')
            }
            intro={welcome ? <p class="muted">{t('web.setup.welcomeIntro')}</p> : undefined}
            exit={
              welcome && !status.data?.required
                ? { label: t('web.shell.skipForNow'), onExit: () => navigate('/security') }
                : { label: t('web.common.cancel'), onExit: () => navigate('/security') }
            }
            onExpired={() => navigate('/security')}
            onComplete={() => void done()}
          />
        )}
      </section>
    </div>
  );
}
