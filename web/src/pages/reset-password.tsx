import { useState } from 'preact/hooks';
import { Alert, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { Field } from '../components/field.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useFocusFirst, useTitle } from '../lib/hooks.js';

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
  const [token] = useState(takeTokenFromUrl);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [linkDead, setLinkDead] = useState(!token);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const ref = useFocusFirst<HTMLFormElement>([done, linkDead]);
  useTitle(done ? 'Password changed' : 'Choose a new password', app.config.productName);

  const submit = async (event: Event) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (password.length < 8) next.password = 'Use at least 8 characters.';
    else if (confirm !== password) next.confirm = 'The two passwords don’t match.';
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
        else setErrors({ password: fieldError(fields, 'password') ?? caught.message });
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <AuthLayout>
        <div class="stack">
          <Alert tone="success" title="Your password was changed">
            You were signed out everywhere. Sign in with your new password; we’ll ask for your second step as
            usual.
          </Alert>
          <a class="btn btn-primary btn-block" href="/signin">
            Sign in
          </a>
        </div>
      </AuthLayout>
    );
  }

  if (linkDead) {
    return (
      <AuthLayout>
        <div class="stack">
          <h1>This link doesn’t work</h1>
          <p class="muted">
            Reset links work once, for 30 minutes, and only the newest one you asked for. Ask for a new link.
          </p>
          <a class="btn btn-primary btn-block" href="/forgot-password">
            Send a new link
          </a>
          <p class="center muted">
            <a href="/signin">Back to sign in</a>
          </p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <form ref={ref} onSubmit={submit} noValidate class="stack">
        <div>
          <h1>Choose a new password</h1>
          <p class="muted">Setting it signs you out everywhere. Your two-factor authentication stays on.</p>
        </div>
        <Field
          label="New password"
          type="password"
          name="password"
          autocomplete="new-password"
          hint="At least 8 characters. A long passphrase is best."
          value={password}
          onValue={setPassword}
          error={errors.password}
        />
        <Field
          label="Confirm new password"
          type="password"
          name="confirm"
          autocomplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={errors.confirm}
        />
        <StatusLine error={error} />
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </AuthLayout>
  );
}
