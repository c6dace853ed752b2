import { useState } from 'preact/hooks';
import { Alert, Spinner, StatusLine } from '../components/alert.js';
import { AuthLayout } from '../components/auth-layout.js';
import { api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { useLoad, useTitle } from '../lib/hooks.js';
import { sentences, useTranslation } from '../lib/i18n.js';
import { useRoute } from '../lib/router.js';
import { interactionOf, safeRedirect } from './oidc-interaction.js';

interface InteractionDetails {
  clientId: string;
  clientName: string;
  scopes: string[];
}

const SCOPE_TEXT: Record<string, string> = {
  openid: 'web.consent.scopeOpenid',
  email: 'web.consent.scopeEmail',
  profile: 'web.consent.scopeProfile',
  offline_access: 'web.consent.scopeOffline',
};

/** A third-party application asks for access: the user allows or refuses (OpenID Connect consent). */
export function ConsentPage() {
  const { config } = useApp();
  const { t } = useTranslation();
  const route = useRoute();
  const uid = interactionOf(route.params);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const details = useLoad(
    () =>
      uid
        ? api.get<InteractionDetails>(`/interaction/${encodeURIComponent(uid)}/details`)
        : Promise.reject(new Error(t('web.consent.needsRequest'))),
    [uid],
  );
  useTitle(t('web.consent.title'), config.productName);

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
        <Spinner />
      ) : details.error || !details.data ? (
        <Alert tone="error" title={t('web.consent.cannotContinue')}>
          {sentences(describeError(details.error), t('web.consent.goBack'))}
        </Alert>
      ) : (
        <div class="stack">
          <div>
            <p class="eyebrow">{t('web.consent.title')}</p>
            <h1>{t('web.consent.wants', { name: details.data.clientName })}</h1>
            <p class="muted">{t('web.consent.ableTo', { name: details.data.clientName })}</p>
          </div>
          <ul class="consent-scopes">
            {details.data.scopes.map((scope) => (
              <li key={scope}>
                {SCOPE_TEXT[scope] ? t(SCOPE_TEXT[scope], { product: config.productName }) : scope}
              </li>
            ))}
          </ul>
          <p class="muted">{t('web.consent.revokeAnyTime')}</p>
          <StatusLine error={error} />
          <button
            type="button"
            class="btn btn-primary btn-block"
            disabled={busy}
            onClick={() => void answer(true)}
          >
            {t('web.consent.allow')}
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-block"
            disabled={busy}
            onClick={() => void answer(false)}
          >
            {t('web.consent.deny')}
          </button>
        </div>
      )}
    </AuthLayout>
  );
}
