import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge } from '../../components/alert.js';
import { Field, SelectField } from '../../components/field.js';
import { TableFoot } from '../../components/table-foot.js';
import { api, query } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { eventName, formatShortDateTime, isFailureEvent } from '../../lib/format.js';
import { useCursorList, useLoad, useTitle } from '../../lib/hooks.js';
import { useNavigate, useRoute } from '../../lib/router.js';
import type { AdminUser, AuditEvent } from '../../lib/types.js';

/** Who acted, as the table shows it: the user themself, another user, an API key, or the system. */
function actorLabel(event: AuditEvent): string {
  if (!event.actorId) return 'System';
  if (event.actorId === event.userId) return 'Self';
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
  const [type, setType] = useState(params.get('type') ?? '');
  const [userId, setUserId] = useState(params.get('userId') ?? '');
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const [open, setOpen] = useState<string | null>(null);
  const users = useLoad(() =>
    api.get<{ users: AdminUser[] }>('/api/admin/users?limit=200').then((r) => r.users),
  );
  const types = useLoad(() => api.get<{ types: string[] }>('/api/admin/audit/types').then((r) => r.types));
  useTitle('Audit log', app.config.productName);

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
    .map((t) => ({ value: t, label: eventName(t) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const userOptions = [...(users.data ?? [])];
  if (userId && !userOptions.some((u) => u.id === userId)) {
    const seen = events.find((e) => e.userId === userId);
    userOptions.unshift({ id: userId, email: seen?.userEmail ?? userId } as AdminUser);
  }

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>Audit log</h1>
          <p class="muted">Every security event, newest first: who did what, to whom, from where.</p>
        </div>
        <div class="page-head-actions">
          <a
            class="btn btn-secondary"
            href={`/api/admin/audit/export${query({ ...filters, format: 'csv' })}`}
            download
          >
            Export CSV
          </a>
          <a
            class="btn btn-secondary"
            href={`/api/admin/audit/export${query({ ...filters, format: 'jsonl' })}`}
            download
          >
            Export JSON Lines
          </a>
        </div>
      </div>
      <section class="card">
        <form class="toolbar" aria-label="Filter events" onSubmit={(event) => event.preventDefault()}>
          <SelectField label="Event type" name="type" value={type} onValue={setType}>
            <option value="">All events</option>
            {typeOptions.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="User" name="userId" value={userId} onValue={setUserId}>
            <option value="">Any user</option>
            {userOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </SelectField>
          <Field label="From" name="from" type="date" value={from} onValue={setFrom} />
          <Field label="To" name="to" type="date" value={to} onValue={setTo} />
        </form>
        {error && (
          <div class="card-pad-x">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
        <div class="table-wrap">
          <table class="table table-responsive audit-table">
            <caption class="visually-hidden">Audit events</caption>
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
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">User</th>
                <th scope="col">Actor</th>
                <th scope="col">IP</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            {events.map((event) => {
              const expanded = open === event.id;
              const user = event.userEmail ?? event.userId ?? '—';
              const actor = actorLabel(event);
              return (
                <tbody key={event.id} class="audit-event">
                  <tr class={expanded ? 'is-open' : undefined}>
                    <td data-label="Time" class="truncate">
                      <button
                        type="button"
                        class="audit-toggle"
                        aria-expanded={expanded}
                        aria-controls={`audit-${event.id}`}
                        title={expanded ? 'Hide details' : 'Show details'}
                        onClick={() => setOpen(expanded ? null : event.id)}
                      >
                        <span class="audit-caret" aria-hidden="true" />
                        <time dateTime={event.at} title={event.at}>
                          {formatShortDateTime(event.at)}
                        </time>
                      </button>
                    </td>
                    <td data-label="Event" class="truncate" title={event.type}>
                      {isFailureEvent(event.type) ? (
                        <Badge tone="bad">{eventName(event.type)}</Badge>
                      ) : (
                        <span class="cell-strong-inline">{eventName(event.type)}</span>
                      )}
                    </td>
                    <td data-label="User" class="truncate" title={user}>
                      {user}
                    </td>
                    <td data-label="Actor" class="truncate" title={event.actorId ?? 'System'}>
                      {actor}
                    </td>
                    <td data-label="IP" class="mono truncate" title={event.ip ?? ''}>
                      {event.ip ?? '—'}
                    </td>
                    <td data-label="Details" class="truncate muted" title={event.summary}>
                      {event.summary || '—'}
                    </td>
                  </tr>
                  {expanded && (
                    <tr class="audit-detail" id={`audit-${event.id}`}>
                      <td colSpan={6}>
                        <dl class="audit-meta">
                          <dt>Event</dt>
                          <dd class="mono">{event.type}</dd>
                          <dt>At</dt>
                          <dd class="mono">{event.at}</dd>
                          {event.userId && (
                            <>
                              <dt>User id</dt>
                              <dd class="mono">{event.userId}</dd>
                            </>
                          )}
                          {event.actorId && (
                            <>
                              <dt>Actor</dt>
                              <dd class="mono">
                                {event.actorEmail ? `${event.actorEmail} (${event.actorId})` : event.actorId}
                              </dd>
                            </>
                          )}
                          {event.userAgent && (
                            <>
                              <dt>Browser</dt>
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
          {events.length === 0 && !loading && <p class="empty">No events match.</p>}
        </div>
        <TableFoot
          loading={loading}
          count={events.length}
          noun="event"
          cursor={cursor}
          onLoadMore={loadMore}
        />
      </section>
    </div>
  );
}
