import { useState } from 'preact/hooks';
import { Alert, Badge, StatusLine } from '../../components/alert.js';
import { CheckField, Field } from '../../components/field.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { formatDate } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import { useTranslation } from '../../lib/i18n.js';
import { ListState } from './list-state.js';

interface Application {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  type: 'confidential' | 'public';
  firstParty: boolean;
  requireMfa: boolean;
  createdAt: string;
  signIns30d?: number;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** `/admin/applications`: applications that sign their users in through Twofold (OpenID Connect). */
export function ApplicationsPage() {
  const app = useApp();
  const { t } = useTranslation();
  const list = useLoad(() => api.get<{ clients: Application[] }>('/api/admin/clients'));
  const [secret, setSecret] = useState<{ name: string; clientId: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTitle(t('web.admin.nav.applications'), app.config.productName);

  const rotate = async (client: Application) => {
    setError(null);
    try {
      const { clientSecret } = await api.post<{ clientSecret: string }>(
        `/api/admin/clients/${encodeURIComponent(client.clientId)}/secret`,
      );
      setSecret({ name: client.name, clientId: client.clientId, secret: clientSecret });
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  const update = async (client: Application, changes: Partial<Application>) => {
    setError(null);
    try {
      await api.put(`/api/admin/clients/${encodeURIComponent(client.clientId)}`, changes);
      list.reload();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  const remove = async (client: Application) => {
    if (!window.confirm(t('web.admin.apps.confirmDelete', { name: client.name }))) return;
    setError(null);
    try {
      await api.delete(`/api/admin/clients/${encodeURIComponent(client.clientId)}`);
      app.notify(t('web.admin.common.deleted', { name: client.name }));
      list.reload();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  const issuer = `${window.location.origin}/oidc`;
  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.nav.applications')}</h1>
          <p class="muted">
            {t('web.admin.apps.subtitle', { product: app.config.productName })} <code>{issuer}</code>
          </p>
        </div>
      </div>
      {secret && (
        <Alert
          tone="success"
          title={t('web.admin.apps.secretTitle', { name: secret.name })}
          actions={
            <button type="button" class="btn btn-secondary btn-small" onClick={() => setSecret(null)}>
              {t('web.admin.common.savedIt')}
            </button>
          }
        >
          <p>
            {t('web.admin.apps.clientId')} <code class="mono">{secret.clientId}</code>
          </p>
          <p>
            {t('web.admin.apps.clientSecret')} <code class="mono">{secret.secret}</code>
          </p>
        </Alert>
      )}
      <CreateApplicationForm
        onCreated={(created, clientSecret) => {
          if (clientSecret)
            setSecret({ name: created.name, clientId: created.clientId, secret: clientSecret });
          else app.notify(t('web.admin.apps.registered', { name: created.name }));
          list.reload();
        }}
      />
      <StatusLine error={error} />
      <section class="card" aria-labelledby="apps-title">
        <div class="card-head">
          <h2 id="apps-title">{t('web.admin.apps.registeredTitle')}</h2>
        </div>
        <ListState
          state={list}
          isEmpty={(data) => data.clients.length === 0}
          empty={t('web.admin.apps.none')}
        >
          {(data) => (
            <ul class="app-list">
              {data.clients.map((client) => (
                <li key={client.clientId} class="card-pad stack">
                  <div>
                    <h3>{client.name}</h3>
                    <p class="muted">
                      <code class="mono">{client.clientId}</code> ·{' '}
                      {t('web.admin.apps.createdOn', { date: formatDate(client.createdAt) })} ·{' '}
                      {t('web.admin.apps.signIns', { count: client.signIns30d ?? 0 })}
                    </p>
                    <p>
                      <Badge tone="neutral">
                        {client.type === 'confidential'
                          ? t('web.admin.apps.confidential')
                          : t('web.admin.apps.public')}
                      </Badge>{' '}
                      <Badge tone={client.firstParty ? 'brand' : 'neutral'}>
                        {client.firstParty
                          ? t('web.admin.apps.firstPartyBadge')
                          : t('web.admin.apps.thirdPartyBadge')}
                      </Badge>{' '}
                      {client.requireMfa && <Badge tone="good">{t('web.admin.apps.mfaRequired')}</Badge>}
                    </p>
                    <p class="muted">
                      {t('web.admin.apps.redirectList', { uris: client.redirectUris.join(', ') })}
                    </p>
                  </div>
                  <CheckField
                    label={t('web.admin.apps.requireMfa')}
                    checked={client.requireMfa}
                    onChecked={(checked) => void update(client, { requireMfa: checked })}
                    switchStyle
                  />
                  <div class="link-row">
                    {client.type === 'confidential' && (
                      <button
                        type="button"
                        class="btn btn-secondary btn-small"
                        onClick={() => void rotate(client)}
                      >
                        {t('web.admin.apps.rotate')}
                      </button>
                    )}
                    <button type="button" class="btn btn-ghost btn-small" onClick={() => void remove(client)}>
                      {t('web.admin.common.delete')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </ListState>
      </section>
    </div>
  );
}

function CreateApplicationForm({
  onCreated,
}: {
  onCreated: (client: Application, clientSecret: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [redirects, setRedirects] = useState('');
  const [logoutRedirects, setLogoutRedirects] = useState('');
  const [confidential, setConfidential] = useState(true);
  const [firstParty, setFirstParty] = useState(false);
  const [requireMfa, setRequireMfa] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      const created = await api.post<Application & { clientSecret?: string }>('/api/admin/clients', {
        name: name.trim(),
        redirectUris: lines(redirects),
        postLogoutRedirectUris: lines(logoutRedirects),
        type: confidential ? 'confidential' : 'public',
        firstParty,
        requireMfa,
      });
      setName('');
      setRedirects('');
      setLogoutRedirects('');
      onCreated(created, created.clientSecret);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        const fields = caught.fieldErrors;
        setErrors({
          name: fieldError(fields, 'name') ?? '',
          redirectUris: fieldError(fields, 'redirectUris') ?? '',
        });
      }
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card card-pad stack" aria-labelledby="new-app-title" noValidate onSubmit={submit}>
      <h2 id="new-app-title">{t('web.admin.apps.registerTitle')}</h2>
      <Field
        label={t('web.admin.profiles.name')}
        name="name"
        value={name}
        onValue={setName}
        error={errors.name || undefined}
      />
      <div class={`field${errors.redirectUris ? ' has-error' : ''}`}>
        <label for="app-redirects">{t('web.admin.apps.redirects')}</label>
        <textarea
          id="app-redirects"
          rows={2}
          value={redirects}
          onInput={(e) => setRedirects((e.target as HTMLTextAreaElement).value)}
        />
        {errors.redirectUris && <p class="field-error">{errors.redirectUris}</p>}
      </div>
      <div class="field">
        <label for="app-logout-redirects">{t('web.admin.apps.logoutRedirects')}</label>
        <textarea
          id="app-logout-redirects"
          rows={2}
          value={logoutRedirects}
          onInput={(e) => setLogoutRedirects((e.target as HTMLTextAreaElement).value)}
        />
      </div>
      <CheckField
        label={t('web.admin.apps.confidentialLabel')}
        checked={confidential}
        onChecked={setConfidential}
      />
      <CheckField label={t('web.admin.apps.firstParty')} checked={firstParty} onChecked={setFirstParty} />
      <CheckField label={t('web.admin.apps.requireMfa')} checked={requireMfa} onChecked={setRequireMfa} />
      <StatusLine error={error} />
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('web.admin.apps.registering') : t('web.admin.apps.register')}
        </button>
      </div>
    </form>
  );
}
