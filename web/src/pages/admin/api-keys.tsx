import { useState } from 'preact/hooks';
import { Alert, Badge, Spinner, StatusLine } from '../../components/alert.js';
import { ConfirmDialog, Modal } from '../../components/dialog.js';
import { Field, SelectField } from '../../components/field.js';
import { Icon } from '../../components/icons.js';
import { api, describeError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import { useTranslation } from '../../lib/i18n.js';
import type { ResponseOf } from '../../lib/types.js';
import { ListState } from './list-state.js';
import { useFieldSubmit } from './use-field-submit.js';
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
  const { t } = useTranslation();
  useTitle(t('web.admin.nav.apiKeys'), app.config.productName);
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
          <h1>{t('web.admin.nav.apiKeys')}</h1>
          <p class="muted">
            {t('web.admin.keys.subtitleBefore')}
            <code>/api/v1</code>
            {t('web.admin.keys.subtitleAfter')}
          </p>
        </div>
      </div>

      <CreateKeyForm
        orgs={orgs.data ?? []}
        onCreated={(created) => {
          keys.reload();
          setShown({
            title: t('web.admin.keys.keyFor', { name: created.name }),
            label: t('web.admin.keys.apiKey'),
            value: created.key,
          });
        }}
      />
      <section class="card" aria-labelledby="keys-title">
        <div class="card-head">
          <h2 id="keys-title">{t('web.admin.keys.keys')}</h2>
        </div>
        <ListState state={keys} isEmpty={(data) => !data.apiKeys.length} empty={t('web.admin.keys.none')}>
          {(data) => (
            <div class="table-wrap">
              <table class="table table-responsive">
                <caption class="visually-hidden">{t('web.admin.nav.apiKeys')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('web.admin.profiles.name')}</th>
                    <th scope="col">{t('web.admin.keys.key')}</th>
                    <th scope="col">{t('web.admin.users.org')}</th>
                    <th scope="col">{t('web.admin.keys.lastUsed')}</th>
                    <th scope="col">{t('web.admin.users.status')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('web.admin.common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.apiKeys.map((key) => (
                    <tr key={key.id}>
                      <td data-label={t('web.admin.profiles.name')}>
                        <span class="cell-strong">{key.name}</span>
                        <span class="cell-sub">
                          {t('web.admin.keys.createdAt', { time: formatDateTime(key.createdAt) })}
                        </span>
                      </td>
                      <td data-label={t('web.admin.keys.key')}>
                        <code class="mono">{key.keyPrefix}…</code>
                      </td>
                      <td data-label={t('web.admin.users.org')}>
                        {key.orgId ? orgName(orgs.data, key.orgId) : t('web.admin.keys.allOrgs')}
                      </td>
                      <td data-label={t('web.admin.keys.lastUsed')}>
                        {key.lastUsedAt ? formatRelative(key.lastUsedAt) : t('web.admin.keys.never')}
                      </td>
                      <td data-label={t('web.admin.users.status')}>
                        {key.revokedAt ? (
                          <Badge tone="bad">{t('web.admin.keys.revoked')}</Badge>
                        ) : (
                          <Badge tone="good">{t('web.admin.keys.active')}</Badge>
                        )}
                      </td>
                      <td class="row-actions">
                        {!key.revokedAt && (
                          <button
                            type="button"
                            class="btn btn-secondary btn-small"
                            onClick={() => setRevoking(key)}
                          >
                            <Icon name="trash" size={14} /> {t('web.admin.keys.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ListState>
      </section>

      <CreateWebhookForm
        onCreated={(created) => {
          hooks.reload();
          setShown({
            title: t('web.admin.keys.signingSecretTitle'),
            label: t('web.admin.keys.signingSecret'),
            value: created.secret,
          });
        }}
      />
      <section class="card" aria-labelledby="hooks-title">
        <div class="card-head">
          <h2 id="hooks-title">{t('web.admin.keys.webhooks')}</h2>
        </div>
        <ListState
          state={hooks}
          isEmpty={(data) => !data.webhooks.length}
          empty={t('web.admin.keys.noWebhooks')}
        >
          {(data) => (
            <div class="table-wrap">
              <table class="table table-responsive">
                <caption class="visually-hidden">{t('web.admin.keys.webhooks')}</caption>
                <thead>
                  <tr>
                    <th scope="col">URL</th>
                    <th scope="col">{t('web.admin.keys.events')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('web.admin.common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.webhooks.map((hook) => (
                    <tr key={hook.id}>
                      <td data-label="URL">
                        <span class="cell-strong mono">{hook.url}</span>
                        <span class="cell-sub">
                          {t('web.admin.keys.addedAt', { time: formatDateTime(hook.createdAt) })}
                        </span>
                      </td>
                      <td data-label={t('web.admin.keys.events')}>
                        {hook.events.length >= ALL_EVENTS
                          ? t('web.admin.audit.allEvents')
                          : hook.events.join(', ')}
                      </td>
                      <td class="row-actions">
                        <button
                          type="button"
                          class="btn btn-secondary btn-small"
                          onClick={() => setHistory(hook)}
                        >
                          <Icon name="list" size={14} /> {t('web.admin.keys.deliveries')}
                        </button>
                        <button
                          type="button"
                          class="btn btn-secondary btn-small"
                          onClick={() => setDeleting(hook)}
                        >
                          <Icon name="trash" size={14} /> {t('web.admin.common.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ListState>
      </section>

      <Modal open={!!shown} title={shown?.title ?? ''} onClose={() => setShown(null)} size="medium">
        <div class="modal-body stack">
          <Alert tone="warning">{t('web.admin.keys.copyNow')}</Alert>
          <Field label={shown?.label ?? ''} value={shown?.value ?? ''} readOnly class="mono" data-autofocus />
        </div>
        <div class="modal-actions">
          <button type="button" class="btn btn-primary" onClick={() => setShown(null)}>
            {t('web.admin.keys.done')}
          </button>
        </div>
      </Modal>
      <ConfirmDialog
        open={!!revoking}
        title={t('web.admin.keys.revokeTitle')}
        confirmLabel={t('web.admin.keys.revokeKey')}
        danger
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          await api.delete(`/api/admin/api-keys/${encodeURIComponent(revoking!.id)}`);
          app.notify(t('web.admin.keys.revokedNotice', { name: revoking!.name }));
          keys.reload();
        }}
      >
        <p>
          <strong>{revoking?.name}</strong>
          {t('web.admin.keys.revokeText')}
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={!!deleting}
        title={t('web.admin.keys.deleteWebhook')}
        confirmLabel={t('web.admin.keys.deleteWebhook')}
        danger
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await api.delete(`/api/admin/webhooks/${encodeURIComponent(deleting!.id)}`);
          app.notify(t('web.admin.keys.webhookDeleted'));
          hooks.reload();
        }}
      >
        <p>
          <span class="mono">{deleting?.url}</span>
          {t('web.admin.keys.deleteWebhookText')}
        </p>
      </ConfirmDialog>
      <Modal
        open={!!history}
        title={t('web.admin.keys.deliveries')}
        onClose={() => setHistory(null)}
        size="medium"
      >
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
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState('');
  const { error, setError, busy, run } = useFieldSubmit('name');
  return (
    <form
      class="card card-pad inline-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) return setError(t('web.admin.common.enterName'));
        void run(async () => {
          const created = await api.post<CreatedApiKey>('/api/admin/api-keys', {
            name: name.trim(),
            ...(orgId ? { orgId } : {}),
          });
          setName('');
          onCreated(created);
        });
      }}
    >
      <Field
        label={t('web.admin.keys.newName')}
        hint={t('web.admin.keys.newNameHint')}
        name="name"
        value={name}
        onValue={setName}
        error={error}
      />
      <SelectField label={t('web.admin.keys.limitedTo')} name="orgId" value={orgId} onValue={setOrgId}>
        <option value="">{t('web.admin.chart.allUsers')}</option>
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </SelectField>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? t('web.admin.users.creating') : t('web.admin.keys.create')}
      </button>
    </form>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (created: CreatedWebhook) => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const { error, busy, run } = useFieldSubmit('url');
  return (
    <form
      class="card card-pad inline-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          const created = await api.post<CreatedWebhook>('/api/admin/webhooks', {
            url: url.trim(),
          });
          setUrl('');
          onCreated(created);
        });
      }}
    >
      <Field
        label={t('web.admin.keys.newWebhook')}
        hint={t('web.admin.keys.newWebhookHint')}
        name="url"
        type="url"
        placeholder="https://app.example.com/hooks/twofold"
        value={url}
        onValue={setUrl}
        error={error}
      />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? t('web.admin.keys.adding') : t('web.admin.keys.addWebhook')}
      </button>
    </form>
  );
}

/** How many event types there are (a webhook subscribed to all of them shows "All events"). */
const ALL_EVENTS = 7;

const STATUS_TONE = { delivered: 'good', pending: 'warn', failed: 'bad' } as const;
/** Catalog keys of the delivery states. */
const STATUS_KEYS = {
  delivered: 'web.admin.keys.delivered',
  pending: 'web.admin.keys.pending',
  failed: 'web.admin.keys.failed',
} as const;

function DeliveryHistory({ webhook }: { webhook: WebhookView }) {
  const { t } = useTranslation();
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
        <p class="empty">{t('web.admin.keys.nothingSent')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{t('web.admin.keys.deliveries')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.admin.audit.event')}</th>
                <th scope="col">{t('web.admin.users.status')}</th>
                <th scope="col">{t('web.admin.keys.attempts')}</th>
                <th scope="col">{t('web.admin.keys.lastAttempt')}</th>
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
                    <Badge tone={STATUS_TONE[d.status]}>{t(STATUS_KEYS[d.status])}</Badge>
                    {d.lastError && <span class="cell-sub">{d.lastError}</span>}
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.lastAttemptAt ? formatDateTime(d.lastAttemptAt) : '—'}
                    {d.nextAttemptAt && (
                      <span class="cell-sub">
                        {t('web.admin.keys.next', { time: formatDateTime(d.nextAttemptAt) })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="button-row">
        <button type="button" class="btn btn-secondary btn-small" onClick={() => list.reload()}>
          <Icon name="refresh" size={14} /> {t('web.admin.keys.refresh')}
        </button>
      </div>
    </div>
  );
}
