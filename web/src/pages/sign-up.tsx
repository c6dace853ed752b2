import { useEffect, useState } from 'preact/hooks';
import { Alert, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { SetupWizard } from '../components/setup-wizard.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useFocusFirst, useTitle } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';
import { useNavigate } from '../lib/router.js';
import type { FactorType, LoginResult } from '../lib/types.js';

export function SignUpPage() {
  const app = useApp();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [enroll, setEnroll] = useState<{
    mfaToken: string;
    allowedMethods: FactorType[];
    email: string;
  } | null>(null);
  useEffect(() => {
    if (app.current) navigate('/security', { replace: true });
  }, []);
  useTitle(enroll ? t('web.signIn.titleEnroll') : t('web.signUp.title'), app.config.productName);

  if (!app.config.signupEnabled) {
    return (
      <AuthLayout>
        <h1>{t('web.signUp.closedTitle')}</h1>
        <p class="muted">{t('web.signUp.closedText')}</p>
        <a class="btn btn-primary btn-block" href="/signin">
          {t('web.signIn.title')}
        </a>
      </AuthLayout>
    );
  }

  if (enroll) {
    return (
      <AuthLayout wide>
        <Alert tone="info" title={t('web.signUp.oneMoreStep')}>
          {t('web.signUp.requiredText')}
        </Alert>
        <SetupWizard
          mfaToken={enroll.mfaToken}
          allowedMethods={enroll.allowedMethods}
          account={enroll.email}
          title={t('web.signIn.protect')}
          onExpired={() => navigate('/signin')}
          onComplete={async () => {
            await app.refreshSession();
            navigate('/security', { replace: true });
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <SignUpForm
        onResult={async (result, email) => {
          if (result.status === 'mfa_enrollment_required') {
            setEnroll({ mfaToken: result.mfaToken, allowedMethods: result.allowedMethods, email });
            return;
          }
          if (result.status === 'authenticated') {
            app.setEnrollmentDeadline(result.mfaEnrollmentDeadline ?? null, result.requiredBy ?? null);
            await app.refreshSession();
            navigate('/setup?welcome=1', { replace: true });
            return;
          }
          // A brand-new account has no factor; be safe and go to the normal sign-in.
          navigate('/signin', { replace: true });
        }}
      />
    </AuthLayout>
  );
}

function SignUpForm({ onResult }: { onResult: (result: LoginResult, email: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useFocusFirst<HTMLFormElement>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) next.email = t('web.setup.destination.emailInvalid');
    if ([...password].length < 8) next.password = t('web.account.tooShort');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      ref.current
        ?.querySelector<HTMLInputElement>(`input[name=${next.email ? 'email' : 'password'}]`)
        ?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { email: email.trim(), password };
      if (name.trim()) body.name = name.trim();
      const result = await api.post<LoginResult>('/api/auth/signup', body);
      await onResult(result, email.trim());
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        const fields = caught.fieldErrors;
        setErrors({
          name: fieldError(fields, 'name') ?? '',
          email: fieldError(fields, 'email') ?? '',
          password: fieldError(fields, 'password') ?? '',
        });
        if (!fieldError(fields, 'email') && !fieldError(fields, 'password') && !fieldError(fields, 'name')) {
          setError(describeError(caught));
        }
        return;
      }
      if (caught instanceof ApiError && caught.code === 'conflict') {
        setError(t('web.signUp.exists'));
        return;
      }
      if (caught instanceof ApiError && caught.status === 403) {
        setError(t('web.signUp.disabled'));
        return;
      }
      setError(describeError(caught));
    }
  };

  return (
    <form ref={ref} onSubmit={submit} noValidate class="stack">
      <div>
        <h1>{t('web.signUp.title')}</h1>
        <p class="muted">{t('web.signUp.intro')}</p>
      </div>
      <Field
        label={t('web.signUp.name')}
        name="name"
        autocomplete="name"
        value={name}
        onValue={setName}
        error={errors.name || undefined}
      />
      <Field
        label={t('web.signIn.email')}
        type="email"
        name="email"
        autocomplete="username"
        spellcheck={false}
        autocapitalize="none"
        value={email}
        onValue={setEmail}
        error={errors.email || undefined}
      />
      <Field
        label={t('web.signIn.password')}
        type="password"
        name="password"
        autocomplete="new-password"
        hint={t('web.signUp.passwordHint')}
        value={password}
        onValue={setPassword}
        error={errors.password || undefined}
      />
      <StatusLine error={error} />
      <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('web.signUp.creating') : t('web.signUp.create')}
      </button>
      <p class="center muted">
        {t('web.signUp.haveAccount')} <a href="/signin">{t('web.signIn.title')}</a>
      </p>
    </form>
  );
}
