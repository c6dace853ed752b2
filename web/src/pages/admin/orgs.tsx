import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge, Spinner, StatusLine } from '../../components/alert.js';
import { CheckField, Field } from '../../components/field.js';
import { Icon, MethodIcon } from '../../components/icons.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { FACTOR_TYPES, methodName } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import type { FactorType, Organization, OrgPolicy } from '../../lib/types.js';
import { useOrgs } from './use-orgs.js';

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
          <OrgPolicyEditor key={activeOrg.id} org={activeOrg} />
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
          const org = await api.post<Organization>('/api/admin/orgs', { name: name.trim() });
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
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? 'Creating…' : 'Create organization'}
      </button>
    </form>
  );
}

function OrgPolicyEditor({ org }: { org: Organization }) {
  const { config, notify } = useApp();
  const policy = useLoad(() =>
    api.get<OrgPolicy>(`/api/admin/orgs/${encodeURIComponent(org.id)}/mfa/policy`),
  );
  const systemMethods = policy.data?.systemMethods ?? FACTOR_TYPES.filter((t) => config.methods[t]);
  const [useSystem, setUseSystem] = useState(true);
  const [requireAll, setRequireAll] = useState(false);
  const [methods, setMethods] = useState<FactorType[]>(systemMethods);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!policy.data) return;
    setUseSystem(policy.data.useSystemPolicy !== false);
    setRequireAll(!!policy.data.requireForAllMembers);
    setMethods(policy.data.methods ?? policy.data.systemMethods ?? systemMethods);
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
                <span class="radio-card-hint">Follow the server-wide methods and enforcement.</span>
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
                hint="Members without it are taken through setup at their next sign-in."
                checked={requireAll}
                onChecked={setRequireAll}
                switchStyle
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
