import { useState } from 'preact/hooks';
import { Alert, Badge, Spinner } from '../components/alert.js';
import { BackupCodesPanel } from '../components/backup-codes.js';
import { ConfirmDialog, Modal } from '../components/dialog.js';
import { Field } from '../components/field.js';
import { Icon, MethodIcon } from '../components/icons.js';
import { VerifyEmailNotice } from '../components/verify-email-notice.js';
import { api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import {
  describeUserAgent,
  eventDetail,
  eventName,
  formatDate,
  formatDateTime,
  formatRelative,
  isFailureEvent,
  methodName,
  requiredByText,
} from '../lib/format.js';
import { useLoad, useTitle } from '../lib/hooks.js';
import { confirmLeave } from '../lib/leave-guard.js';
import type { Factor, MfaStatus, SecurityEvent } from '../lib/types.js';
import { ConnectedApps } from './connected-apps.js';
import { DevicesCard, PasswordCard, SessionsCard } from './security-account.js';

type Pending = { kind: 'remove'; factor: Factor } | { kind: 'regenerate' } | { kind: 'disable' } | null;

/** `/security`: the account security page. */
export function SecurityPage() {
  const app = useApp();
  const user = app.current?.user;
  const status = useLoad(() => api.get<MfaStatus>('/api/mfa'));
  const activity = useLoad(() => api.get<{ events: SecurityEvent[] }>('/api/mfa/activity'));
  const [pending, setPending] = useState<Pending>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; label: string } | null>(null);
  useTitle('Account security', app.config.productName);
  if (!user) return null;

  const reload = () => {
    status.reload();
    activity.reload();
    void app.refreshSession();
  };

  const rename = async (factor: Factor, label: string) => {
    setActionError(null);
    try {
      await api.patch(`/api/mfa/factors/${encodeURIComponent(factor.id)}`, { label });
      app.notify(`Renamed to “${label}”`);
      setRenaming(null);
      status.reload();
    } catch (caught) {
      setActionError(describeError(caught));
    }
  };

  const makePreferred = async (factor: Factor) => {
    setActionError(null);
    try {
      await api.put('/api/mfa/preferred', { factorId: factor.id });
      app.notify(`${methodName(factor.type)} is now your preferred method`);
      status.reload();
    } catch (caught) {
      setActionError(describeError(caught));
    }
  };

  const data = status.data;
  const factors = data?.factors ?? [];
  const remaining = data?.backupCodes.remaining ?? 0;
  const total = data?.backupCodes.total ?? 0;

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>Account security</h1>
          <p class="muted">
            Signed in as <strong>{user.email}</strong>
          </p>
        </div>
      </div>

      {!user.emailVerified && <VerifyEmailNotice email={user.email} />}
      {status.error && !data && <Alert tone="error">{describeError(status.error)}</Alert>}
      {actionError && <Alert tone="error">{actionError}</Alert>}
      {!data && status.loading && (
        <div class="card card-pad">
          <Spinner />
        </div>
      )}

      {data && (
        <>
          <section
            class={`card status-card ${data.enabled ? 'is-on' : 'is-off'}`}
            aria-labelledby="status-title"
          >
            <div class="status-icon">
              <Icon name={data.enabled ? 'shield' : 'alert'} size={28} />
            </div>
            <div class="status-text">
              <h2 id="status-title">Two-factor authentication is {data.enabled ? 'on' : 'off'}</h2>
              <p class="muted">
                {data.enabled
                  ? 'After your password, we ask for a second step. A stolen password alone can’t open your account.'
                  : 'Anyone with your password can sign in. Add a second step to protect your account.'}
              </p>
              {data.required && (
                <p>
                  <Badge tone={data.enabled ? 'brand' : 'warn'}>
                    {`Required by ${data.requiredBy ? requiredByText(data.requiredBy) : 'policy'}`}
                    {!data.enabled && data.enrollmentDeadline
                      ? ` from ${formatDate(data.enrollmentDeadline)}`
                      : ''}
                  </Badge>
                </p>
              )}
            </div>
            {!data.enabled && (
              <a class="btn btn-primary" href="/setup">
                Set up now
              </a>
            )}
          </section>

          <section class="card" aria-labelledby="methods-title">
            <div class="card-head">
              <div>
                <h2 id="methods-title">Sign-in methods</h2>
                <p class="muted">Ways to confirm it’s you after your password.</p>
              </div>
              <a class="btn btn-secondary" href="/setup">
                <Icon name="plus" /> Add a method
              </a>
            </div>
            {factors.length === 0 ? (
              <p class="empty">No methods yet.</p>
            ) : (
              <ul class="factor-list">
                {factors.map((factor) => (
                  <li key={factor.id} class="factor">
                    <span class="factor-icon">
                      <MethodIcon method={factor.type} size={22} />
                    </span>
                    <div class="factor-main">
                      <p class="factor-title">
                        <span>{methodName(factor.type)}</span>
                        {factor.preferred && <Badge tone="brand">Preferred</Badge>}
                        {factor.webauthn && (
                          <Badge tone="neutral">
                            {factor.webauthn.deviceType === 'multiDevice' || factor.webauthn.backedUp
                              ? 'Synced passkey'
                              : 'Single-device key'}
                          </Badge>
                        )}
                      </p>
                      {renaming?.id === factor.id && (
                        <form
                          class="inline-form"
                          onSubmit={(event) => {
                            event.preventDefault();
                            if (renaming.label.trim()) void rename(factor, renaming.label.trim());
                          }}
                        >
                          <Field
                            label="New name"
                            name="factorLabel"
                            maxLength={100}
                            value={renaming.label}
                            onValue={(label) => setRenaming({ id: factor.id, label })}
                          />
                          <button type="submit" class="btn btn-primary btn-small">
                            Save name
                          </button>
                          <button
                            type="button"
                            class="btn btn-ghost btn-small"
                            onClick={() => setRenaming(null)}
                          >
                            Cancel
                          </button>
                        </form>
                      )}
                      {factor.label && factor.label !== methodName(factor.type) && (
                        <p class="factor-label">{factor.label}</p>
                      )}
                      <p class="factor-meta">
                        Added {formatDate(factor.createdAt)} · Last used{' '}
                        {factor.lastUsedAt ? formatRelative(factor.lastUsedAt).toLowerCase() : 'never'}
                      </p>
                    </div>
                    <div class="factor-actions">
                      {!factor.preferred && factors.length > 1 && (
                        <button
                          type="button"
                          class="btn btn-ghost btn-small"
                          onClick={() => void makePreferred(factor)}
                        >
                          <Icon name="star" size={16} /> Make preferred
                          <span class="visually-hidden"> ({methodName(factor.type)})</span>
                        </button>
                      )}
                      <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        onClick={() => setRenaming({ id: factor.id, label: factor.label ?? '' })}
                      >
                        Rename
                        <span class="visually-hidden"> {factor.label ?? methodName(factor.type)}</span>
                      </button>
                      <button
                        type="button"
                        class="btn btn-ghost btn-small btn-danger-text"
                        disabled={!factor.removable}
                        aria-describedby={factor.removable ? undefined : `remove-blocked-${factor.id}`}
                        onClick={() => setPending({ kind: 'remove', factor })}
                      >
                        <Icon name="trash" size={16} /> Remove
                        <span class="visually-hidden"> {methodName(factor.type)}</span>
                      </button>
                    </div>
                    {!factor.removable && factor.removeBlockedReason && (
                      <p class="factor-blocked" id={`remove-blocked-${factor.id}`}>
                        <Icon name="lock" size={14} /> {factor.removeBlockedReason}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {data.enabled && total > 0 && (
            <section class="card card-pad" aria-labelledby="backup-title">
              <div class="card-head card-head-flush">
                <div>
                  <h2 id="backup-title">Backup codes</h2>
                  <p class="muted">One-time codes for when you can’t use your other methods.</p>
                </div>
                <button
                  type="button"
                  class="btn btn-secondary"
                  onClick={() => setPending({ kind: 'regenerate' })}
                >
                  <Icon name="refresh" /> Generate new codes
                </button>
              </div>
              <div class="meter-row">
                <div
                  class={`meter${remaining <= 3 ? ' is-low' : ''}`}
                  role="img"
                  aria-label={`${remaining} of ${total} backup codes remaining`}
                >
                  <span style={{ width: `${total ? (remaining / total) * 100 : 0}%` }} />
                </div>
                <p class="meter-text">
                  <strong>{remaining}</strong> of {total} remaining
                </p>
              </div>
              {remaining <= 3 && (
                <Alert
                  tone="warning"
                  title={remaining === 0 ? 'No backup codes left' : 'Running low on backup codes'}
                >
                  Generate a new set so you can still sign in if you lose your device.
                </Alert>
              )}
            </section>
          )}

          <PasswordCard onChanged={() => activity.reload()} />

          <SessionsCard />

          <DevicesCard />

          <section class="card" aria-labelledby="activity-title">
            <div class="card-head">
              <div>
                <h2 id="activity-title">Recent security activity</h2>
                <p class="muted">Sign-ins and changes to your account.</p>
              </div>
            </div>
            <ActivityList events={activity.data?.events} loading={activity.loading} error={activity.error} />
          </section>

          <ConnectedApps />

          {data.enabled && (
            <section class="card card-pad danger-zone" aria-labelledby="disable-title">
              <h2 id="disable-title">Turn off two-factor authentication</h2>
              {!data.canDisable ? (
                <>
                  <p class="muted">
                    {data.disableBlockedReason ?? 'Two-factor authentication can’t be turned off.'} You can
                    still change your methods.
                  </p>
                  <div class="actions">
                    <button
                      type="button"
                      class="btn btn-danger-outline"
                      disabled
                      aria-describedby="disable-title"
                    >
                      Turn off two-factor authentication
                    </button>
                  </div>
                </>
              ) : (
                <>
                  <p class="muted">
                    Removes every method and backup code. Only your password will protect your account.
                  </p>
                  <div class="actions">
                    <button
                      type="button"
                      class="btn btn-danger-outline"
                      onClick={() => setPending({ kind: 'disable' })}
                    >
                      Turn off two-factor authentication
                    </button>
                  </div>
                </>
              )}
            </section>
          )}

          <section class="card card-pad signout-card">
            <div>
              <h2>Sign out</h2>
              <p class="muted">End this session on this device.</p>
            </div>
            <button type="button" class="btn btn-secondary" onClick={() => void app.signOut()}>
              <Icon name="logout" /> Sign out
            </button>
          </section>
        </>
      )}

      <ConfirmDialog
        open={pending?.kind === 'remove'}
        title={
          pending?.kind === 'remove'
            ? `Remove ${methodName(pending.factor.type).toLowerCase()}?`
            : 'Remove method?'
        }
        confirmLabel="Remove"
        danger
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (pending?.kind !== 'remove') return;
          await api.delete(`/api/mfa/factors/${encodeURIComponent(pending.factor.id)}`);
          app.notify(`${methodName(pending.factor.type)} removed`);
          reload();
        }}
      >
        <p>
          You won’t be able to use it to sign in any more.
          {factors.length === 1 &&
            ' It is your only method, so two-factor authentication will be turned off.'}
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={pending?.kind === 'regenerate'}
        title="Generate new backup codes?"
        confirmLabel="Generate new codes"
        onClose={() => setPending(null)}
        onConfirm={async () => {
          const result = await api.post<{ backupCodes: string[] }>('/api/mfa/backup-codes', {});
          setNewCodes(result.backupCodes);
          status.reload();
          activity.reload();
        }}
      >
        <p>Your current backup codes will stop working. You’ll see the new codes once.</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={pending?.kind === 'disable'}
        title="Turn off two-factor authentication?"
        confirmLabel="Turn off"
        danger
        onClose={() => setPending(null)}
        onConfirm={async () => {
          await api.delete('/api/mfa');
          app.notify('Two-factor authentication turned off');
          reload();
        }}
      >
        <p>Every method and backup code will be removed. Only your password will protect your account.</p>
      </ConfirmDialog>

      <Modal
        open={newCodes !== null}
        title="Your new backup codes"
        size="medium"
        onClose={() => {
          if (confirmLeave()) setNewCodes(null);
        }}
      >
        {newCodes && (
          <div class="modal-body">
            <BackupCodesPanel
              codes={newCodes}
              account={user.email}
              regenerated
              onDone={() => setNewCodes(null)}
            />
          </div>
        )}
      </Modal>
    </div>
  );
}

function ActivityList({
  events,
  loading,
  error,
}: {
  events?: SecurityEvent[] | undefined;
  loading: boolean;
  error?: unknown;
}) {
  if (!events && loading) return <p class="empty">Loading activity…</p>;
  if (!events && error) return <p class="empty">{describeError(error)}</p>;
  if (!events || events.length === 0) return <p class="empty">No activity yet.</p>;
  return (
    <ul class="activity">
      {events.slice(0, 20).map((event) => (
        <li key={event.id} class={isFailureEvent(event.type) ? 'is-failure' : undefined}>
          <span class="activity-dot" aria-hidden="true" />
          <div>
            <p class="activity-title">
              {eventName(event.type)}
              {eventDetail(event.type, event.details) && (
                <span class="activity-detail"> · {eventDetail(event.type, event.details)}</span>
              )}
            </p>
            <p class="activity-meta">
              <time dateTime={event.at} title={formatDateTime(event.at)}>
                {formatRelative(event.at)}
              </time>
              {event.ip && <> · {event.ip}</>}
              {event.userAgent && <> · {describeUserAgent(event.userAgent)}</>}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
