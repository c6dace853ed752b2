import { useState } from 'preact/hooks';
import { Alert, Badge, Spinner, StatusLine } from '../../components/alert.js';
import { ConfirmDialog, Modal } from '../../components/dialog.js';
import { Field, SelectField } from '../../components/field.js';
import { Icon } from '../../components/icons.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import type { ResponseOf } from '../../lib/types.js';
import { orgName, useOrgs } from './use-orgs.js';

type ApiKeys = ResponseOf<'/api/admin/api-keys', 'get'>;
/** A verify API key as listed (the key itself is shown once, at creation). */
type ApiKeyView = ApiKeys['apiKeys'][number];
type CreatedApiKey = ResponseOf<'/api/admin/api-keys', 'post'>;

type Webhooks = ResponseOf<'/api/admin/webhooks', 'get'>;
type WebhookView = Webhooks['webhooks'][number];
/** A webhook with its signing secret, shown once at creation. */
type CreatedWebhook = ResponseOf<'/api/admin/webhooks', 'post'>;
type WebhookDeliveries = ResponseOf<'/api/admin/webhooks/{id}/deliveries', 'get'>;

/** `/admin/api-keys` (system admins): keys of the verify API, and webhooks with their delivery history. */
export function ApiKeysPage() {
  const app = useApp();
  useTitle('API keys', app.config.productName);
  const orgs = useOrgs();
  const keys = useLoad(() => api.get<ApiKeys>('/api/admin/api-keys'));
  const hooks = useLoad(() => api.get<Webhooks>('/api/admin/webhooks'));
  const [shown, setShown] = useState<{ title: string; label: string; value: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [deleting, setDeleting] = useState<WebhookView | null>(null);
  const [history, setHistory] = useState<WebhookView | null>(null);

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>API keys</h1>
          <p class="muted">
            Applications that keep their own passwords call the verify API (<code>/api/v1</code>) with a key,
            and hear about security events through signed webhooks.
          </p>
        </div>
      </div>

      <CreateKeyForm
        orgs={orgs.data ?? []}
        onCreated={(created) => {
          keys.reload();
          setShown({ title: `Key for ${created.name}`, label: 'API key', value: created.key });
        }}
      />
      <section class="card" aria-labelledby="keys-title">
        <div class="card-head">
          <h2 id="keys-title">Keys</h2>
        </div>
        {keys.loading && !keys.data ? (
          <div class="card-pad">
            <Spinner />
          </div>
        ) : keys.error ? (
          <div class="card-pad">
            <Alert tone="error">{describeError(keys.error)}</Alert>
          </div>
        ) : !keys.data?.apiKeys.length ? (
          <p class="empty">No API keys yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table table-responsive">
              <caption class="visually-hidden">API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Organization</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.apiKeys.map((key) => (
                  <tr key={key.id}>
                    <td data-label="Name">
                      <span class="cell-strong">{key.name}</span>
                      <span class="cell-sub">Created {formatDateTime(key.createdAt)}</span>
                    </td>
                    <td data-label="Key">
                      <code class="mono">{key.keyPrefix}…</code>
                    </td>
                    <td data-label="Organization">{key.orgId ? orgName(orgs.data, key.orgId) : 'All'}</td>
                    <td data-label="Last used">
                      {key.lastUsedAt ? formatRelative(key.lastUsedAt) : 'Never'}
                    </td>
                    <td data-label="Status">
                      {key.revokedAt ? <Badge tone="bad">Revoked</Badge> : <Badge tone="good">Active</Badge>}
                    </td>
                    <td class="row-actions">
                      {!key.revokedAt && (
                        <button
                          type="button"
                          class="btn btn-secondary btn-small"
                          onClick={() => setRevoking(key)}
                        >
                          <Icon name="trash" size={14} /> Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <CreateWebhookForm
        onCreated={(created) => {
          hooks.reload();
          setShown({ title: 'Webhook signing secret', label: 'Signing secret', value: created.secret });
        }}
      />
      <section class="card" aria-labelledby="hooks-title">
        <div class="card-head">
          <h2 id="hooks-title">Webhooks</h2>
        </div>
        {hooks.loading && !hooks.data ? (
          <div class="card-pad">
            <Spinner />
          </div>
        ) : hooks.error ? (
          <div class="card-pad">
            <Alert tone="error">{describeError(hooks.error)}</Alert>
          </div>
        ) : !hooks.data?.webhooks.length ? (
          <p class="empty">No webhooks yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="table table-responsive">
              <caption class="visually-hidden">Webhooks</caption>
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hooks.data.webhooks.map((hook) => (
                  <tr key={hook.id}>
                    <td data-label="URL">
                      <span class="cell-strong mono">{hook.url}</span>
                      <span class="cell-sub">Added {formatDateTime(hook.createdAt)}</span>
                    </td>
                    <td data-label="Events">
                      {hook.events.length >= ALL_EVENTS ? 'All events' : hook.events.join(', ')}
                    </td>
                    <td class="row-actions">
                      <button
                        type="button"
                        class="btn btn-secondary btn-small"
                        onClick={() => setHistory(hook)}
                      >
                        <Icon name="list" size={14} /> Deliveries
                      </button>
                      <button
                        type="button"
                        class="btn btn-secondary btn-small"
                        onClick={() => setDeleting(hook)}
                      >
                        <Icon name="trash" size={14} /> Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Modal open={!!shown} title={shown?.title ?? ''} onClose={() => setShown(null)} size="medium">
        <div class="modal-body stack">
          <Alert tone="warning">Copy it now: it is shown this once and cannot be read again.</Alert>
          <Field label={shown?.label ?? ''} value={shown?.value ?? ''} readOnly class="mono" data-autofocus />
        </div>
        <div class="modal-actions">
          <button type="button" class="btn btn-primary" onClick={() => setShown(null)}>
            Done
          </button>
        </div>
      </Modal>
      <ConfirmDialog
        open={!!revoking}
        title="Revoke API key"
        confirmLabel="Revoke key"
        danger
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          await api.delete(`/api/admin/api-keys/${encodeURIComponent(revoking!.id)}`);
          app.notify(`${revoking!.name} revoked`);
          keys.reload();
        }}
      >
        <p>
          <strong>{revoking?.name}</strong> stops working immediately. Applications using it can no longer
          verify codes.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={!!deleting}
        title="Delete webhook"
        confirmLabel="Delete webhook"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await api.delete(`/api/admin/webhooks/${encodeURIComponent(deleting!.id)}`);
          app.notify('Webhook deleted');
          hooks.reload();
        }}
      >
        <p>
          <span class="mono">{deleting?.url}</span> receives no further events; undelivered ones are dropped.
        </p>
      </ConfirmDialog>
      <Modal open={!!history} title="Deliveries" onClose={() => setHistory(null)} size="medium">
        {history && <DeliveryHistory webhook={history} />}
      </Modal>
    </div>
  );
}

function CreateKeyForm({
  orgs,
  onCreated,
}: {
  orgs: { id: string; name: string }[];
  onCreated: (created: CreatedApiKey) => void;
}) {
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="card card-pad inline-form"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if (!name.trim()) return setError('Enter a name.');
        setBusy(true);
        setError(undefined);
        try {
          const created = await api.post<CreatedApiKey>('/api/admin/api-keys', {
            name: name.trim(),
            ...(orgId ? { orgId } : {}),
          });
          setName('');
          onCreated(created);
        } catch (caught) {
          setError(
            caught instanceof ApiError && caught.code === 'invalid_request'
              ? (fieldError(caught.fieldErrors, 'name') ?? caught.message)
              : describeError(caught),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <Field
        label="New key name"
        hint="Audited as the actor of the key's calls."
        name="name"
        value={name}
        onValue={setName}
        error={error}
      />
      <SelectField label="Limited to" name="orgId" value={orgId} onValue={setOrgId}>
        <option value="">All users</option>
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </SelectField>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? 'Creating…' : 'Create key'}
      </button>
    </form>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (created: CreatedWebhook) => void }) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="card card-pad inline-form"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          const created = await api.post<CreatedWebhook>('/api/admin/webhooks', {
            url: url.trim(),
          });
          setUrl('');
          onCreated(created);
        } catch (caught) {
          setError(
            caught instanceof ApiError && caught.code === 'invalid_request'
              ? (fieldError(caught.fieldErrors, 'url') ?? caught.message)
              : describeError(caught),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <Field
        label="New webhook URL"
        hint="Receives every security event as signed JSON (X-Twofold-Signature)."
        name="url"
        type="url"
        placeholder="https://app.example.com/hooks/twofold"
        value={url}
        onValue={setUrl}
        error={error}
      />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? 'Adding…' : 'Add webhook'}
      </button>
    </form>
  );
}

/** How many event types there are (a webhook subscribed to all of them shows "All events"). */
const ALL_EVENTS = 7;

const STATUS_TONE = { delivered: 'good', pending: 'warn', failed: 'bad' } as const;

function DeliveryHistory({ webhook }: { webhook: WebhookView }) {
  const list = useLoad(() =>
    api.get<WebhookDeliveries>(`/api/admin/webhooks/${encodeURIComponent(webhook.id)}/deliveries`),
  );
  return (
    <div class="modal-body stack">
      <p class="muted mono">{webhook.url}</p>
      {list.loading && !list.data ? (
        <Spinner />
      ) : list.error ? (
        <StatusLine error={describeError(list.error)} />
      ) : !list.data?.deliveries.length ? (
        <p class="empty">Nothing sent yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">Deliveries</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last attempt</th>
              </tr>
            </thead>
            <tbody>
              {list.data.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <span class="cell-strong">{d.eventType}</span>
                    <span class="cell-sub mono">{d.eventId}</span>
                  </td>
                  <td>
                    <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
                    {d.lastError && <span class="cell-sub">{d.lastError}</span>}
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : '—'}
                    {d.nextAttemptAt && <span class="cell-sub">Next: {formatDateTime(d.nextAttemptAt)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="button-row">
        <button type="button" class="btn btn-secondary btn-small" onClick={() => list.reload()}>
          <Icon name="refresh" size={14} /> Refresh
        </button>
      </div>
    </div>
  );
}
