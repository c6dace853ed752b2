import { useState } from 'preact/hooks';
import { Badge, StatusLine } from '../components/alert.js';
import { ConfirmDialog } from '../components/dialog.js';
import { Field } from '../components/field.js';
import { Icon } from '../components/icons.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { describeUserAgent, formatDateTime, formatRelative } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';
import type { ResponseOf } from '../lib/types.js';

type AccountSessions = ResponseOf<'/api/account/sessions', 'get'>;
/** One row of `GET /api/account/sessions` (and of the admin's view of a user's sessions). */
export type AccountSession = AccountSessions['sessions'][number];

/** A list of sessions with a "Sign out" per row (not on the current one), shared with the admin console. */
export function SessionList({
  sessions,
  onEnd,
  currentLabel = 'This device',
}: {
  sessions: AccountSession[];
  onEnd: (session: AccountSession) => void;
  currentLabel?: string;
}) {
  if (sessions.length === 0) return <p class="empty">No active sessions.</p>;
  return (
    <ul class="factor-list session-list">
      {sessions.map((session) => {
        const device = describeUserAgent(session.userAgent) || 'Unknown device';
        return (
          <li key={session.id} class="factor">
            <span class="factor-icon">
              <Icon name="lock" size={20} />
            </span>
            <div class="factor-main">
              <p class="factor-title">
                <span>{device}</span>
                {session.current && <Badge tone="brand">{currentLabel}</Badge>}
              </p>
              <p class="factor-meta">
                {session.ip ?? 'Unknown IP'} · Signed in{' '}
                <time dateTime={session.createdAt} title={formatDateTime(session.createdAt)}>
                  {formatRelative(session.createdAt).toLowerCase()}
                </time>{' '}
                · Last active{' '}
                <time dateTime={session.lastSeenAt} title={formatDateTime(session.lastSeenAt)}>
                  {formatRelative(session.lastSeenAt).toLowerCase()}
                </time>
              </p>
            </div>
            {!session.current && (
              <div class="factor-actions">
                <button type="button" class="btn btn-ghost btn-small" onClick={() => onEnd(session)}>
                  <Icon name="logout" size={16} /> Sign out
                  <span class="visually-hidden"> {device}</span>
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The security page's "Where you're signed in": every live session, "Sign out" and "Sign out everywhere else". */
export function SessionsCard() {
  const app = useApp();
  const list = useLoad(() => api.get<AccountSessions>('/api/account/sessions'));
  const [confirmOthers, setConfirmOthers] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sessions = list.data?.sessions ?? [];
  const others = sessions.filter((s) => !s.current).length;

  const end = async (session: AccountSession) => {
    setError(null);
    try {
      await api.delete(`/api/account/sessions/${encodeURIComponent(session.id)}`);
      app.notify('Signed out that session');
      list.reload();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <section class="card" aria-labelledby="sessions-title">
      <div class="card-head">
        <div>
          <h2 id="sessions-title">Where you’re signed in</h2>
          <p class="muted">Sessions on your devices. Sign out any you don’t recognise.</p>
        </div>
        {others > 0 && (
          <button type="button" class="btn btn-secondary" onClick={() => setConfirmOthers(true)}>
            <Icon name="logout" /> Sign out everywhere else
          </button>
        )}
      </div>
      {error && <StatusLine error={error} />}
      {!list.data && list.loading ? (
        <p class="empty">Loading sessions…</p>
      ) : !list.data && list.error ? (
        <p class="empty">{describeError(list.error)}</p>
      ) : (
        <SessionList sessions={sessions} onEnd={(session) => void end(session)} />
      )}
      <ConfirmDialog
        open={confirmOthers}
        title="Sign out everywhere else?"
        confirmLabel="Sign out everywhere else"
        onClose={() => setConfirmOthers(false)}
        onConfirm={async () => {
          await api.delete('/api/account/sessions?others=true');
          app.notify('Signed out of every other session');
          list.reload();
        }}
      >
        <p>
          Every other device and browser is signed out ({others} {others === 1 ? 'session' : 'sessions'}).
          This one stays signed in.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The security page's password change: current password, new password twice. */
export function PasswordCard({ onChanged }: { onChanged?: () => void }) {
  const app = useApp();
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setCurrent('');
    setNext('');
    setConfirm('');
    setErrors({});
    setError(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = 'Enter your current password.';
    if (next.length < 8) found.next = 'Use at least 8 characters.';
    else if (next !== confirm) found.confirm = 'The two passwords don’t match.';
    setErrors(found);
    if (found.current || found.next || found.confirm) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/account/password', { currentPassword: current, newPassword: next });
      app.notify('Password changed. Your other sessions were signed out.');
      reset();
      setOpen(false);
      onChanged?.();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_credentials') {
        setErrors({ current: 'That isn’t your current password.' });
      } else if (caught instanceof ApiError && caught.code === 'invalid_request') {
        const fields = caught.fieldErrors;
        setErrors({
          current: fieldError(fields, 'currentPassword'),
          next: fieldError(fields, 'newPassword') ?? caught.message,
        });
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card card-pad" aria-labelledby="password-title">
      <div class="card-head card-head-flush">
        <div>
          <h2 id="password-title">Password</h2>
          <p class="muted">Changing it signs you out on every other device.</p>
        </div>
        {!open && (
          <button type="button" class="btn btn-secondary" onClick={() => setOpen(true)}>
            <Icon name="key" /> Change password
          </button>
        )}
      </div>
      {open && (
        <form onSubmit={submit} noValidate class="stack password-form">
          <Field
            label="Current password"
            type="password"
            name="currentPassword"
            autocomplete="current-password"
            value={current}
            onValue={setCurrent}
            error={errors.current}
          />
          <Field
            label="New password"
            type="password"
            name="newPassword"
            autocomplete="new-password"
            hint="At least 8 characters. A long passphrase is best."
            value={next}
            onValue={setNext}
            error={errors.next}
          />
          <Field
            label="Confirm new password"
            type="password"
            name="confirmPassword"
            autocomplete="new-password"
            value={confirm}
            onValue={setConfirm}
            error={errors.confirm}
          />
          <StatusLine error={error} />
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Change password'}
            </button>
            <button
              type="button"
              class="btn btn-ghost"
              onClick={() => {
                reset();
                setOpen(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** `GET /api/account/devices`: the browsers that skip the second step. */
type RememberedDevices = ResponseOf<'/api/account/devices', 'get'>;

/**
 * The security page's remembered browsers ("don't ask again"), with "Forget" for one
 * and "Forget all". Shown only once a browser is remembered.
 */
export function DevicesCard() {
  const app = useApp();
  const list = useLoad(() => api.get<RememberedDevices>('/api/account/devices'));
  const [error, setError] = useState<string | null>(null);
  const devices = list.data?.devices ?? [];
  if (devices.length === 0 && !error) return null;

  const forget = async (path: string, done: string) => {
    setError(null);
    try {
      await api.delete(path);
      app.notify(done);
      list.reload();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <section class="card" aria-labelledby="devices-title">
      <div class="card-head">
        <div>
          <h2 id="devices-title">Remembered browsers</h2>
          <p class="muted">Browsers that skip the second step until they expire.</p>
        </div>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => void forget('/api/account/devices', 'Every remembered browser forgotten')}
        >
          Forget all
        </button>
      </div>
      {error && <StatusLine error={error} />}
      <ul class="factor-list">
        {devices.map((device) => (
          <li key={device.id} class="factor">
            <span class="factor-icon">
              <Icon name="shield" size={20} />
            </span>
            <div class="factor-main">
              <p class="factor-title">
                <span>{device.label}</span>
                {device.current && <Badge tone="brand">This browser</Badge>}
              </p>
              <p class="factor-meta">
                {device.ip ?? 'Unknown IP'} · Remembered{' '}
                <time dateTime={device.createdAt} title={formatDateTime(device.createdAt)}>
                  {formatRelative(device.createdAt).toLowerCase()}
                </time>{' '}
                · Last used{' '}
                <time dateTime={device.lastUsedAt} title={formatDateTime(device.lastUsedAt)}>
                  {formatRelative(device.lastUsedAt).toLowerCase()}
                </time>
              </p>
            </div>
            <div class="factor-actions">
              <button
                type="button"
                class="btn btn-ghost btn-small"
                onClick={() =>
                  void forget(`/api/account/devices/${encodeURIComponent(device.id)}`, 'Browser forgotten')
                }
              >
                <Icon name="trash" size={16} /> Forget
                <span class="visually-hidden"> {device.label}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
