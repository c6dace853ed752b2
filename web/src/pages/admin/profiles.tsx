import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge, Spinner, StatusLine } from '../../components/alert.js';
import { CheckField, Field } from '../../components/field.js';
import { Icon, MethodIcon } from '../../components/icons.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { FACTOR_TYPES, methodName } from '../../lib/format.js';
import { useTitle } from '../../lib/hooks.js';
import type { FactorType } from '../../lib/types.js';
import { type OrgProfile, useProfiles } from './use-profiles.js';

/** `/admin/profiles`: organization profiles (system admins) — classes of organizations and their default policy. */
export function ProfilesPage() {
  const app = useApp();
  const profiles = useProfiles();
  const [selected, setSelected] = useState<string | null>(null);
  useTitle('Organization profiles', app.config.productName);
  const list = profiles.data ?? [];
  const active = list.find((p) => p.id === selected) ?? list[0];

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>Organization profiles</h1>
          <p class="muted">
            Classes of organizations (“Enterprise”, “Trial”). Enforcement can choose profiles, and a profile
            can give its organizations a default two-step policy.
          </p>
        </div>
      </div>
      <CreateProfileForm
        onCreated={(profile) => {
          profiles.reload();
          setSelected(profile.id);
        }}
      />
      <div class="split">
        <section class="card" aria-labelledby="profiles-title">
          <div class="card-head">
            <h2 id="profiles-title">All profiles</h2>
          </div>
          {profiles.loading && !profiles.data ? (
            <div class="card-pad">
              <Spinner />
            </div>
          ) : profiles.error ? (
            <div class="card-pad">
              <Alert tone="error">{describeError(profiles.error)}</Alert>
            </div>
          ) : (
            <ul class="org-list">
              {list.map((profile) => (
                <li key={profile.id}>
                  <button
                    type="button"
                    class={`org-item${profile.id === active?.id ? ' is-active' : ''}`}
                    aria-pressed={profile.id === active?.id ? 'true' : 'false'}
                    onClick={() => setSelected(profile.id)}
                  >
                    <Icon name="building" />
                    <span class="org-item-name">
                      {profile.name} <span class="muted">· {profile.organizations} org.</span>
                    </span>
                    {profile.isDefault && <Badge>Default</Badge>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {active && (
          <ProfileEditor
            key={active.id}
            profile={active}
            onSaved={() => profiles.reload()}
            onDeleted={() => {
              setSelected(null);
              profiles.reload();
            }}
          />
        )}
      </div>
    </div>
  );
}

function CreateProfileForm({ onCreated }: { onCreated: (profile: OrgProfile) => void }) {
  const { notify } = useApp();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
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
          const profile = await api.post<OrgProfile>('/api/admin/org-profiles', {
            name: name.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
          });
          setName('');
          setDescription('');
          notify(`${profile.name} created`);
          onCreated(profile);
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
      <Field label="New profile name" name="name" value={name} onValue={setName} error={error} />
      <Field label="Description" name="description" value={description} onValue={setDescription} />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? 'Creating…' : 'Create profile'}
      </button>
    </form>
  );
}

function ProfileEditor({
  profile,
  onSaved,
  onDeleted,
}: {
  profile: OrgProfile;
  onSaved: () => void;
  onDeleted: () => void;
}) {
  const { config, notify } = useApp();
  const systemMethods = FACTOR_TYPES.filter((t) => config.methods[t]);
  const [name, setName] = useState(profile.name);
  const [description, setDescription] = useState(profile.description ?? '');
  const [hasPolicy, setHasPolicy] = useState(profile.policy !== null);
  const [requireAll, setRequireAll] = useState(profile.policy?.requireForAllMembers ?? false);
  const [methods, setMethods] = useState<FactorType[]>(profile.policy?.methods ?? systemMethods);
  const [grace, setGrace] = useState(
    profile.policy?.gracePeriodDays === null || profile.policy?.gracePeriodDays === undefined
      ? ''
      : String(profile.policy.gracePeriodDays),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setErrors({}), [profile.id]);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await api.put(`/api/admin/org-profiles/${encodeURIComponent(profile.id)}`, {
        name: name.trim(),
        description: description.trim() || null,
        policy: hasPolicy
          ? {
              requireForAllMembers: requireAll,
              methods: systemMethods.filter((t) => methods.includes(t)),
              gracePeriodDays: grace.trim() === '' ? null : Number(grace),
            }
          : null,
      });
      notify(`Profile ${name.trim()} saved`);
      onSaved();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        setErrors(caught.fieldErrors);
        setError(caught.message);
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setError(null);
    try {
      await api.delete(`/api/admin/org-profiles/${encodeURIComponent(profile.id)}`);
      notify(`Profile ${profile.name} deleted`);
      onDeleted();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <form class="card card-pad stack" aria-labelledby={`profile-${profile.id}`} noValidate onSubmit={save}>
      <div>
        <p class="eyebrow">Organization profile</p>
        <h2 id={`profile-${profile.id}`}>{profile.name}</h2>
        <p class="muted">
          {profile.organizations === 1 ? '1 organization' : `${profile.organizations} organizations`} in this
          profile.
        </p>
      </div>
      <Field label="Name" name="name" value={name} onValue={setName} error={fieldError(errors, 'name')} />
      <Field label="Description" name="description" value={description} onValue={setDescription} />
      <CheckField
        label="Give its organizations a default two-step policy"
        hint="Organizations that use no policy of their own inherit it; an organization can still customize its own."
        checked={hasPolicy}
        onChecked={setHasPolicy}
        switchStyle
      />
      {hasPolicy && (
        <div class="stack sub-settings">
          <CheckField
            label="Require two-factor authentication for all members"
            checked={requireAll}
            onChecked={setRequireAll}
            switchStyle
          />
          <Field
            label="Grace period"
            hint="Days members have to set it up. Empty: the system's grace period; 0: at their next sign-in."
            type="number"
            inputMode="numeric"
            suffix="days"
            name="policy.gracePeriodDays"
            value={grace}
            onValue={setGrace}
            error={fieldError(errors, 'policy.gracePeriodDays')}
          />
          <fieldset class="plain-fieldset">
            <legend>Allowed methods</legend>
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
            {fieldError(errors, 'policy.methods') && (
              <p class="field-error">{fieldError(errors, 'policy.methods')}</p>
            )}
          </fieldset>
        </div>
      )}
      <StatusLine error={error} />
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save profile'}
        </button>
        {!profile.isDefault && (
          <button type="button" class="btn btn-danger" onClick={remove}>
            Delete profile
          </button>
        )}
      </div>
    </form>
  );
}
