import { useMemo, useState } from 'preact/hooks';
import { Alert, Badge } from '../../components/alert.js';
import { Field, SelectField } from '../../components/field.js';
import { TableFoot } from '../../components/table-foot.js';
import { api, query } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { eventName, formatDateTime, isFailureEvent } from '../../lib/format.js';
import { useCursorList, useDebounced, useLoad, useTitle } from '../../lib/hooks.js';
import type { AdminUser, AuditEvent } from '../../lib/types.js';

const KNOWN_TYPES = [
  'sign_up',
  'sign_in_succeeded',
  'sign_in_failed',
  'second_factor_failed',
  'sign_out',
  'reauthenticated',
  'factor_added',
  'factor_removed',
  'preferred_factor_changed',
  'mfa_disabled',
  'backup_code_used',
  'backup_codes_regenerated',
  'backup_codes_expired',
  'account_locked',
  'account_unlocked',
  'mfa_reset',
  'policy_changed',
  'org_policy_changed',
  'user_created',
  'org_created',
  'sign_in_refused',
  'factor_replacement_started',
  'sessions_ended',
];

function summarize(details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** `/admin/audit`: the security event log with filters and "Load more". */
export function AuditPage() {
  const app = useApp();
  const [type, setType] = useState('');
  const [userId, setUserId] = useState('');
  const users = useLoad(() => api.get<{ users: AdminUser[] }>('/api/admin/users').then((r) => r.users));
  useTitle('Audit log', app.config.productName);

  const debouncedType = useDebounced(type.trim(), 300);
  const {
    items: events,
    cursor,
    loading,
    error,
    loadMore,
  } = useCursorList<AuditEvent>(
    'events',
    (after) => `/api/admin/audit${query({ type: debouncedType, userId, cursor: after })}`,
    [debouncedType, userId],
  );

  const emails = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.email])), [users.data]);
  const who = (id: string | null | undefined) => (id ? (emails.get(id) ?? id) : '—');

  const types = Array.from(new Set([...KNOWN_TYPES, ...events.map((e) => e.type)])).sort();

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>Audit log</h1>
          <p class="muted">Every security event, newest first: who did what, to whom, from where.</p>
        </div>
      </div>
      <section class="card">
        <form class="toolbar" aria-label="Filter events" onSubmit={(event) => event.preventDefault()}>
          <Field
            label="Event type"
            name="type"
            list="audit-types"
            placeholder="Any type"
            value={type}
            onValue={setType}
          />
          <datalist id="audit-types">
            {types.map((t) => (
              <option key={t} value={t}>
                {eventName(t)}
              </option>
            ))}
          </datalist>
          <SelectField label="User" name="userId" value={userId} onValue={setUserId}>
            <option value="">Any user</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </SelectField>
        </form>
        {error && (
          <div class="card-pad-x">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
        <div class="table-wrap">
          <table class="table table-responsive">
            <caption class="visually-hidden">Audit events</caption>
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
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td data-label="Time" class="nowrap">
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                  </td>
                  <td data-label="Event">
                    <span class="cell-strong">{eventName(event.type)}</span>
                    <span class="cell-sub">
                      <Badge tone={isFailureEvent(event.type) ? 'bad' : 'neutral'}>{event.type}</Badge>
                    </span>
                  </td>
                  <td data-label="User">{who(event.userId)}</td>
                  <td data-label="Actor">
                    {event.actorId && event.actorId !== event.userId
                      ? who(event.actorId)
                      : event.actorId
                        ? 'Self'
                        : 'System'}
                  </td>
                  <td data-label="IP" class="mono">
                    {event.ip ?? '—'}
                  </td>
                  <td data-label="Details" class="details-cell">
                    {summarize(event.details) || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
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
