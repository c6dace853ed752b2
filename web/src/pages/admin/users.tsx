import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge, StatusLine } from '../../components/alert.js';
import { ConfirmDialog, Modal } from '../../components/dialog.js';
import { Field, SelectField } from '../../components/field.js';
import { Icon, MethodIcon } from '../../components/icons.js';
import { TableFoot } from '../../components/table-foot.js';
import { ApiError, api, describeError, fieldError, query, sentence } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { methodName, methodShort } from '../../lib/format.js';
import { useCursorList, useDebounced, useTitle } from '../../lib/hooks.js';
import { useNavigate, useRoute } from '../../lib/router.js';
import type { AdminUser, Organization, Role } from '../../lib/types.js';
import { orgName, useOrgs } from './use-orgs.js';
import { UserSessionsDialog } from './user-sessions-dialog.js';

const ROLE_NAMES: Record<Role, string> = {
  system_admin: 'System admin',
  org_admin: 'Org admin',
  member: 'Member',
};

type Action = { kind: 'reset' | 'unlock'; user: AdminUser } | null;

/** `/admin/users`: search, filters, the 2FA column, reset and unlock, and creating users. */
export function UsersPage() {
  const app = useApp();
  const { params } = useRoute();
  const navigate = useNavigate();
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
  useTitle('Users', app.config.productName);

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
          <h1>Users</h1>
          <p class="muted">Who has two-factor authentication, and help for those locked out.</p>
        </div>
        <div class="page-head-actions">
          <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" /> Add user
          </button>
        </div>
      </div>

      <section class="card">
        <form class="toolbar" aria-label="Filter users" onSubmit={(event) => event.preventDefault()}>
          <Field
            label="Search"
            type="search"
            name="q"
            placeholder="Email or name"
            value={q}
            onValue={setQ}
            class="toolbar-search"
          />
          <SelectField label="2FA" name="mfa" value={mfa} onValue={setMfa}>
            <option value="">All users</option>
            <option value="enabled">2FA enabled</option>
            <option value="disabled">2FA not set up</option>
          </SelectField>
          <SelectField label="Compliance" name="compliance" value={compliance} onValue={setCompliance}>
            <option value="">Any</option>
            <option value="enrolled">Enrolled</option>
            <option value="non_compliant">Non-compliant (in grace or overdue)</option>
            <option value="grace">In grace period</option>
            <option value="not_required">Not required</option>
          </SelectField>
          <SelectField label="Status" name="locked" value={locked} onValue={setLocked}>
            <option value="">Any status</option>
            <option value="true">Locked</option>
          </SelectField>
          {orgList.length > 0 && (
            <SelectField label="Organization" name="orgId" value={orgId} onValue={setOrgId}>
              <option value="">All organizations</option>
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
            <caption class="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">2FA</th>
                <th scope="col">Compliance</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td data-label="User">
                    <EmailText email={user.email} />{' '}
                    {user.emailVerified ? (
                      <Badge tone="good">Verified</Badge>
                    ) : (
                      <span title="The address has not been verified yet">
                        <Badge tone="warn">Unverified</Badge>
                      </span>
                    )}
                    {user.name && <span class="cell-sub">{user.name}</span>}
                  </td>
                  <td data-label="Role">
                    {ROLE_NAMES[user.role] ?? user.role}
                    {user.orgId && <span class="cell-sub">{orgName(orgList, user.orgId)}</span>}
                    {user.apiUser && (
                      <span
                        class="cell-sub"
                        title={`Created through the verify API; externalId: ${user.externalId ?? ''}`}
                      >
                        <Badge tone="brand">API</Badge> <span class="mono">{user.externalId}</span>
                      </span>
                    )}
                  </td>
                  <td data-label="2FA">
                    {user.mfaEnabled ? (
                      <span class="mfa-cell">
                        <Badge tone="good">
                          <Icon name="check" size={14} /> Enabled
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
                      <Badge tone="warn">Not set up</Badge>
                    )}
                  </td>
                  <td data-label="Compliance">
                    <ComplianceBadge compliance={user.compliance} />
                  </td>
                  <td data-label="Status">
                    {user.locked && !(user.throttled && !user.lockedUntil) ? (
                      <Badge tone="bad">
                        <Icon name="lock" size={14} /> Locked
                      </Badge>
                    ) : user.throttled ? (
                      <Badge tone="warn">
                        <span
                          title={
                            user.throttledUntil
                              ? `Password sign-ins from unknown browsers wait until ${new Date(user.throttledUntil).toLocaleString()}`
                              : undefined
                          }
                        >
                          <Icon name="lock" size={14} /> Throttled
                        </span>
                      </Badge>
                    ) : (
                      <span class="muted">Active</span>
                    )}
                  </td>
                  <td class="row-actions">
                    <button type="button" class="btn btn-ghost btn-small" onClick={() => setSessionsOf(user)}>
                      <Icon name="logout" size={16} /> Sessions
                      <span class="visually-hidden"> of {user.email}</span>
                    </button>
                    {(user.locked || user.throttled) && (
                      <button
                        type="button"
                        class="btn btn-secondary btn-small"
                        onClick={() => setAction({ kind: 'unlock', user })}
                      >
                        <Icon name="unlock" size={16} /> Unlock
                        <span class="visually-hidden"> {user.email}</span>
                      </button>
                    )}
                    {(user.mfaEnabled || user.mfaMethods.length > 0) && (
                      <button
                        type="button"
                        class="btn btn-ghost btn-small btn-danger-text"
                        onClick={() => setAction({ kind: 'reset', user })}
                      >
                        <Icon name="refresh" size={16} /> Reset 2FA
                        <span class="visually-hidden"> for {user.email}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {users.length === 0 && !loading && (
            <p class="empty">{filtered ? 'No users match these filters.' : 'No users yet.'}</p>
          )}
        </div>
        <TableFoot loading={loading} count={users.length} noun="user" cursor={cursor} onLoadMore={loadMore} />
      </section>

      <ConfirmDialog
        open={action?.kind === 'reset'}
        title="Reset two-factor authentication?"
        confirmLabel="Reset 2FA"
        danger
        onClose={() => setAction(null)}
        onConfirm={async () => {
          if (!action) return;
          await api.post(`/api/admin/users/${encodeURIComponent(action.user.id)}/mfa/reset`, {});
          app.notify(`Two-factor authentication reset for ${action.user.email}`);
          setVersion((v) => v + 1);
        }}
      >
        <p>
          All methods and backup codes of <strong>{action?.user.email}</strong> will be removed and their
          other sessions ended. Where policy requires it, they will set up two-factor authentication again at
          their next sign-in. They will get an email about it.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={action?.kind === 'unlock'}
        title="Unlock this account?"
        confirmLabel="Unlock"
        onClose={() => setAction(null)}
        onConfirm={async () => {
          if (!action) return;
          await api.post(`/api/admin/users/${encodeURIComponent(action.user.id)}/unlock`, {});
          app.notify(`${action.user.email} unlocked`);
          setVersion((v) => v + 1);
        }}
      >
        <p>
          <strong>{action?.user.email}</strong> was locked after too many failed attempts. Unlock only if
          you’re sure it was them.
        </p>
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
          app.notify(`${email} created`);
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
    <Modal open={open} title="Add a user" onClose={onClose}>
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
              setErrors({ email: 'A user with this email already exists.' });
            } else {
              setError(describeError(caught));
            }
          }
        }}
      >
        <div class="modal-body stack">
          <Field
            label="Email"
            type="email"
            name="email"
            autocomplete="off"
            value={email}
            onValue={setEmail}
            error={errors.email}
          />
          <Field
            label="Initial password"
            type="password"
            name="password"
            autocomplete="new-password"
            hint="Share it safely; the user can sign in with it and set up 2FA."
            value={password}
            onValue={setPassword}
            error={errors.password}
          />
          <SelectField
            label="Role"
            name="role"
            value={role}
            onValue={(v) => setRole(v as Role)}
            error={errors.role}
          >
            <option value="member">Member</option>
            <option value="org_admin">Organization admin</option>
            {isSystem && <option value="system_admin">System admin</option>}
          </SelectField>
          {isSystem && orgs.length > 0 && (
            <SelectField
              label="Organization"
              name="orgId"
              value={orgId}
              onValue={setOrgId}
              error={errors.orgId}
            >
              <option value="">No organization</option>
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
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * An email that wraps only where a reader expects it — before the "@", or after a dot or
 * hyphen of the name — never mid-word; the domain stays whole.
 */
function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  return (
    <span class="cell-strong cell-email">
      {at > 0 ? (
        <>
          <span>{email.slice(0, at)}</span>
          <wbr />
          <span class="nowrap">{email.slice(at)}</span>
        </>
      ) : (
        email
      )}
    </span>
  );
}

function ComplianceBadge({ compliance }: { compliance: AdminUser['compliance'] }) {
  switch (compliance.status) {
    case 'enrolled':
      return <Badge tone="good">Enrolled</Badge>;
    case 'grace':
      return (
        <span class="compliance-grace">
          <Badge tone="warn">In grace</Badge>
          {compliance.deadline && (
            <span class="cell-sub">
              until{' '}
              <time dateTime={compliance.deadline}>
                {new Date(compliance.deadline).toLocaleDateString(undefined, {
                  month: 'short',
                  day: 'numeric',
                  year: 'numeric',
                })}
              </time>
            </span>
          )}
        </span>
      );
    case 'non_compliant':
      return <Badge tone="bad">Non-compliant</Badge>;
    default:
      return <span class="muted">Not required</span>;
  }
}
