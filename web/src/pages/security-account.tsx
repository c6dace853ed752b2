import { useState } from 'preact/hooks';
import { Badge, StatusLine } from '../components/alert.js';
import { ConfirmDialog } from '../components/dialog.js';
import { Field } from '../components/field.js';
import { Icon } from '../components/icons.js';
import { ApiError, api, describeError, fieldError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { describeUserAgent, formatDateTime, formatRelative } from '../lib/format.js';
import { useLoad } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';
import type { ResponseOf } from '../lib/types.js';

type AccountSessions = ResponseOf<'/api/account/sessions', 'get'>;
/** One row of `GET /api/account/sessions` (and of the admin's view of a user's sessions). */
export type AccountSession = AccountSessions['sessions'][number];

/** A list of sessions with a "Sign out" per row (not on the current one), shared with the admin console. */
export function SessionList({
  sessions,
  onEnd,
  currentLabel,
}: {
  sessions: AccountSession[];
  onEnd: (session: AccountSession) => void;
  currentLabel?: string;
}) {
  const { t } = useTranslation();
  if (sessions.length === 0) return <p class="empty">{t('web.account.noSessions')}</p>;
  return (
    <ul class="factor-list session-list">
      {sessions.map((session) => {
        const device = describeUserAgent(session.userAgent) || t('web.account.unknownDevice');
        return (
          <li key={session.id} class="factor">
            <span class="factor-icon">
              <Icon name="lock" size={20} />
            </span>
            <div class="factor-main">
              <p class="factor-title">
                <span>{device}</span>
                {session.current && <Badge tone="brand">{currentLabel ?? t('web.account.thisDevice')}</Badge>}
              </p>
              <p class="factor-meta">
                {session.ip ?? t('web.account.unknownIp')} · {t('web.account.signedIn')}{' '}
                <time dateTime={session.createdAt} title={formatDateTime(session.createdAt)}>
                  {formatRelative(session.createdAt).toLowerCase()}
                </time>{' '}
                · {t('web.account.lastActive')}{' '}
                <time dateTime={session.lastSeenAt} title={formatDateTime(session.lastSeenAt)}>
                  {formatRelative(session.lastSeenAt).toLowerCase()}
                </time>
              </p>
            </div>
            {!session.current && (
              <div class="factor-actions">
                <button type="button" class="btn btn-ghost btn-small" onClick={() => onEnd(session)}>
                  <Icon name="logout" size={16} /> {t('web.shell.signOut')}
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
export function SessionsCard({ onChanged }: { onChanged?: () => void }) {
  const app = useApp();
  const { t } = useTranslation();
  const list = useLoad(() => api.get<AccountSessions>('/api/account/sessions'));
  const [confirmOthers, setConfirmOthers] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sessions = list.data?.sessions ?? [];
  const others = sessions.filter((s) => !s.current).length;

  const end = async (session: AccountSession) => {
    setError(null);
    try {
      await api.delete(`/api/account/sessions/${encodeURIComponent(session.id)}`);
      app.notify(t('web.account.sessionEnded'));
      list.reload();
      onChanged?.();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <section class="card" aria-labelledby="sessions-title">
      <div class="card-head">
        <div>
          <h2 id="sessions-title">{t('web.account.sessionsTitle')}</h2>
          <p class="muted">{t('web.account.sessionsText')}</p>
        </div>
        {others > 0 && (
          <button type="button" class="btn btn-secondary" onClick={() => setConfirmOthers(true)}>
            <Icon name="logout" /> {t('web.account.signOutOthers')}
          </button>
        )}
      </div>
      {error && <StatusLine error={error} />}
      {!list.data && list.loading ? (
        <p class="empty">{t('web.account.loadingSessions')}</p>
      ) : !list.data && list.error ? (
        <p class="empty">{describeError(list.error)}</p>
      ) : (
        <SessionList sessions={sessions} onEnd={(session) => void end(session)} />
      )}
      <ConfirmDialog
        open={confirmOthers}
        title={t('web.account.signOutOthersTitle')}
        confirmLabel={t('web.account.signOutOthers')}
        onClose={() => setConfirmOthers(false)}
        onConfirm={async () => {
          await api.delete('/api/account/sessions?others=true');
          app.notify(t('web.account.othersEnded'));
          list.reload();
          onChanged?.();
        }}
      >
        <p>{t('web.account.signOutOthersText', { count: others })}</p>
      </ConfirmDialog>
    </section>
  );
}

/** The security page's password change: current password, new password twice. */
export function PasswordCard({ onChanged }: { onChanged?: () => void }) {
  const app = useApp();
  const { t } = useTranslation();
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
    if (!current) found.current = t('web.account.enterCurrent');
    if (next.length < 8) found.next = t('web.account.tooShort');
    else if (next !== confirm) found.confirm = t('web.account.mismatch');
    setErrors(found);
    if (found.current || found.next || found.confirm) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/account/password', { currentPassword: current, newPassword: next });
      app.notify(t('web.account.passwordChanged'));
      reset();
      setOpen(false);
      onChanged?.();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_credentials') {
        setErrors({ current: t('web.account.wrongCurrent') });
      } else if (caught instanceof ApiError && caught.code === 'invalid_request') {
        const fields = caught.fieldErrors;
        setErrors({
          current: fieldError(fields, 'currentPassword'),
          next: fieldError(fields, 'newPassword') ?? describeError(caught),
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
          <h2 id="password-title">{t('web.signIn.password')}</h2>
          <p class="muted">{t('web.account.passwordText')}</p>
        </div>
        {!open && (
          <button type="button" class="btn btn-secondary" onClick={() => setOpen(true)}>
            <Icon name="key" /> {t('web.account.changePassword')}
          </button>
        )}
      </div>
      {open && (
        <form onSubmit={submit} noValidate class="stack password-form">
          <Field
            label={t('web.account.currentPassword')}
            type="password"
            name="currentPassword"
            autocomplete="current-password"
            value={current}
            onValue={setCurrent}
            error={errors.current}
          />
          <Field
            label={t('web.account.newPassword')}
            type="password"
            name="newPassword"
            autocomplete="new-password"
            hint={t('web.account.newPasswordHint')}
            value={next}
            onValue={setNext}
            error={errors.next}
          />
          <Field
            label={t('web.account.confirmPassword')}
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
              {busy ? t('web.common.saving') : t('web.account.changePassword')}
            </button>
            <button
              type="button"
              class="btn btn-ghost"
              onClick={() => {
                reset();
                setOpen(false);
              }}
            >
              {t('web.common.cancel')}
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
export function DevicesCard({ onChanged }: { onChanged?: () => void }) {
  const app = useApp();
  const { t } = useTranslation();
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
      onChanged?.();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <section class="card" aria-labelledby="devices-title">
      <div class="card-head">
        <div>
          <h2 id="devices-title">{t('web.account.devicesTitle')}</h2>
          <p class="muted">{t('web.account.devicesText')}</p>
        </div>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => void forget('/api/account/devices', t('web.account.allForgotten'))}
        >
          {t('web.account.forgetAll')}
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
                {/* In the reader's language; the server's `label` is the English wording of the same. */}
                <span>{describeUserAgent(device.userAgent) || device.label}</span>
                {device.current && <Badge tone="brand">{t('web.account.thisBrowser')}</Badge>}
              </p>
              <p class="factor-meta">
                {device.ip ?? t('web.account.unknownIp')} · {t('web.account.remembered')}{' '}
                <time dateTime={device.createdAt} title={formatDateTime(device.createdAt)}>
                  {formatRelative(device.createdAt).toLowerCase()}
                </time>{' '}
                · {t('web.account.lastUsed')}{' '}
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
                  void forget(
                    `/api/account/devices/${encodeURIComponent(device.id)}`,
                    t('web.account.browserForgotten'),
                  )
                }
              >
                <Icon name="trash" size={16} /> {t('web.account.forget')}
                <span class="visually-hidden"> {describeUserAgent(device.userAgent) || device.label}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
