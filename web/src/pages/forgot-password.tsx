import { useState } from 'preact/hooks';
import { Alert, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useFocusFirst, useTitle } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';

/**
 * `/forgot-password`: asks for a reset link by email. The answer is the same whether
 * or not an account uses the address, so the page says the same thing either way.
 */
export function ForgotPasswordPage() {
  const app = useApp();
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useFocusFirst<HTMLDivElement>([sentTo === null]);
  useTitle(sentTo ? t('web.setup.checkEmail') : t('web.forgot.title'), app.config.productName);

  const submit = async (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      setEmailError(t('web.setup.destination.emailInvalid'));
      ref.current?.querySelector<HTMLInputElement>('input[name=email]')?.focus();
      return;
    }
    setEmailError(undefined);
    setError(null);
    setBusy(true);
    try {
      await api.post('/api/auth/password/forgot', { email: address });
      setSentTo(address);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        setEmailError(fieldError(caught.fieldErrors, 'email') ?? describeError(caught));
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout>
      <div ref={ref}>
        {sentTo ? (
          <div class="stack">
            <div>
              <h1>{t('web.setup.checkEmail')}</h1>
              <p class="muted">
                {t('web.forgot.sentBefore')} <strong>{sentTo}</strong>
                {t('web.forgot.sentAfter')}
              </p>
            </div>
            <Alert tone="info" title={t('web.forgot.staysOn')}>
              {t('web.forgot.staysOnText')}
            </Alert>
            <a class="btn btn-primary btn-block" href="/signin">
              {t('web.signIn.backToSignIn')}
            </a>
          </div>
        ) : (
          <form onSubmit={submit} noValidate class="stack">
            <div>
              <h1>{t('web.forgot.title')}</h1>
              <p class="muted">{t('web.forgot.intro')}</p>
            </div>
            <Field
              label={t('web.signIn.email')}
              type="email"
              name="email"
              autocomplete="username"
              spellcheck={false}
              autocapitalize="none"
              value={email}
              onValue={setEmail}
              error={emailError}
            />
            <StatusLine error={error} />
            <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
              {busy ? t('web.common.sending') : t('web.forgot.send')}
            </button>
            <p class="center muted">
              {t('web.forgot.remembered')} <a href="/signin">{t('web.signIn.title')}</a>
            </p>
          </form>
        )}
      </div>
    </AuthLayout>
  );
}
