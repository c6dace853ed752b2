import { useState } from 'preact/hooks';
import { Spinner, StatusLine } from '../components/alert.js';
import { api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { formatDate } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';

interface Grant {
  clientId: string;
  name: string;
  scopes: string[];
  createdAt: string;
}

/** The applications the user let sign them in through Twofold, with "Revoke access". */
export function ConnectedApps({ onChanged }: { onChanged?: () => void }) {
  const { notify } = useApp();
  const { t } = useTranslation();
  const grants = useLoad(() => api.get<{ grants: Grant[] }>('/api/oidc/grants'));
  const [error, setError] = useState<string | null>(null);
  const revoke = async (grant: Grant) => {
    setError(null);
    try {
      await api.delete(`/api/oidc/grants/${encodeURIComponent(grant.clientId)}`);
      notify(t('web.connectedApps.revoked', { name: grant.name }));
      grants.reload();
      onChanged?.();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  const list = grants.data?.grants ?? [];
  return (
    <section class="card" aria-labelledby="connected-apps-title">
      <div class="card-head">
        <h2 id="connected-apps-title">{t('web.connectedApps.title')}</h2>
      </div>
      {grants.loading && !grants.data ? (
        <div class="card-pad">
          <Spinner />
        </div>
      ) : list.length === 0 ? (
        <p class="empty">{t('web.connectedApps.none')}</p>
      ) : (
        <ul class="app-list">
          {list.map((grant) => (
            <li key={grant.clientId} class="card-pad">
              <p>
                <strong>{grant.name}</strong>
              </p>
              <p class="muted">
                {t('web.connectedApps.since', { date: formatDate(grant.createdAt) })} ·{' '}
                {grant.scopes.join(', ')}
              </p>
              <button type="button" class="btn btn-secondary btn-small" onClick={() => void revoke(grant)}>
                {t('web.connectedApps.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="card-pad">
        <StatusLine error={error} />
      </div>
    </section>
  );
}
