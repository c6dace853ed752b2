import { useState } from 'preact/hooks';
import { Alert, Badge, Spinner, StatusLine } from '../../components/alert.js';
import { CheckField, Field } from '../../components/field.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { formatDate } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';

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
  const list = useLoad(() => api.get<{ clients: Application[] }>('/api/admin/clients'));
  const [secret, setSecret] = useState<{ name: string; clientId: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTitle('Applications', app.config.productName);

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
    if (!window.confirm(`Delete ${client.name}? Its users are signed out of it and its tokens stop working.`))
      return;
    setError(null);
    try {
      await api.delete(`/api/admin/clients/${encodeURIComponent(client.clientId)}`);
      app.notify(`${client.name} deleted`);
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
          <h1>Applications</h1>
          <p class="muted">
            Applications that sign their users in through {app.config.productName} (OpenID Connect). Issuer:{' '}
            <code>{issuer}</code>
          </p>
        </div>
      </div>
      {secret && (
        <Alert
          tone="success"
          title={`Client secret of ${secret.name} — copy it now, it is shown only once`}
          actions={
            <button type="button" class="btn btn-secondary btn-small" onClick={() => setSecret(null)}>
              I have saved it
            </button>
          }
        >
          <p>
            Client ID: <code class="mono">{secret.clientId}</code>
          </p>
          <p>
            Client secret: <code class="mono">{secret.secret}</code>
          </p>
        </Alert>
      )}
      <CreateApplicationForm
        onCreated={(created, clientSecret) => {
          if (clientSecret)
            setSecret({ name: created.name, clientId: created.clientId, secret: clientSecret });
          else app.notify(`${created.name} registered`);
          list.reload();
        }}
      />
      <StatusLine error={error} />
      <section class="card" aria-labelledby="apps-title">
        <div class="card-head">
          <h2 id="apps-title">Registered applications</h2>
        </div>
        {list.loading && !list.data ? (
          <div class="card-pad">
            <Spinner />
          </div>
        ) : list.error ? (
          <div class="card-pad">
            <Alert tone="error">{describeError(list.error)}</Alert>
          </div>
        ) : (list.data?.clients.length ?? 0) === 0 ? (
          <p class="empty">No applications yet.</p>
        ) : (
          <ul class="app-list">
            {list.data!.clients.map((client) => (
              <li key={client.clientId} class="card-pad stack">
                <div>
                  <h3>{client.name}</h3>
                  <p class="muted">
                    <code class="mono">{client.clientId}</code> · created {formatDate(client.createdAt)} ·{' '}
                    {client.signIns30d ?? 0} sign-ins in the last 30 days
                  </p>
                  <p>
                    <Badge tone="neutral">{client.type}</Badge>{' '}
                    <Badge tone={client.firstParty ? 'brand' : 'neutral'}>
                      {client.firstParty ? 'first-party' : 'third-party (consent)'}
                    </Badge>{' '}
                    {client.requireMfa && <Badge tone="good">2FA required</Badge>}
                  </p>
                  <p class="muted">Redirect URIs: {client.redirectUris.join(', ')}</p>
                </div>
                <CheckField
                  label="Require 2FA for this application"
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
                      Rotate secret
                    </button>
                  )}
                  <button type="button" class="btn btn-ghost btn-small" onClick={() => void remove(client)}>
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function CreateApplicationForm({
  onCreated,
}: {
  onCreated: (client: Application, clientSecret: string | undefined) => void;
}) {
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
      <h2 id="new-app-title">Register an application</h2>
      <Field label="Name" name="name" value={name} onValue={setName} error={errors.name || undefined} />
      <div class={`field${errors.redirectUris ? ' has-error' : ''}`}>
        <label for="app-redirects">Redirect URIs (one per line, matched exactly)</label>
        <textarea
          id="app-redirects"
          rows={2}
          value={redirects}
          onInput={(e) => setRedirects((e.target as HTMLTextAreaElement).value)}
        />
        {errors.redirectUris && <p class="field-error">{errors.redirectUris}</p>}
      </div>
      <div class="field">
        <label for="app-logout-redirects">Post-logout redirect URIs (optional, one per line)</label>
        <textarea
          id="app-logout-redirects"
          rows={2}
          value={logoutRedirects}
          onInput={(e) => setLogoutRedirects((e.target as HTMLTextAreaElement).value)}
        />
      </div>
      <CheckField
        label="Confidential (a server-side application that keeps a client secret)"
        checked={confidential}
        onChecked={setConfidential}
      />
      <CheckField label="First-party (no consent screen)" checked={firstParty} onChecked={setFirstParty} />
      <CheckField label="Require 2FA for this application" checked={requireMfa} onChecked={setRequireMfa} />
      <StatusLine error={error} />
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Registering…' : 'Register application'}
        </button>
      </div>
    </form>
  );
}
