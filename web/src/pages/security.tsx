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
  methodNameInSentence,
  requiredByText,
} from '../lib/format.js';
import { useLoad, useTitle } from '../lib/hooks.js';
import { sentences, useTranslation } from '../lib/i18n.js';
import { confirmLeave } from '../lib/leave-guard.js';
import { formatPhone } from '../lib/phone.js';
import type { Factor, MfaStatus, SecurityEvent } from '../lib/types.js';
import { ConnectedApps } from './connected-apps.js';
import { DevicesCard, PasswordCard, SessionsCard } from './security-account.js';

/** The names the server gives a factor nobody named (in English): shown as the method's own name instead. */
const DEFAULT_LABELS: Record<string, string> = { totp: 'Authenticator app', webauthn: 'Security key' };

/** The server's name for an email or SMS factor: "Email j***@e***.com", "SMS +1 *** *** **67". */
const MASKED_LABEL = /^(Email|SMS) .*\*\*\*/;

/**
 * The user's own name for a factor, or null when it has only the server's default — for an
 * email or SMS factor the masked address, which the full `destination` replaces on this page.
 */
function ownLabel(factor: Factor): string | null {
  if (!factor.label || factor.label === DEFAULT_LABELS[factor.type]) return null;
  if (factor.destination && MASKED_LABEL.test(factor.label)) return null;
  return factor.label;
}

type Pending = { kind: 'remove'; factor: Factor } | { kind: 'regenerate' } | { kind: 'disable' } | null;

