import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge } from '../../components/alert.js';
import { EmailText } from '../../components/email-text.js';
import { Field, SelectField } from '../../components/field.js';
import { TableFoot } from '../../components/table-foot.js';
import { api, query } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { eventName, formatShortDateTime, isFailureEvent } from '../../lib/format.js';
import { useCursorList, useLoad, useTitle } from '../../lib/hooks.js';
import { currentLocale, useTranslation } from '../../lib/i18n.js';
import { useNavigate, useRoute } from '../../lib/router.js';
import type { AdminUser, AuditEvent } from '../../lib/types.js';

/** Who acted, as the table shows it: the user themself, another user, an API key, or the system. */
function actorLabel(event: AuditEvent, t: (key: string) => string): string {
  if (!event.actorId) return t('web.admin.audit.system');
  if (event.actorId === event.userId) return t('web.admin.audit.self');
  return event.actorEmail ?? event.actorId;
}

/**
 * `/admin/audit`: the security event log, one line per event (expand a row for the full
 * details), filtered by type, user and dates — the filters live in the URL — and exported
 * as CSV or JSON Lines with the same filters.
 */
export function AuditPage() {
  const app = useApp();
  const { params } = useRoute();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const [type, setType] = useState(params.get('type') ?? '');
  const [userId, setUserId] = useState(params.get('userId') ?? '');
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const [open, setOpen] = useState<string | null>(null);
  const users = useLoad(() =>
    api.get<{ users: AdminUser[] }>('/api/admin/users?limit=200').then((r) => r.users),
  );
  const types = useLoad(() => api.get<{ types: string[] }>('/api/admin/audit/types').then((r) => r.types));
  useTitle(t('web.admin.audit.title'), app.config.productName);

  const filters = { type, userId, from, to };
  const {
    items: events,
    cursor,
    loading,
    error,
    loadMore,
  } = useCursorList<AuditEvent>(
    'events',
    (after) => `/api/admin/audit${query({ ...filters, cursor: after })}`,
    [type, userId, from, to],
  );

  useEffect(() => {
    navigate(`/admin/audit${query(filters)}`, { replace: true });
  }, [type, userId, from, to]);

  const typeOptions = (types.data ?? [])
    .map((code) => ({ value: code, label: eventName(code) }))
    .sort((a, b) => a.label.localeCompare(b.label, currentLocale()));
  const userOptions = [...(users.data ?? [])];
  if (userId && !userOptions.some((u) => u.id === userId)) {
    const seen = events.find((e) => e.userId === userId);
    userOptions.unshift({ id: userId, email: seen?.userEmail ?? userId } as AdminUser);
  }

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.audit.title')}</h1>
          <p class="muted">{t('web.admin.audit.subtitle')}</p>
        </div>
        <div class="page-head-actions">
          <a
            class="btn btn-secondary"
            href={`/api/admin/audit/export${query({ ...filters, format: 'csv' })}`}
            download
          >
            {t('web.admin.audit.exportCsv')}
          </a>
          <a
            class="btn btn-secondary"
            href={`/api/admin/audit/export${query({ ...filters, format: 'jsonl' })}`}
            download
          >
            {t('web.admin.audit.exportJsonl')}
          </a>
        </div>
      </div>
      <section class="card">
        <form
          class="toolbar"
          aria-label={t('web.admin.audit.filter')}
          onSubmit={(event) => event.preventDefault()}
        >
          <SelectField label={t('web.admin.audit.eventType')} name="type" value={type} onValue={setType}>
            <option value="">{t('web.admin.audit.allEvents')}</option>
            {typeOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('web.admin.audit.user')} name="userId" value={userId} onValue={setUserId}>
            <option value="">{t('web.admin.audit.anyUser')}</option>
            {userOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </SelectField>
          <Field label={t('web.admin.audit.from')} name="from" type="date" value={from} onValue={setFrom} />
          <Field label={t('web.admin.audit.to')} name="to" type="date" value={to} onValue={setTo} />
        </form>
        {error && (
          <div class="card-pad-x">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
        <div class="table-wrap">
          <table class="table table-responsive audit-table">
            <caption class="visually-hidden">{t('web.admin.audit.caption')}</caption>
            <colgroup>
              <col class="audit-col-time" />
              <col class="audit-col-event" />
              <col class="audit-col-user" />
              <col class="audit-col-actor" />
              <col class="audit-col-ip" />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{t('web.admin.audit.time')}</th>
                <th scope="col">{t('web.admin.audit.event')}</th>
                <th scope="col">{t('web.admin.audit.user')}</th>
                <th scope="col">{t('web.admin.audit.actor')}</th>
                <th scope="col">{t('web.admin.audit.ip')}</th>
                <th scope="col">{t('web.admin.audit.details')}</th>
              </tr>
            </thead>
            {events.map((event) => {
              const expanded = open === event.id;
              const user = event.userEmail ?? event.userId ?? '—';
              const actor = actorLabel(event, t);
              return (
                <tbody key={event.id} class="audit-event">
                  <tr class={expanded ? 'is-open' : undefined}>
                    <td data-label={t('web.admin.audit.time')} class="truncate">
                      <button
                        type="button"
                        class="audit-toggle"
                        aria-expanded={expanded}
                        aria-controls={`audit-${event.id}`}
                        title={expanded ? t('web.admin.audit.hideDetails') : t('web.admin.audit.showDetails')}
                        onClick={() => setOpen(expanded ? null : event.id)}
                      >
                        <span class="audit-caret" aria-hidden="true" />
                        <time dateTime={event.at} title={event.at}>
                          {formatShortDateTime(event.at)}
                        </time>
                      </button>
                    </td>
                    <td data-label={t('web.admin.audit.event')} class="truncate" title={event.type}>
                      {isFailureEvent(event.type) ? (
                        <Badge tone="bad">{eventName(event.type)}</Badge>
                      ) : (
                        <span class="cell-strong-inline">{eventName(event.type)}</span>
                      )}
                    </td>
                    <td data-label={t('web.admin.audit.user')} class="truncate" title={user}>
                      {event.userEmail ? <EmailText email={event.userEmail} /> : user}
                    </td>
                    <td
                      data-label={t('web.admin.audit.actor')}
                      class="truncate"
                      title={event.actorId ?? t('web.admin.audit.system')}
                    >
                      {actor}
                    </td>
                    <td data-label={t('web.admin.audit.ip')} class="mono truncate" title={event.ip ?? ''}>
                      {event.ip ?? '—'}
                    </td>
                    <td
                      data-label={t('web.admin.audit.details')}
                      class="truncate muted"
                      title={event.summary}
                    >
                      {event.summary || '—'}
                    </td>
                  </tr>
                  {expanded && (
                    <tr class="audit-detail" id={`audit-${event.id}`}>
                      <td colSpan={6}>
                        <dl class="audit-meta">
                          <dt>{t('web.admin.audit.event')}</dt>
                          <dd class="mono">{event.type}</dd>
                          <dt>{t('web.admin.audit.at')}</dt>
                          <dd class="mono">{event.at}</dd>
                          {event.userId && (
                            <>
                              <dt>{t('web.admin.audit.userId')}</dt>
                              <dd class="mono">{event.userId}</dd>
                            </>
                          )}
                          {event.actorId && (
                            <>
                              <dt>{t('web.admin.audit.actor')}</dt>
                              <dd class="mono">
                                {event.actorEmail ? `${event.actorEmail} (${event.actorId})` : event.actorId}
                              </dd>
                            </>
                          )}
                          {event.userAgent && (
                            <>
                              <dt>{t('web.admin.audit.browser')}</dt>
                              <dd>{event.userAgent}</dd>
                            </>
                          )}
                        </dl>
                        <pre class="audit-json">{JSON.stringify(event.details, null, 2)}</pre>
                      </td>
                    </tr>
                  )}
                </tbody>
              );
            })}
          </table>
          {events.length === 0 && !loading && <p class="empty">{t('web.admin.audit.noMatch')}</p>}
        </div>
        <TableFoot
          loading={loading}
          shown={t('web.admin.audit.shown', { count: events.length })}
          cursor={cursor}
          onLoadMore={loadMore}
        />
      </section>
    </div>
  );
}
