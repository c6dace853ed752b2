import { useEffect, useState } from 'preact/hooks';
import { Badge, StatusLine } from '../../components/alert.js';
import { CheckField, Field } from '../../components/field.js';
import { Icon } from '../../components/icons.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { useTitle } from '../../lib/hooks.js';
import { useTranslation } from '../../lib/i18n.js';
import type { FactorType } from '../../lib/types.js';
import { ListState } from './list-state.js';
import { PolicyFields } from './policy-fields.js';
import { useFieldSubmit } from './use-field-submit.js';
import { type OrgProfile, profileText, useProfiles } from './use-profiles.js';

/** `/admin/profiles`: organization profiles (system admins) — classes of organizations and their default policy. */
export function ProfilesPage() {
  const app = useApp();
  const { t } = useTranslation();
  const profiles = useProfiles();
  const [selected, setSelected] = useState<string | null>(null);
  useTitle(t('web.admin.targets.profiles'), app.config.productName);
  const list = profiles.data ?? [];
  const active = list.find((p) => p.id === selected) ?? list[0];

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.targets.profiles')}</h1>
          <p class="muted">{t('web.admin.profiles.subtitle')}</p>
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
            <h2 id="profiles-title">{t('web.admin.profiles.all')}</h2>
          </div>
          <ListState state={profiles}>
            {() => (
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
                        {profileText(profile, t).name}{' '}
                        <span class="muted">
                          · {t('web.admin.profiles.orgCount', { count: profile.organizations })}
                        </span>
                      </span>
                      {profile.isDefault && <Badge>{t('web.admin.profiles.default')}</Badge>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </ListState>
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
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { error, setError, busy, run } = useFieldSubmit('name');
  return (
    <form
      class="card card-pad inline-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) {
          setError(t('web.admin.common.enterName'));
          return;
        }
        void run(async () => {
          const profile = await api.post<OrgProfile>('/api/admin/org-profiles', {
            name: name.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
          });
          setName('');
          setDescription('');
          notify(t('web.admin.common.created', { name: profile.name }));
          onCreated(profile);
        });
      }}
    >
      <Field
        label={t('web.admin.profiles.newName')}
        name="name"
        value={name}
        onValue={setName}
        error={error}
      />
      <Field
        label={t('web.admin.profiles.description')}
        name="description"
        value={description}
        onValue={setDescription}
      />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? t('web.admin.users.creating') : t('web.admin.profiles.create')}
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
  const { t } = useTranslation();
  const systemMethods = config.factorTypes.filter((type) => config.methods[type]);
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
              methods: systemMethods.filter((type) => methods.includes(type)),
              gracePeriodDays: grace.trim() === '' ? null : Number(grace),
            }
          : null,
      });
      notify(t('web.admin.profiles.saved', { name: name.trim() }));
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
      notify(t('web.admin.profiles.deleted', { name: profile.name }));
      onDeleted();
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  return (
    <form class="card card-pad stack" aria-labelledby={`profile-${profile.id}`} noValidate onSubmit={save}>
      <div>
        <p class="eyebrow">{t('web.admin.profiles.eyebrow')}</p>
        <h2 id={`profile-${profile.id}`}>{profileText(profile, t).name}</h2>
        <p class="muted">{t('web.admin.profiles.inProfile', { count: profile.organizations })}</p>
      </div>
      <Field
        label={t('web.admin.profiles.name')}
        name="name"
        value={name}
        onValue={setName}
        error={fieldError(errors, 'name')}
      />
      <Field
        label={t('web.admin.profiles.description')}
        name="description"
        value={description}
        onValue={setDescription}
      />
      <CheckField
        label={t('web.admin.profiles.hasPolicy')}
        hint={t('web.admin.profiles.hasPolicyHint')}
        checked={hasPolicy}
        onChecked={setHasPolicy}
        switchStyle
      />
      {hasPolicy && (
        <PolicyFields
          prefix="policy."
          errors={errors}
          requireAll={requireAll}
          onRequireAll={setRequireAll}
          grace={grace}
          onGrace={setGrace}
          graceLabel={t('web.admin.policy.grace')}
          graceHint={t('web.admin.profiles.graceHint')}
          methods={methods}
          onMethods={setMethods}
          systemMethods={systemMethods}
        />
      )}
      <StatusLine error={error} />
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('web.admin.common.saving') : t('web.admin.profiles.save')}
        </button>
        {!profile.isDefault && (
          <button type="button" class="btn btn-danger" onClick={remove}>
            {t('web.admin.profiles.delete')}
          </button>
        )}
      </div>
    </form>
  );
}