/** `/security`: the account security page. */
export function SecurityPage() {
  const app = useApp();
  const { t } = useTranslation();
  const user = app.current?.user;
  const status = useLoad(() => api.get<MfaStatus>('/api/mfa'));
  const activity = useLoad(() => api.get<{ events: SecurityEvent[] }>('/api/mfa/activity'));
  const [pending, setPending] = useState<Pending>(null);
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; label: string } | null>(null);
  useTitle(t('web.security.title'), app.config.productName);
  if (!user) return null;

  const reload = () => {
    status.reload();
    activity.reload();
    void app.refreshSession();
  };
  // Every change made on this page is an event of the activity list: show it there at once.
  const changed = () => activity.reload();

  const rename = async (factor: Factor, label: string) => {
    setActionError(null);
    try {
      await api.patch(`/api/mfa/factors/${encodeURIComponent(factor.id)}`, { label });
      app.notify(t('web.security.renamed', { label }));
      setRenaming(null);
      status.reload();
      changed();
    } catch (caught) {
      setActionError(describeError(caught));
    }
  };

  const makePreferred = async (factor: Factor) => {
    setActionError(null);
    try {
      await api.put('/api/mfa/preferred', { factorId: factor.id });
      app.notify(t('web.security.nowPreferred', { method: methodName(factor.type) }));
      status.reload();
      changed();
    } catch (caught) {
      setActionError(describeError(caught));
    }
  };

  const data = status.data;
  const factors = data?.factors ?? [];
  const remaining = data?.backupCodes.remaining ?? 0;
  const total = data?.backupCodes.total ?? 0;
  // Why Remove / Turn off are refused, said by whose requirement it is (the server's reason is English).
  const byOrganization = data?.requiredBy?.kind === 'organization';
  const removeBlocked = byOrganization
    ? t('web.security.removeBlockedOrg')
    : t('web.security.removeBlockedAdmin');
  const disableBlocked = data?.requiredBy
    ? byOrganization
      ? t('web.security.disableBlockedOrg')
      : t('web.security.disableBlockedAdmin')
    : t('web.security.cantDisable');

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.security.title')}</h1>
          <p class="muted">
            {t('web.security.signedInAs')} <strong>{user.email}</strong>
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
              <h2 id="status-title">
                {data.enabled ? t('web.security.statusOn') : t('web.security.statusOff')}
              </h2>
              <p class="muted">
                {data.enabled ? t('web.security.statusOnText') : t('web.security.statusOffText')}
              </p>
              {data.required && (
                <p>
                  <Badge tone={data.enabled ? 'brand' : 'warn'}>
                    {!data.enabled && data.enrollmentDeadline
                      ? t('web.security.requiredByFrom', {
                          who: data.requiredBy ? requiredByText(data.requiredBy) : t('web.security.policy'),
                          date: formatDate(data.enrollmentDeadline),
                        })
                      : t('web.security.requiredBy', {
                          who: data.requiredBy ? requiredByText(data.requiredBy) : t('web.security.policy'),
                        })}
                  </Badge>
                </p>
              )}
            </div>
            {!data.enabled && (
              <a class="btn btn-primary" href="/setup">
                {t('web.shell.setUpNow')}
              </a>
            )}
          </section>

          <section class="card" aria-labelledby="methods-title">
            <div class="card-head">
              <div>
                <h2 id="methods-title">{t('web.security.methodsTitle')}</h2>
                <p class="muted">{t('web.security.methodsText')}</p>
              </div>
              <a class="btn btn-secondary" href="/setup">
                <Icon name="plus" /> {t('web.security.addMethod')}
              </a>
            </div>
            {factors.length === 0 ? (
              <p class="empty">{t('web.security.noMethods')}</p>
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
                        {factor.preferred && <Badge tone="brand">{t('web.security.preferred')}</Badge>}
                        {factor.webauthn && (
                          <Badge tone="neutral">
                            {factor.webauthn.deviceType === 'multiDevice' || factor.webauthn.backedUp
                              ? t('web.security.syncedPasskey')
                              : t('web.security.singleDeviceKey')}
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
                            label={t('web.security.newName')}
                            name="factorLabel"
                            maxLength={100}
                            value={renaming.label}
                            onValue={(label) => setRenaming({ id: factor.id, label })}
                          />
                          <button type="submit" class="btn btn-primary btn-small">
                            {t('web.security.saveName')}
                          </button>
                          <button
                            type="button"
                            class="btn btn-ghost btn-small"
                            onClick={() => setRenaming(null)}
                          >
                            {t('web.common.cancel')}
                          </button>
                        </form>
                      )}
                      {ownLabel(factor) && ownLabel(factor) !== methodName(factor.type) && (
                        <p class="factor-label">{ownLabel(factor)}</p>
                      )}
                      {factor.destination && (
                        <p class="factor-label factor-destination" data-testid="factor-destination">
                          {factor.type === 'sms' ? formatPhone(factor.destination) : factor.destination}
                        </p>
                      )}
                      <p class="factor-meta">
                        {t('web.security.factorMeta', {
                          added: formatDate(factor.createdAt),
                          used: factor.lastUsedAt
                            ? formatRelative(factor.lastUsedAt).toLowerCase()
                            : t('web.security.neverUsed'),
                        })}
                      </p>
                    </div>
                    <div class="factor-actions">
                      {!factor.preferred && factors.length > 1 && (
                        <button
                          type="button"
                          class="btn btn-ghost btn-small"
                          onClick={() => void makePreferred(factor)}
                        >
                          <Icon name="star" size={16} /> {t('web.security.makePreferred')}
                          <span class="visually-hidden"> ({methodName(factor.type)})</span>
                        </button>
                      )}
                      <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        onClick={() => setRenaming({ id: factor.id, label: ownLabel(factor) ?? '' })}
                      >
                        {t('web.security.rename')}
                        <span class="visually-hidden"> {ownLabel(factor) ?? methodName(factor.type)}</span>
                      </button>
                      <button
                        type="button"
                        class="btn btn-ghost btn-small btn-danger-text"
                        disabled={!factor.removable}
                        aria-describedby={factor.removable ? undefined : `remove-blocked-${factor.id}`}
                        onClick={() => setPending({ kind: 'remove', factor })}
                      >
                        <Icon name="trash" size={16} /> {t('web.security.remove')}
                        <span class="visually-hidden"> {methodName(factor.type)}</span>
                      </button>
                    </div>
                    {!factor.removable && factor.removeBlockedReason && (
                      <p class="factor-blocked" id={`remove-blocked-${factor.id}`}>
                        <Icon name="lock" size={14} /> {removeBlocked}
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
                  <h2 id="backup-title">{t('web.backupCodes.listLabel')}</h2>
                  <p class="muted">{t('web.security.backupText')}</p>
                </div>
                <button
                  type="button"
                  class="btn btn-secondary"
                  onClick={() => setPending({ kind: 'regenerate' })}
                >
                  <Icon name="refresh" /> {t('web.security.generateNew')}
                </button>
              </div>
              <div class="meter-row">
                <div
                  class={`meter${remaining <= 3 ? ' is-low' : ''}`}
                  role="img"
                  aria-label={t('web.security.codesRemainingLabel', { count: remaining, total })}
                >
                  <span style={{ width: `${total ? (remaining / total) * 100 : 0}%` }} />
                </div>
                <p class="meter-text">
                  <strong>{remaining}</strong> {t('web.security.ofTotalRemaining', { total })}
                </p>
              </div>
              {remaining <= 3 && (
                <Alert
                  tone="warning"
                  title={remaining === 0 ? t('web.security.noCodesLeft') : t('web.security.runningLow')}
                >
                  {t('web.security.runningLowText')}
                </Alert>
              )}
            </section>
          )}

          <PasswordCard onChanged={changed} />

          <SessionsCard onChanged={changed} />

          <DevicesCard onChanged={changed} />

          <section class="card" aria-labelledby="activity-title">
            <div class="card-head">
              <div>
                <h2 id="activity-title">{t('web.security.activityTitle')}</h2>
                <p class="muted">{t('web.security.activityText')}</p>
              </div>
            </div>
            <ActivityList events={activity.data?.events} loading={activity.loading} error={activity.error} />
          </section>

          <ConnectedApps onChanged={changed} />

          {data.enabled && (
            <section class="card card-pad danger-zone" aria-labelledby="disable-title">
              <h2 id="disable-title">{t('web.security.disableTitle')}</h2>
              {!data.canDisable ? (
                <>
                  <p class="muted">{sentences(disableBlocked, t('web.security.canStillChange'))}</p>
                  <div class="actions">
                    <button
                      type="button"
                      class="btn btn-danger-outline"
                      disabled
                      aria-describedby="disable-title"
                    >
                      {t('web.security.disableTitle')}
                    </button>
                  </div>
                </>
              ) : (
                <>
                  <p class="muted">{t('web.security.disableText')}</p>
                  <div class="actions">
                    <button
                      type="button"
                      class="btn btn-danger-outline"
                      onClick={() => setPending({ kind: 'disable' })}
                    >
                      {t('web.security.disableTitle')}
                    </button>
                  </div>
                </>
              )}
            </section>
          )}

          <section class="card card-pad signout-card">
            <div>
              <h2>{t('web.shell.signOut')}</h2>
              <p class="muted">{t('web.security.signOutText')}</p>
            </div>
            <button type="button" class="btn btn-secondary" onClick={() => void app.signOut()}>
              <Icon name="logout" /> {t('web.shell.signOut')}
            </button>
          </section>
        </>
      )}

      <ConfirmDialog
        open={pending?.kind === 'remove'}
        title={
          pending?.kind === 'remove'
            ? t('web.security.removeTitle', { method: methodNameInSentence(pending.factor.type) })
            : t('web.security.removeMethod')
        }
        confirmLabel={t('web.security.remove')}
        danger
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (pending?.kind !== 'remove') return;
          await api.delete(`/api/mfa/factors/${encodeURIComponent(pending.factor.id)}`);
          app.notify(t('web.security.removed', { method: methodName(pending.factor.type) }));
          reload();
        }}
      >
        <p>{sentences(t('web.security.removeText'), factors.length === 1 && t('web.security.removeOnly'))}</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={pending?.kind === 'regenerate'}
        title={t('web.security.regenerateTitle')}
        confirmLabel={t('web.security.generateNew')}
        onClose={() => setPending(null)}
        onConfirm={async () => {
          const result = await api.post<{ backupCodes: string[] }>('/api/mfa/backup-codes', {});
          setNewCodes(result.backupCodes);
          status.reload();
          changed();
        }}
      >
        <p>{t('web.security.regenerateText')}</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={pending?.kind === 'disable'}
        title={t('web.security.disableConfirmTitle')}
        confirmLabel={t('web.security.turnOff')}
        danger
        onClose={() => setPending(null)}
        onConfirm={async () => {
          await api.delete('/api/mfa');
          app.notify(t('web.security.turnedOff'));
          reload();
        }}
      >
        <p>{t('web.security.disableConfirmText')}</p>
      </ConfirmDialog>

      <Modal
        open={newCodes !== null}
        title={t('web.security.newCodesTitle')}
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
  const { t } = useTranslation();
  if (!events && loading) return <p class="empty">{t('web.security.loadingActivity')}</p>;
  if (!events && error) return <p class="empty">{describeError(error)}</p>;
  if (!events || events.length === 0) return <p class="empty">{t('web.security.noActivity')}</p>;
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
