import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge, StatusLine } from '../../components/alert.js';
import { ConfirmDialog, Modal } from '../../components/dialog.js';
import { EmailText } from '../../components/email-text.js';
import { Field, SelectField } from '../../components/field.js';
import { Icon, MethodIcon } from '../../components/icons.js';
import { TableFoot } from '../../components/table-foot.js';
import { ApiError, api, describeError, fieldError, query, sentence } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { formatDate, formatDateTime, methodName, methodShort } from '../../lib/format.js';
import { useCursorList, useDebounced, useTitle } from '../../lib/hooks.js';
import { useTranslation } from '../../lib/i18n.js';
import { useNavigate, useRoute } from '../../lib/router.js';
import type { AdminUser, Organization, Role } from '../../lib/types.js';
import { orgName, useOrgs } from './use-orgs.js';
import { UserSessionsDialog } from './user-sessions-dialog.js';

/** Catalog keys of the role names. */
const ROLE_NAMES: Record<Role, string> = {
  system_admin: 'web.admin.users.roleSystemAdmin',
  org_admin: 'web.admin.users.roleOrgAdmin',
  member: 'web.admin.users.roleMember',
};

/** Stands in for the e-mail address in a translated sentence, to set the address in bold. */
const MARK = '\u0001';

/** A translated sentence with its `{email}` (given as `MARK`) in bold. */
function withEmail(text: string, email: string | undefined) {
  const [before, after] = text.split(MARK);
  return (
    <>
      {before}
      <strong>{email}</strong>
      {after}
    </>
  );
}

type Action = { kind: 'reset' | 'unlock'; user: AdminUser } | null;

