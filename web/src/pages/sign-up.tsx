import { useEffect, useState } from 'preact/hooks';
import { Alert, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { SetupWizard } from '../components/setup-wizard.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useFocusFirst, useTitle } from '../lib/hooks.js';
import { useNavigate } from '../lib/router.js';
import type { FactorType, LoginResult } from '../lib/types.js';

export function SignUpPage() {
  const app = useApp();
  const navigate = useNavigate();
  const [enroll, setEnroll] = useState<{
    mfaToken: string;
    allowedMethods: FactorType[];
    email: string;
  } | null>(null);
  useEffect(() => {
    if (app.current) navigate('/security', { replace: true });
  }, []);
  useTitle(enroll ? 'Set up two-factor authentication' : 'Create your account', app.config.productName);

  if (!app.config.signupEnabled) {
    return (
      <AuthLayout>
        <h1>Sign-up is closed</h1>
        <p class="muted">New accounts on this server are created by an administrator.</p>
        <a class="btn btn-primary btn-block" href="/signin">
          Sign in
        </a>
      </AuthLayout>
    );
  }

  if (enroll) {
    return (
      <AuthLayout wide>
        <Alert tone="info" title="One more step">
          Two-factor authentication is required for new accounts here. Set it up to finish creating your
          account.
        </Alert>
        <SetupWizard
          mfaToken={enroll.mfaToken}
          allowedMethods={enroll.allowedMethods}
          account={enroll.email}
          title="Protect your account"
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
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) next.email = 'Enter an email address like name@example.com.';
    if ([...password].length < 8) next.password = 'Use at least 8 characters.';
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
          setError(caught.message);
        }
        return;
      }
      if (caught instanceof ApiError && caught.code === 'conflict') {
        setError('An account with this email already exists. Sign in instead.');
        return;
      }
      if (caught instanceof ApiError && caught.status === 403) {
        setError('Sign-up is disabled on this server. Ask an administrator for an account.');
        return;
      }
      setError(describeError(caught));
    }
  };

  return (
    <form ref={ref} onSubmit={submit} noValidate class="stack">
      <div>
        <h1>Create your account</h1>
        <p class="muted">It takes a minute. You’ll set up two-factor authentication next.</p>
      </div>
      <Field
        label="Name (optional)"
        name="name"
        autocomplete="name"
        value={name}
        onValue={setName}
        error={errors.name || undefined}
      />
      <Field
        label="Email"
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
        label="Password"
        type="password"
        name="password"
        autocomplete="new-password"
        hint="8 to 128 characters. Common or leaked passwords are refused; a long passphrase of unrelated words is best."
        value={password}
        onValue={setPassword}
        error={errors.password || undefined}
      />
      <StatusLine error={error} />
      <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
        {busy ? 'Creating account…' : 'Create account'}
      </button>
      <p class="center muted">
        Already have an account? <a href="/signin">Sign in</a>
      </p>
    </form>
  );
}
