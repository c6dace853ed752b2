import { useState } from 'preact/hooks';
import { Alert, Spinner, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useLoad, useTitle } from '../lib/hooks.js';
import { useRoute } from '../lib/router.js';
import { interactionOf, safeRedirect } from './oidc-interaction.js';

interface InteractionDetails {
  clientId: string;
  clientName: string;
  scopes: string[];
}

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Know who you are (your Twofold account)',
  email: 'See your email address',
  profile: 'See your name',
  offline_access: 'Stay connected while you are away (keep access until you revoke it)',
};

/** A third-party application asks for access: the user allows or refuses (OpenID Connect consent). */
export function ConsentPage() {
  const { config } = useApp();
  const route = useRoute();
  const uid = interactionOf(route.params);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const details = useLoad(
    () =>
      uid
        ? api.get<InteractionDetails>(`/interaction/${encodeURIComponent(uid)}/details`)
        : Promise.reject(new Error('This page needs a sign-in request.')),
    [uid],
  );
  useTitle('Allow access', config.productName);

  const answer = async (approve: boolean) => {
    if (!uid) return;
    setBusy(true);
    setError(null);
    try {
      const { redirectTo } = await api.post<{ redirectTo: string }>(
        `/interaction/${encodeURIComponent(uid)}/consent`,
        { approve },
      );
      window.location.assign(safeRedirect(redirectTo));
    } catch (caught) {
      setBusy(false);
      setError(describeError(caught));
    }
  };

  return (
    <AuthLayout>
      {details.loading && !details.data ? (
        <Spinner label="Loading" />
      ) : details.error || !details.data ? (
        <Alert tone="error" title="This request cannot continue">
          {describeError(details.error)} Go back to the application and start again.
        </Alert>
      ) : (
        <div class="stack">
          <div>
            <p class="eyebrow">Allow access</p>
            <h1>{details.data.clientName} wants to use your account</h1>
            <p class="muted">If you allow it, {details.data.clientName} will be able to:</p>
          </div>
          <ul class="consent-scopes">
            {details.data.scopes.map((scope) => (
              <li key={scope}>{SCOPE_TEXT[scope] ?? scope}</li>
            ))}
          </ul>
          <p class="muted">You can revoke access at any time on your security page.</p>
          <StatusLine error={error} />
          <button
            type="button"
            class="btn btn-primary btn-block"
            disabled={busy}
            onClick={() => void answer(true)}
          >
            Allow
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-block"
            disabled={busy}
            onClick={() => void answer(false)}
          >
            Deny
          </button>
        </div>
      )}
    </AuthLayout>
  );
}
