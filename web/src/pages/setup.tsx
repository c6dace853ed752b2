import { Alert, Spinner } from '../components/alert.js';
import { SetupWizard } from '../components/setup-wizard.js';
import { api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { FACTOR_TYPES } from '../lib/format.js';
import { useLoad, useTitle } from '../lib/hooks.js';
import { useNavigate, useRoute } from '../lib/router.js';
import type { FactorType, MfaStatus } from '../lib/types.js';

/** The methods this user may bind: what the server reports for them, else what is enabled server-wide. */
export function allowedMethodsFor(
  status: MfaStatus | undefined,
  methods: Record<string, boolean>,
): FactorType[] {
  if (status?.allowedMethods) return status.allowedMethods;
  return FACTOR_TYPES.filter((type) => methods[type]);
}

/** `/setup`: the wizard for a signed-in user (after sign-up, from the security page or the reminder). */
export function SetupPage() {
  const app = useApp();
  const { params } = useRoute();
  const navigate = useNavigate();
  const welcome = params.get('welcome') === '1';
  const status = useLoad(() => api.get<MfaStatus>('/api/mfa'));
  useTitle('Set up two-factor authentication', app.config.productName);
  const user = app.current?.user;
  if (!user) return null;

  const done = async () => {
    app.setEnrollmentDeadline(null);
    await app.refreshSession();
    app.notify('2FA method added');
    navigate('/security');
  };

  return (
    <div class="narrow">
      {!welcome && (
        <a class="back-link" href="/security">
          ← Account security
        </a>
      )}
      <section class="card card-pad">
        {status.loading && !status.data ? (
          <Spinner />
        ) : status.error && !status.data ? (
          <Alert tone="error">{describeError(status.error)}</Alert>
        ) : (
          <SetupWizard
            allowedMethods={allowedMethodsFor(status.data, app.config.methods)}
            account={user.email}
            hasFactors={(status.data?.factors.length ?? 0) > 0}
            title={
              welcome
                ? 'Welcome! Protect your account'
                : status.data?.enabled
                  ? 'Add another method'
                  : 'Set up two-factor authentication'
            }
            intro={
              welcome ? (
                <p class="muted">
                  Add a second step so a stolen password alone can’t open your account. Choose how you’ll
                  confirm it’s you:
                </p>
              ) : undefined
            }
            exit={
              welcome && !status.data?.required
                ? { label: 'Skip for now', onExit: () => navigate('/security') }
                : { label: 'Cancel', onExit: () => navigate('/security') }
            }
            onExpired={() => navigate('/security')}
            onComplete={() => void done()}
          />
        )}
      </section>
    </div>
  );
}
