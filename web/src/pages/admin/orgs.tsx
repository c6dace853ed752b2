import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Alert, Spinner, StatusLine } from '../../components/alert.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { Field } from '../../components/field.js';
import { Icon } from '../../components/icons.js';
import { ApiError, api, describeError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { methodName } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import { currentLocale, useTranslation } from '../../lib/i18n.js';
import { useNavigate } from '../../lib/router.js';
import type { FactorType, Organization, OrgPolicy } from '../../lib/types.js';
import { ListState } from './list-state.js';
import { describePreview, type PolicyPreview } from './policy.js';
import { PolicyFields } from './policy-fields.js';
import { ProfileSelect } from './profile-select.js';
import { useFieldSubmit } from './use-field-submit.js';
import { useOrgs } from './use-orgs.js';
import { profileText, useProfiles } from './use-profiles.js';

/** `/admin/orgs`: organizations (system admins) and each organization's 2FA policy. */
export function OrgsPage() {
  const app = useApp();
  const { t } = useTranslation();
  const user = app.current?.user;
  const isSystem = user?.role === 'system_admin';
  const orgs = useOrgs();
  const [selected, setSelected] = useState<string | null>(null);
  useTitle(t('web.admin.nav.orgs'), app.config.productName);

  const list = orgs.data ?? [];
  const ownOrg = !isSystem && user?.orgId ? user.orgId : null;
  const active = selected ?? ownOrg ?? list[0]?.id ?? null;
  const activeOrg: Organization | undefined =
    list.find((o) => o.id === active) ??
    (active ? { id: active, name: t('web.admin.orgs.yours') } : undefined);

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.nav.orgs')}</h1>
          <p class="muted">
            {isSystem ? t('web.admin.orgs.subtitleSystem') : t('web.admin.orgs.subtitleOrg')}
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
              <h2 id="orgs-title">{t('web.admin.users.allOrgs')}</h2>
            </div>
            <ListState state={orgs} isEmpty={(data) => data.length === 0} empty={t('web.admin.orgs.none')}>
              {() => (
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
            </ListState>
          </section>
        )}
        {activeOrg ? (
          <div class="stack">
            <OrgPolicyEditor key={activeOrg.id} org={activeOrg} onMoved={() => orgs.reload()} />
            <ProductNameForm key={`brand-${activeOrg.id}`} org={activeOrg} onSaved={() => orgs.reload()} />
          </div>
        ) : (
          !isSystem && (
            <section class="card card-pad">
              <p class="muted">{t('web.admin.orgs.noOrg')}</p>
            </section>
          )
        )}
      </div>
    </div>
  );
}

function CreateOrgForm({ onCreated }: { onCreated: (org: Organization) => void }) {
  const { notify } = useApp();
  const { t } = useTranslation();
  const profiles = useProfiles();
  const [profileId, setProfileId] = useState('default');
  const [name, setName] = useState('');
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
          const org = await api.post<Organization>('/api/admin/orgs', { name: name.trim(), profileId });
          setName('');
          notify(t('web.admin.common.created', { name: org.name }));
          onCreated(org);
        });
      }}
    >
      <Field label={t('web.admin.orgs.newName')} name="name" value={name} onValue={setName} error={error} />
      <ProfileSelect profiles={profiles.data ?? []} value={profileId} onValue={setProfileId} />
      <button type="submit" class="btn btn-primary" disabled={busy}>
        <Icon name="plus" /> {busy ? t('web.admin.users.creating') : t('web.admin.orgs.create')}
      </button>
    </form>
  );
}

