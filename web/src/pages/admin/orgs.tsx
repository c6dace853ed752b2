import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge, Spinner, StatusLine } from '../../components/alert.js';
import { CheckField, Field } from '../../components/field.js';
import { Icon, MethodIcon } from '../../components/icons.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { FACTOR_TYPES, methodName } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import type { FactorType, Organization, OrgPolicy } from '../../lib/types.js';
import { ProfileSelect } from './profile-select.js';
import { useOrgs } from './use-orgs.js';
import { useProfiles } from './use-profiles.js';

/** `/admin/orgs`: organizations (system admins) and each organization's 2FA policy. */
export function OrgsPage() {
  const app = useApp();
  const user = app.current?.user;
  const isSystem = user?.role === 'system_admin';
  const orgs = useOrgs();
  const [selected, setSelected] = useState<string | null>(null);
  useTitle('Organizations', app.config.productName);

  const list = orgs.data ?? [];
  const ownOrg = !isSystem && user?.orgId ? user.orgId : null;
  const active = selected ?? ownOrg ?? list[0]?.id ?? null;
  const activeOrg: Organization | undefined =
    list.find((o) => o.id === active) ?? (active ? { id: active, name: 'Your organization' } : undefined);

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>Organizations</h1>
          <p class="muted">
            {isSystem
              ? 'Organizations on this server. Each can follow the system policy or tighten it.'
              : 'Your organization can follow the system policy or tighten it.'}
          </p>
        </div>
      </div>

      {isSystem && (
        <CreateOrgForm
          onCreated={(org) => {
            orgs.reload();
            setSelected(org.id);
          }}
        />
      )}

      <div class="split">
        {isSystem && (
          <section class="card" aria-labelledby="orgs-title">
            <div class="card-head">
              <h2 id="orgs-title">All organizations</h2>
            </div>
            {orgs.loading && !orgs.data ? (
              <div class="card-pad">
                <Spinner />
              </div>
            ) : orgs.error ? (
              <div class="card-pad">
                <Alert tone="error">{describeError(orgs.error)}</Alert>
              </div>
            ) : list.length === 0 ? (
              <p class="empty">No organizations yet.</p>
            ) : (
              <ul class="org-list">
                {list.map((org) => (
                  <li key={org.id}>
                    <button
                      type="button"
                      class={`org-item${org.id === active ? ' is-active' : ''}`}
                      aria-pressed={org.id === active ? 'true' : 'false'}
                      onClick={() => setSelected(org.id)}
                    >
                      <Icon name="building" />
                      <span class="org-item-name">{org.name}</span>
                      <Icon name="chevron-right" size={16} />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {activeOrg ? (
          <OrgPolicyEditor key={activeOrg.id} org={activeOrg} onMoved={() => orgs.reload()} />
        ) : (
          !isSystem && (
            <section class="card card-pad">
              <p class="muted">Your account does not belong to an organization.</p>
            </section>
          )
        )}
      </div>
    </div>
  );
}

function CreateOrgForm({ onCreated }: { onCreated: (org: Organization) => void }) {
  const { notify } = useApp();
  const profiles = useProfiles();
  const [profileId, setProfileId] = useState('default');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="card card-pad inline-form"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if (!name.trim()) {
          setError('Enter a name.');
          return;
        }
        setBusy(true);
        setError(undefined);
        try {
          const org = await api.post<Organization>('/api/admin/orgs', { name: name.trim(), profileId });
          setName('');
          notify(`${org.name} created`);
          onCreated(org);
        } catch (caught) {
          setError(
            caught instanceof ApiError && caught.code === 'invalid_request'
              ? (fieldError(caught.fieldErrors, 'name') ?? caught.message)
              : describeError(caught),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <Field label="New organization name" name="name" value={name} onValue={setName} error={error} />
      <ProfileSelect profiles={profiles.data ?? []} value={profileId} onValue={setProfileId} />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? 'Creating…' : 'Create organization'}
      </button>
    </form>
  );
}

function OrgPolicyEditor({ org, onMoved }: { org: Organization; onMoved: () => void }) {
  const { config, notify, current } = useApp();
  const isSystem = current?.user.role === 'system_admin';
  const policy = useLoad(() =>
    api.get<OrgPolicy>(`/api/admin/orgs/${encodeURIComponent(org.id)}/mfa/policy`),
  );
  const systemMethods = policy.data?.systemMethods ?? FACTOR_TYPES.filter((t) => config.methods[t]);
  const [useSystem, setUseSystem] = useState(true);
  const [requireAll, setRequireAll] = useState(false);
  const [methods, setMethods] = useState<FactorType[]>(systemMethods);
  const [grace, setGrace] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!policy.data) return;
    setUseSystem(policy.data.useSystemPolicy !== false);
    setRequireAll(!!policy.data.requireForAllMembers);
    setMethods(policy.data.methods ?? policy.data.systemMethods ?? systemMethods);
    setGrace(policy.data.gracePeriodDays === null ? '' : String(policy.data.gracePeriodDays));
  }, [policy.data]);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const body = useSystem
        ? { useSystemPolicy: true }
        : {
            useSystemPolicy: false,
            requireForAllMembers: requireAll,
            methods: systemMethods.filter((t) => methods.includes(t)),
            // Empty: the system's grace period; a number (0 = none) is the organization's own.
            gracePeriodDays: grace.trim() === '' ? null : Number(grace),
          };
      const result = await api.put<OrgPolicy>(
        `/api/admin/orgs/${encodeURIComponent(org.id)}/mfa/policy`,
        body,
      );
      if (result) policy.setData(result);
      notify(`Policy saved for ${org.name}`);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        setErrors(caught.fieldErrors);
        setError(caught.message);
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card card-pad stack" aria-labelledby={`org-${org.id}`} noValidate onSubmit={save}>
      <div>
        <p class="eyebrow">Organization policy</p>
        <h2 id={`org-${org.id}`}>{org.name}</h2>
      </div>
      {policy.loading && !policy.data ? (
        <Spinner />
      ) : policy.error && !policy.data ? (
        <Alert tone="error">{describeError(policy.error)}</Alert>
      ) : (
        <>
          {policy.data && <ProfileLine org={org} policy={policy.data} canMove={isSystem} onMoved={onMoved} />}
          <div class="radio-cards" role="radiogroup" aria-label={`Policy for ${org.name}`}>
            <label class={`radio-card${useSystem ? ' is-checked' : ''}`}>
              <input
                type="radio"
                name="useSystemPolicy"
                checked={useSystem}
                onChange={() => setUseSystem(true)}
              />
              <span class="radio-card-text">
                <span class="radio-card-title">Use the system policy</span>
                <span class="radio-card-hint">
                  {policy.data?.profile.policy
                    ? `Follow the server-wide policy and the default of the ${policy.data.profile.name ?? ''} profile.`
                    : 'Follow the server-wide methods and enforcement.'}
                </span>
              </span>
            </label>
            <label class={`radio-card${!useSystem ? ' is-checked' : ''}`}>
              <input
                type="radio"
                name="useSystemPolicy"
                checked={!useSystem}
                onChange={() => setUseSystem(false)}
              />
              <span class="radio-card-text">
                <span class="radio-card-title">Customize for this organization</span>
                <span class="radio-card-hint">Require 2FA for every member and limit the methods.</span>
              </span>
            </label>
          </div>
          {!useSystem && (
            <div class="stack sub-settings">
              <CheckField
                label="Require two-factor authentication for all members"
                hint={graceHint(grace, policy.data?.systemGracePeriodDays ?? 0)}
                checked={requireAll}
                onChecked={setRequireAll}
                switchStyle
              />
              <Field
                label="Grace period for members"
                hint={`Days members have to set it up once required. 0: at their next sign-in. Empty: the system's (${policy.data?.systemGracePeriodDays ?? 0} days).`}
                type="number"
                inputMode="numeric"
                suffix="days"
                name="gracePeriodDays"
                value={grace}
                onValue={setGrace}
                error={fieldError(errors, 'gracePeriodDays')}
              />
              <fieldset class="plain-fieldset">
                <legend>Allowed methods</legend>
                <p class="hint">Only methods enabled on the server can be chosen.</p>
                <div class="checks">
                  {FACTOR_TYPES.map((type) => (
                    <CheckField
                      key={type}
                      label={
                        <span class="with-icon">
                          <MethodIcon method={type} size={16} /> {methodName(type)}
                          {!systemMethods.includes(type) && <Badge>Off on this server</Badge>}
                        </span>
                      }
                      disabled={!systemMethods.includes(type)}
                      checked={methods.includes(type) && systemMethods.includes(type)}
                      onChecked={(checked) =>
                        setMethods(checked ? [...methods, type] : methods.filter((m) => m !== type))
                      }
                    />
                  ))}
                </div>
                {fieldError(errors, 'methods') && <p class="field-error">{fieldError(errors, 'methods')}</p>}
              </fieldset>
            </div>
          )}
          <StatusLine error={error} />
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save organization policy'}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

/** What "Require for all members" promises, with the grace period the form holds. */
function graceHint(grace: string, systemDays: number): string {
  const days = grace.trim() === '' ? systemDays : Number(grace);
  if (!Number.isFinite(days) || days <= 0)
    return 'Members without it are taken through setup at their next sign-in.';
  return `Members without it get ${days} day${days === 1 ? '' : 's'} to set it up, then are taken through setup at sign-in.`;
}

/** The organization's profile, and (system admins) a way to move it to another. */
function ProfileLine({
  org,
  policy,
  canMove,
  onMoved,
}: {
  org: Organization;
  policy: OrgPolicy;
  canMove: boolean;
  onMoved: () => void;
}) {
  const { notify } = useApp();
  const profiles = useProfiles();
  const [error, setError] = useState<string | null>(null);
  const inherited = policy.profile.policy;
  return (
    <div class="stack">
      {canMove ? (
        <ProfileSelect
          profiles={profiles.data ?? []}
          value={policy.profile.id}
          onValue={async (profileId) => {
            setError(null);
            try {
              await api.put(`/api/admin/orgs/${encodeURIComponent(org.id)}`, { profileId });
              notify(`${org.name} moved to another profile`);
              onMoved();
            } catch (caught) {
              setError(describeError(caught));
            }
          }}
        />
      ) : (
        <p class="muted">Profile: {policy.profile.name ?? policy.profile.id}</p>
      )}
      {inherited && (
        <p class="hint">
          The profile’s default policy
          {inherited.requireForAllMembers
            ? ' requires two-factor authentication for all members'
            : ' requires nothing more'}
          {inherited.methods ? ` (methods: ${inherited.methods.map(methodName).join(', ')})` : ''}; it applies
          while this organization uses the system policy.
        </p>
      )}
      <StatusLine error={error} />
    </div>
  );
}
