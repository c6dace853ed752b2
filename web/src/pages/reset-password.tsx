import { useState } from 'preact/hooks';
import { Alert, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useFocusFirst, useTitle } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';

/**
 * The token of a reset link: in the fragment (`#token=…`, which no server or proxy
 * log sees), or a `?token=` query as a fallback. Read once, then taken out of the
 * address bar and the history.
 */
function takeTokenFromUrl(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  const fromQuery = new URLSearchParams(window.location.search).get('token');
  const token = fromHash ?? fromQuery;
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

/**
 * `/reset-password#token=…`: sets a new password with a link from the email. It
 * signs nobody in: afterwards the user signs in with the new password and their
 * second step.
 */
export function ResetPasswordPage() {
  const app = useApp();
  const { t } = useTranslation();
  const [token] = useState(takeTokenFromUrl);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [linkDead, setLinkDead] = useState(!token);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useFocusFirst<HTMLFormElement>([done, linkDead]);
  useTitle(done ? t('web.reset.changedShort') : t('web.reset.title'), app.config.productName);

  const submit = async (event: Event) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (password.length < 8) next.password = t('web.account.tooShort');
    else if (confirm !== password) next.confirm = t('web.account.mismatch');
    setErrors(next);
    if (next.password || next.confirm) {
      ref.current
        ?.querySelector<HTMLInputElement>(next.password ? 'input[name=password]' : 'input[name=confirm]')
        ?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/password/reset', { token, password });
      setDone(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        const fields = caught.fieldErrors;
        if (fieldError(fields, 'token')) setLinkDead(true);
        else setErrors({ password: fieldError(fields, 'password') ?? describeError(caught) });
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <AuthLayout>
        <div class="stack">
          <Alert tone="success" title={t('web.reset.changedTitle')}>
            {t('web.reset.changedText')}
          </Alert>
          <a class="btn btn-primary btn-block" href="/signin">
            {t('web.signIn.title')}
          </a>
        </div>
      </AuthLayout>
    );
  }

  if (linkDead) {
    return (
      <AuthLayout>
        <div class="stack">
          <h1>{t('web.common.linkDead')}</h1>
          <p class="muted">{t('web.reset.deadText')}</p>
          <a class="btn btn-primary btn-block" href="/forgot-password">
            {t('web.reset.sendNew')}
          </a>
          <p class="center muted">
            <a href="/signin">{t('web.signIn.backToSignIn')}</a>
          </p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <form ref={ref} onSubmit={submit} noValidate class="stack">
        <div>
          <h1>{t('web.reset.title')}</h1>
          <p class="muted">{t('web.reset.intro')}</p>
        </div>
        <Field
          label={t('web.account.newPassword')}
          type="password"
          name="password"
          autocomplete="new-password"
          hint={t('web.account.newPasswordHint')}
          value={password}
          onValue={setPassword}
          error={errors.password}
        />
        <Field
          label={t('web.account.confirmPassword')}
          type="password"
          name="confirm"
          autocomplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={errors.confirm}
        />
        <StatusLine error={error} />
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('web.common.saving') : t('web.reset.submit')}
        </button>
      </form>
    </AuthLayout>
  );
}