/** `/admin/users`: search, filters, the 2FA column, reset and unlock, and creating users. */
export function UsersPage() {
  const app = useApp();
  const { params } = useRoute();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const isSystem = app.current?.user.role === 'system_admin';
  const orgs = useOrgs();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [mfa, setMfa] = useState(params.get('mfa') ?? '');
  const [orgId, setOrgId] = useState(params.get('orgId') ?? '');
  const [locked, setLocked] = useState(params.get('locked') === 'true' ? 'true' : '');
  const [compliance, setCompliance] = useState(params.get('compliance') ?? '');
  const [action, setAction] = useState<Action>(null);
  const [creating, setCreating] = useState(false);
  const [sessionsOf, setSessionsOf] = useState<AdminUser | null>(null);
  const [version, setVersion] = useState(0);
  useTitle(t('web.admin.users.title'), app.config.productName);

  const debouncedQ = useDebounced(q.trim(), 250);
  const {
    items: users,
    cursor,
    loading,
    error,
    loadMore,
  } = useCursorList<AdminUser>(
    'users',
    (after) => `/api/admin/users${query({ q: debouncedQ, mfa, orgId, locked, compliance, cursor: after })}`,
    [debouncedQ, mfa, orgId, locked, compliance, version],
  );

  // The filters live in the URL, so a reload or a shared link shows the same list.
  useEffect(() => {
    navigate(`/admin/users${query({ q: debouncedQ, mfa, orgId, locked, compliance })}`, { replace: true });
  }, [debouncedQ, mfa, orgId, locked, compliance]);

  const orgList: Organization[] = orgs.data ?? [];
  const filtered = debouncedQ || mfa || orgId || locked || compliance;

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.users.title')}</h1>
          <p class="muted">{t('web.admin.users.subtitle')}</p>
        </div>
        <div class="page-head-actions">
          <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" /> {t('web.admin.users.add')}
          </button>
        </div>
      </div>

      <section class="card">
        <form
          class="toolbar"
          aria-label={t('web.admin.users.filter')}
          onSubmit={(event) => event.preventDefault()}
        >
          <Field
            label={t('web.admin.users.search')}
            type="search"
            name="q"
            placeholder={t('web.admin.users.searchPlaceholder')}
            value={q}
            onValue={setQ}
            class="toolbar-search"
          />
          <SelectField label={t('web.admin.users.mfa')} name="mfa" value={mfa} onValue={setMfa}>
            <option value="">{t('web.admin.chart.allUsers')}</option>
            <option value="enabled">{t('web.admin.users.mfaEnabled')}</option>
            <option value="disabled">{t('web.admin.users.mfaDisabled')}</option>
          </SelectField>
          <SelectField
            label={t('web.admin.users.compliance')}
            name="compliance"
            value={compliance}
            onValue={setCompliance}
          >
            <option value="">{t('web.admin.users.any')}</option>
            <option value="enrolled">{t('web.admin.users.enrolled')}</option>
            <option value="non_compliant">{t('web.admin.users.nonCompliantFilter')}</option>
            <option value="grace">{t('web.admin.users.gracePeriod')}</option>
            <option value="not_required">{t('web.admin.users.notRequired')}</option>
          </SelectField>
          <SelectField label={t('web.admin.users.status')} name="locked" value={locked} onValue={setLocked}>
            <option value="">{t('web.admin.users.anyStatus')}</option>
            <option value="true">{t('web.admin.users.locked')}</option>
          </SelectField>
          {orgList.length > 0 && (
            <SelectField label={t('web.admin.users.org')} name="orgId" value={orgId} onValue={setOrgId}>
              <option value="">{t('web.admin.users.allOrgs')}</option>
              {orgList.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </SelectField>
          )}
        </form>
        {error && (
          <div class="card-pad-x">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
        <div class="table-wrap">
          <table class="table table-responsive users-table">
            <caption class="visually-hidden">{t('web.admin.users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.admin.users.user')}</th>
                <th scope="col">{t('web.admin.users.role')}</th>
                <th scope="col">{t('web.admin.users.mfa')}</th>
                <th scope="col">{t('web.admin.users.compliance')}</th>
                <th scope="col">{t('web.admin.users.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('web.admin.common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td data-label={t('web.admin.users.user')}>
                    <EmailText email={user.email} class="cell-strong" />{' '}
                    {user.emailVerified ? (
                      <Badge tone="good">{t('web.admin.users.verified')}</Badge>
                    ) : (
                      <span title={t('web.admin.users.unverifiedHint')}>
                        <Badge tone="warn">{t('web.admin.users.unverified')}</Badge>
                      </span>
                    )}
                    {user.name && <span class="cell-sub">{user.name}</span>}
                  </td>
                  <td data-label={t('web.admin.users.role')}>
                    {ROLE_NAMES[user.role] ? t(ROLE_NAMES[user.role]) : user.role}
                    {user.orgId && <span class="cell-sub">{orgName(orgList, user.orgId)}</span>}
                    {user.apiUser && (
                      <span
                        class="cell-sub"
                        title={t('web.admin.users.apiUserHint', { externalId: user.externalId ?? '' })}
                      >
                        <Badge tone="brand">API</Badge> <span class="mono">{user.externalId}</span>
                      </span>
                    )}
                  </td>
                  <td data-label={t('web.admin.users.mfa')}>
                    {user.mfaEnabled ? (
                      <span class="mfa-cell">
                        <Badge tone="good">
                          <Icon name="check" size={14} /> {t('web.admin.users.enabled')}
                        </Badge>
                        {user.mfaMethods
                          .filter((m) => m !== 'backup_code' && m !== 'backupCodes')
                          .map((method) => (
                            <span key={method} class="method-pill" title={methodName(method)}>
                              <MethodIcon method={method} size={14} />
                              {methodShort(method)}
                            </span>
                          ))}
                      </span>
                    ) : (
                      <Badge tone="warn">{t('web.admin.users.notSetUp')}</Badge>
                    )}
                  </td>
                  <td data-label={t('web.admin.users.compliance')}>
                    <ComplianceBadge compliance={user.compliance} />
                  </td>
                  <td data-label={t('web.admin.users.status')}>
                    {user.locked && !(user.throttled && !user.lockedUntil) ? (
                      <Badge tone="bad">
                        <Icon name="lock" size={14} /> {t('web.admin.users.locked')}
                      </Badge>
                    ) : user.throttled ? (
                      <Badge tone="warn">
                        <span
                          title={
                            user.throttledUntil
                              ? t('web.admin.users.throttledHint', {
                                  time: formatDateTime(user.throttledUntil),
                                })
                              : undefined
                          }
                        >
                          <Icon name="lock" size={14} /> {t('web.admin.users.throttled')}
                        </span>
                      </Badge>
                    ) : (
                      <span class="muted">{t('web.admin.users.active')}</span>
                    )}
                  </td>
                  <td class="row-actions">
                    <button type="button" class="btn btn-ghost btn-small" onClick={() => setSessionsOf(user)}>
                      <Icon name="logout" size={16} /> {t('web.admin.users.sessions')}
                      <span class="visually-hidden">
                        {' '}
                        {t('web.admin.users.sessionsOf', { email: user.email })}
                      </span>
                    </button>
                    {(user.locked || user.throttled) && (
                      <button
                        type="button"
                        class="btn btn-secondary btn-small"
                        onClick={() => setAction({ kind: 'unlock', user })}
                      >
                        <Icon name="unlock" size={16} /> {t('web.admin.users.unlock')}
                        <span class="visually-hidden"> {user.email}</span>
                      </button>
                    )}
                    {(user.mfaEnabled || user.mfaMethods.length > 0) && (
                      <button
                        type="button"
                        class="btn btn-ghost btn-small btn-danger-text"
                        onClick={() => setAction({ kind: 'reset', user })}
                      >
                        <Icon name="refresh" size={16} /> {t('web.admin.users.reset')}
                        <span class="visually-hidden">
                          {' '}
                          {t('web.admin.users.resetFor', { email: user.email })}
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {users.length === 0 && !loading && (
            <p class="empty">{filtered ? t('web.admin.users.noMatch') : t('web.admin.users.none')}</p>
          )}
        </div>
        <TableFoot
          loading={loading}
          shown={t('web.admin.users.shown', { count: users.length })}
          cursor={cursor}
          onLoadMore={loadMore}
        />
      </section>

      <ConfirmDialog
        open={action?.kind === 'reset'}
        title={t('web.admin.users.resetTitle')}
        confirmLabel={t('web.admin.users.reset')}
        danger
        onClose={() => setAction(null)}
        onConfirm={async () => {
          if (!action) return;
          await api.post(`/api/admin/users/${encodeURIComponent(action.user.id)}/mfa/reset`, {});
          app.notify(t('web.admin.users.resetDone', { email: action.user.email }));
          setVersion((v) => v + 1);
        }}
      >
        <p>{withEmail(t('web.admin.users.resetText', { email: MARK }), action?.user.email)}</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={action?.kind === 'unlock'}
        title={t('web.admin.users.unlockTitle')}
        confirmLabel={t('web.admin.users.unlock')}
        onClose={() => setAction(null)}
        onConfirm={async () => {
          if (!action) return;
          await api.post(`/api/admin/users/${encodeURIComponent(action.user.id)}/unlock`, {});
          app.notify(t('web.admin.users.unlocked', { email: action.user.email }));
          setVersion((v) => v + 1);
        }}
      >
        <p>{withEmail(t('web.admin.users.unlockText', { email: MARK }), action?.user.email)}</p>
      </ConfirmDialog>

      <UserSessionsDialog user={sessionsOf} onClose={() => setSessionsOf(null)} />

      <CreateUserDialog
        open={creating}
        orgs={orgList}
        isSystem={isSystem}
        defaultOrgId={isSystem ? '' : (app.current?.user.orgId ?? '')}
        onClose={() => setCreating(false)}
        onCreated={(email) => {
          setCreating(false);
          app.notify(t('web.admin.users.created', { email }));
          setVersion((v) => v + 1);
        }}
      />
    </div>
  );
}

function CreateUserDialog({
  open,
  orgs,
  isSystem,
  defaultOrgId,
  onClose,
  onCreated,
}: {
  open: boolean;
  orgs: Organization[];
  isSystem: boolean;
  defaultOrgId: string;
  onClose: () => void;
  onCreated: (email: string) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [orgId, setOrgId] = useState(defaultOrgId);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation();

  useEffect(() => {
    if (!open) return;
    setEmail('');
    setPassword('');
    setRole('member');
    setOrgId(defaultOrgId);
    setErrors({});
    setError(null);
  }, [open]);

  return (
    <Modal open={open} title={t('web.admin.users.addTitle')} onClose={onClose}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          setErrors({});
          try {
            const body: Record<string, string> = { email: email.trim(), password, role };
            if (orgId) body.orgId = orgId;
            await api.post('/api/admin/users', body);
            setBusy(false);
            onCreated(email.trim());
          } catch (caught) {
            setBusy(false);
            if (caught instanceof ApiError && caught.code === 'invalid_request') {
              const fields = caught.fieldErrors;
              const next: Record<string, string> = {};
              const shown =
                isSystem && orgs.length > 0
                  ? ['email', 'password', 'role', 'orgId']
                  : ['email', 'password', 'role'];
              for (const name of shown) {
                const message = fieldError(fields, name);
                if (message) next[name] = message;
              }
              setErrors(next);
              const orgMessage = shown.includes('orgId') ? undefined : fieldError(fields, 'orgId');
              if (orgMessage) setError(sentence(orgMessage));
              else if (Object.keys(next).length === 0) setError(caught.message);
            } else if (caught instanceof ApiError && caught.code === 'conflict') {
              setErrors({ email: t('web.admin.users.exists') });
            } else {
              setError(describeError(caught));
            }
          }
        }}
      >
        <div class="modal-body stack">
          <Field
            label={t('web.admin.users.email')}
            type="email"
            name="email"
            autocomplete="off"
            value={email}
            onValue={setEmail}
            error={errors.email}
          />
          <Field
            label={t('web.admin.users.initialPassword')}
            type="password"
            name="password"
            autocomplete="new-password"
            hint={t('web.admin.users.initialPasswordHint')}
            value={password}
            onValue={setPassword}
            error={errors.password}
          />
          <SelectField
            label={t('web.admin.users.role')}
            name="role"
            value={role}
            onValue={(v) => setRole(v as Role)}
            error={errors.role}
          >
            <option value="member">{t('web.admin.users.roleMember')}</option>
            <option value="org_admin">{t('web.admin.nav.orgAdmin')}</option>
            {isSystem && <option value="system_admin">{t('web.admin.nav.systemAdmin')}</option>}
          </SelectField>
          {isSystem && orgs.length > 0 && (
            <SelectField
              label={t('web.admin.users.org')}
              name="orgId"
              value={orgId}
              onValue={setOrgId}
              error={errors.orgId}
            >
              <option value="">{t('web.admin.users.noOrg')}</option>
              {orgs.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </SelectField>
          )}
          <StatusLine error={error} />
        </div>
        <div class="modal-actions">
          <button type="button" class="btn btn-secondary" onClick={onClose} disabled={busy}>
            {t('web.admin.common.cancel')}
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('web.admin.users.creating') : t('web.admin.users.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ComplianceBadge({ compliance }: { compliance: AdminUser['compliance'] }) {
  const { t } = useTranslation();
  switch (compliance.status) {
    case 'enrolled':
      return <Badge tone="good">{t('web.admin.users.enrolled')}</Badge>;
    case 'grace':
      return (
        <span class="compliance-grace">
          <Badge tone="warn">{t('web.admin.users.inGrace')}</Badge>
          {compliance.deadline && (
            <span class="cell-sub">
              {t('web.admin.users.until')}{' '}
              <time dateTime={compliance.deadline}>{formatDate(compliance.deadline)}</time>
            </span>
          )}
        </span>
      );
    case 'non_compliant':
      return <Badge tone="bad">{t('web.admin.overview.nonCompliant')}</Badge>;
    default:
      return <span class="muted">{t('web.admin.users.notRequired')}</span>;
  }
}
