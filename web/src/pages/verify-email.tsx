import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { ApiError, api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useTitle } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';

/** The token of a verification link: in the fragment (no server log sees it), read once and taken out of the address bar. */
function takeTokenFromUrl(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  const fromQuery = new URLSearchParams(window.location.search).get('token');
  const token = fromHash ?? fromQuery;
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

type State = { kind: 'working' } | { kind: 'done' } | { kind: 'dead' } | { kind: 'error'; message: string };

/** `/verify-email#token=…`: spends the link from the sign-up (or resend) email and shows the result. */
export function VerifyEmailPage() {
  const app = useApp();
  const { t } = useTranslation();
  const [token] = useState(takeTokenFromUrl);
  const [state, setState] = useState<State>(token ? { kind: 'working' } : { kind: 'dead' });
  useTitle(
    state.kind === 'done' ? t('web.verifyEmail.doneShort') : t('web.verifyEmail.title'),
    app.config.productName,
  );

  useEffect(() => {
    if (!token) return;
    let live = true;
    api
      .post('/api/auth/email/verify', { token })
      .then(() => {
        if (live) setState({ kind: 'done' });
        // The signed-in view (if any) shows the address as verified from now on.
        if (app.current) void app.refreshSession();
      })
      .catch((caught: unknown) => {
        if (!live) return;
        if (caught instanceof ApiError && caught.code === 'invalid_request') setState({ kind: 'dead' });
        else setState({ kind: 'error', message: describeError(caught) });
      });
    return () => {
      live = false;
    };
  }, [token]);

  const next = app.current ? '/security' : '/signin';
  return (
    <AuthLayout>
      <div class="stack" aria-live="polite">
        {state.kind === 'working' && <p class="muted">{t('web.verifyEmail.working')}</p>}
        {state.kind === 'done' && (
          <Alert tone="success" title={t('web.verifyEmail.doneTitle')}>
            {t('web.verifyEmail.doneText')}
          </Alert>
        )}
        {state.kind === 'dead' && (
          <>
            <h1>{t('web.common.linkDead')}</h1>
            <p class="muted">{t('web.verifyEmail.deadText')}</p>
          </>
        )}
        {state.kind === 'error' && (
          <Alert tone="error" title={t('web.verifyEmail.errorTitle')}>
            {state.message}
          </Alert>
        )}
        {state.kind !== 'working' && (
          <a class="btn btn-primary btn-block" href={next}>
            {app.current ? t('web.verifyEmail.toSecurity') : t('web.signIn.title')}
          </a>
        )}
      </div>
    </AuthLayout>
  );
}