function OrgPolicyEditor({ org, onMoved }: { org: Organization; onMoved: () => void }) {
  const { config, notify, current } = useApp();
  const { t } = useTranslation();
  const isSystem = current?.user.role === 'system_admin';
  const policy = useLoad(() =>
    api.get<OrgPolicy>(`/api/admin/orgs/${encodeURIComponent(org.id)}/mfa/policy`),
  );
  const systemMethods =
    policy.data?.systemMethods ?? config.factorTypes.filter((type) => config.methods[type]);
  const [useSystem, setUseSystem] = useState(true);
  const [requireAll, setRequireAll] = useState(false);
  const [methods, setMethods] = useState<FactorType[]>(systemMethods);
  const [grace, setGrace] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // An enforcement change waiting for the admin's confirmation, with the dry run it showed.
  const [pending, setPending] = useState<{ body: Record<string, unknown>; dryRun: PolicyPreview } | null>(
    null,
  );
  const navigate = useNavigate();
  const path = `/api/admin/orgs/${encodeURIComponent(org.id)}/mfa/policy`;

  // The stored policy fills the form once, when it arrives (as on the system policy page). After
  // a save the form already holds what was saved; filling it again when the answer lands (an
  // effect, after the paint) would overwrite an edit made in between.
  const filled = useRef(false);
  useEffect(() => {
    if (!policy.data || filled.current) return;
    filled.current = true;
    setUseSystem(policy.data.useSystemPolicy !== false);
    setRequireAll(!!policy.data.requireForAllMembers);
    setMethods(policy.data.methods ?? policy.data.systemMethods ?? systemMethods);
    setGrace(policy.data.gracePeriodDays === null ? '' : String(policy.data.gracePeriodDays));
  }, [policy.data]);

  const showErrors = (caught: unknown) => {
    if (caught instanceof ApiError && caught.code === 'invalid_request') {
      setErrors(caught.fieldErrors);
      setError(caught.message);
    } else setError(describeError(caught));
  };

  const put = async (body: Record<string, unknown>, dryRun: PolicyPreview | null) => {
    const result = await api.put<OrgPolicy>(path, body);
    if (result) policy.setData(result);
    notify(t('web.admin.orgs.saved', { name: org.name }), { carry: dryRun?.actorNeedsSetup === true });
    // An org admin who just required 2FA of their own organization and has none sets it up now.
    if (dryRun?.actorNeedsSetup) navigate('/setup');
  };

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
            methods: systemMethods.filter((type) => methods.includes(type)),
            // Empty: the system's grace period; a number (0 = none) is the organization's own.
            gracePeriodDays: grace.trim() === '' ? null : Number(grace),
          };
      // Say what it will do before saving, as the system policy does: the server's dry run of
      // this very change. Who must use 2FA changes, or the grace period of a requirement does.
      const dryRun = await api.post<PolicyPreview>(`${path}/preview`, body);
      const graceChanged =
        !useSystem && requireAll && dryRun.changes.some((c) => c.startsWith('gracePeriodDays'));
      if (dryRun.enforcementChanged || graceChanged) {
        setPending({ body, dryRun });
        return;
      }
      await put(body, null);
    } catch (caught) {
      showErrors(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card card-pad stack" aria-labelledby={`org-${org.id}`} noValidate onSubmit={save}>
      <div>
        <p class="eyebrow">{t('web.admin.orgs.policy')}</p>
        <h2 id={`org-${org.id}`}>{org.name}</h2>
      </div>
      {policy.loading && !policy.data ? (
        <Spinner />
      ) : policy.error && !policy.data ? (
        <Alert tone="error">{describeError(policy.error)}</Alert>
      ) : (
        <>
          {policy.data && <ProfileLine org={org} policy={policy.data} canMove={isSystem} onMoved={onMoved} />}
          <div
            class="radio-cards"
            role="radiogroup"
            aria-label={t('web.admin.orgs.policyFor', { name: org.name })}
          >
            <label class={`radio-card${useSystem ? ' is-checked' : ''}`}>
              <input
                type="radio"
                name="useSystemPolicy"
                checked={useSystem}
                onChange={() => setUseSystem(true)}
              />
              <span class="radio-card-text">
                <span class="radio-card-title">{t('web.admin.orgs.useSystem')}</span>
                <span class="radio-card-hint">
                  {policy.data?.profile.policy
                    ? t('web.admin.orgs.useSystemProfileHint', {
                        name: profileText(
                          { id: policy.data.profile.id, name: policy.data.profile.name ?? '' },
                          t,
                        ).name,
                      })
                    : t('web.admin.orgs.useSystemHint')}
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
                <span class="radio-card-title">{t('web.admin.orgs.customize')}</span>
                <span class="radio-card-hint">{t('web.admin.orgs.customizeHint')}</span>
              </span>
            </label>
          </div>
          {!useSystem && (
            <PolicyFields
              prefix=""
              errors={errors}
              requireAll={requireAll}
              onRequireAll={setRequireAll}
              requireAllHint={graceHint(grace, policy.data?.systemGracePeriodDays ?? 0, t)}
              grace={grace}
              onGrace={setGrace}
              graceLabel={t('web.admin.orgs.grace')}
              graceHint={t('web.admin.orgs.graceHint', { count: policy.data?.systemGracePeriodDays ?? 0 })}
              methods={methods}
              onMethods={setMethods}
              methodsHint={t('web.admin.orgs.allowedMethodsHint')}
              systemMethods={systemMethods}
            />
          )}
          <StatusLine error={error} />
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? t('web.admin.common.saving') : t('web.admin.orgs.save')}
            </button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={t('web.admin.policy.confirmTitle')}
        confirmLabel={t('web.admin.orgs.save')}
        onConfirm={async () => {
          if (pending) await put(pending.body, pending.dryRun);
        }}
        onClose={() => setPending(null)}
      >
        {pending && (
          <>
            <p data-testid="org-policy-preview">{describePreview(pending.dryRun, t)}</p>
            {pending.dryRun.withoutMfa > 0 && pending.dryRun.gracePeriodDays === 0 && (
              <p class="muted">{t('web.admin.policy.previewSessionsEnd')}</p>
            )}
            {pending.dryRun.actorNeedsSetup && (
              <Alert tone="warning">{t('web.admin.policy.previewIncludesYou')}</Alert>
            )}
          </>
        )}
      </ConfirmDialog>
    </form>
  );
}

/**
 * The product name the organization's members read in their emails and SMS (a system
 * admin or the organization's own admins set it), with an example subject line.
 */
function ProductNameForm({ org, onSaved }: { org: Organization; onSaved: () => void }) {
  const { config, notify } = useApp();
  const { t } = useTranslation();
  const [value, setValue] = useState(org.productName ?? '');
  const { error, busy, run } = useFieldSubmit('productName');
  // An org admin's page starts with only the organization's id; its saved name arrives with the list.
  useEffect(() => setValue(org.productName ?? ''), [org.productName]);
  const shown = value.trim() || config.productName;
  return (
    <form
      class="card card-pad stack"
      aria-labelledby={`brand-${org.id}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          // Empty: back to the system's name.
          const productName = value.trim() === '' ? null : value.trim();
          await api.put<Organization>(`/api/admin/orgs/${encodeURIComponent(org.id)}`, { productName });
          notify(t('web.admin.orgs.productNameSaved', { name: org.name }));
          onSaved();
        });
      }}
    >
      <h2 id={`brand-${org.id}`}>{t('web.admin.orgs.branding')}</h2>
      <Field
        label={t('web.admin.orgs.productName')}
        hint={t('web.admin.orgs.productNameHint', { product: config.productName })}
        name="productName"
        maxLength={60}
        autoComplete="off"
        placeholder={config.productName}
        value={value}
        onValue={setValue}
        error={error}
      />
      <div class="subject-preview" data-testid="product-name-preview">
        <p class="hint">{t('web.admin.orgs.productNamePreview')}</p>
        <p>
          <strong>{t('message.codeSignIn.emailSubject', { code: '123456', product: shown })}</strong>
        </p>
      </div>
      <div class="button-row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('web.admin.common.saving') : t('web.admin.orgs.productNameSave')}
        </button>
      </div>
    </form>
  );
}

/** What "Require for all members" promises, with the grace period the form holds. */
function graceHint(grace: string, systemDays: number, t: TFunction): string {
  const days = grace.trim() === '' ? systemDays : Number(grace);
  if (!Number.isFinite(days) || days <= 0) return t('web.admin.orgs.requireAllNow');
  return t('web.admin.orgs.requireAllGrace', { count: days });
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
  const { t } = useTranslation();
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
              notify(t('web.admin.orgs.moved', { name: org.name }));
              onMoved();
            } catch (caught) {
              setError(describeError(caught));
            }
          }}
        />
      ) : (
        <p class="muted">
          {t('web.admin.orgs.profileLine', {
            name: profileText({ id: policy.profile.id, name: policy.profile.name ?? policy.profile.id }, t)
              .name,
          })}
        </p>
      )}
      {inherited && (
        <p class="hint">
          {inherited.methods
            ? t(
                inherited.requireForAllMembers
                  ? 'web.admin.orgs.inheritedRequiresMethods'
                  : 'web.admin.orgs.inheritedNothingMethods',
                {
                  methods: new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(
                    inherited.methods.map(methodName),
                  ),
                },
              )
            : inherited.requireForAllMembers
              ? t('web.admin.orgs.inheritedRequires')
              : t('web.admin.orgs.inheritedNothing')}
        </p>
      )}
      <StatusLine error={error} />
    </div>
  );
}
