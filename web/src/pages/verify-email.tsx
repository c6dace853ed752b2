import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { ApiError, api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useTitle } from '../lib/hooks.js';

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
  const [token] = useState(takeTokenFromUrl);
  const [state, setState] = useState<State>(token ? { kind: 'working' } : { kind: 'dead' });
  useTitle(state.kind === 'done' ? 'Email verified' : 'Verify your email', app.config.productName);

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
        {state.kind === 'working' && <p class="muted">Verifying your email address…</p>}
        {state.kind === 'done' && (
          <Alert tone="success" title="Your email address is verified">
            Thanks — you can carry on.
          </Alert>
        )}
        {state.kind === 'dead' && (
          <>
            <h1>This link doesn’t work</h1>
            <p class="muted">
              Verification links work once, for 24 hours, and only the newest one sent. Ask for a new one on
              your security page.
            </p>
          </>
        )}
        {state.kind === 'error' && (
          <Alert tone="error" title="Something went wrong">
            {state.message}
          </Alert>
        )}
        {state.kind !== 'working' && (
          <a class="btn btn-primary btn-block" href={next}>
            {app.current ? 'Go to your security page' : 'Sign in'}
          </a>
        )}
      </div>
    </AuthLayout>
  );
}
