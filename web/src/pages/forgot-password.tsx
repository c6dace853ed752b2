import { useState } from 'preact/hooks';
import { Alert, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useFocusFirst, useTitle } from '../lib/hooks.js';

/**
 * `/forgot-password`: asks for a reset link by email. The answer is the same whether
 * or not an account uses the address, so the page says the same thing either way.
 */
export function ForgotPasswordPage() {
  const app = useApp();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useFocusFirst<HTMLDivElement>([sentTo === null]);
  useTitle(sentTo ? 'Check your email' : 'Reset your password', app.config.productName);

  const submit = async (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      setEmailError('Enter an email address like name@example.com.');
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
        setEmailError(fieldError(caught.fieldErrors, 'email') ?? caught.message);
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
              <h1>Check your email</h1>
              <p class="muted">
                If an account uses <strong>{sentTo}</strong>, we sent it a link to choose a new password. The
                link works once, for 30 minutes.
              </p>
            </div>
            <Alert tone="info" title="Your two-factor authentication stays on">
              After you set a new password, you sign in with it and then confirm with your second step as
              usual.
            </Alert>
            <a class="btn btn-primary btn-block" href="/signin">
              Back to sign in
            </a>
          </div>
        ) : (
          <form onSubmit={submit} noValidate class="stack">
            <div>
              <h1>Reset your password</h1>
              <p class="muted">
                Enter the email address of your account. We’ll send you a link to choose a new password.
              </p>
            </div>
            <Field
              label="Email"
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
              {busy ? 'Sending…' : 'Send reset link'}
            </button>
            <p class="center muted">
              Remembered it? <a href="/signin">Sign in</a>
            </p>
          </form>
        )}
      </div>
    </AuthLayout>
  );
}
