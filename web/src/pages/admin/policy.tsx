import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Alert, Spinner, StatusLine } from '../../components/alert.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { CheckField, Field } from '../../components/field.js';
import { MethodIcon } from '../../components/icons.js';
import { ApiError, api, describeError, fieldError, sentence } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { formatDate } from '../../lib/format.js';
import { useLoad, useStickyBottomBar, useTitle } from '../../lib/hooks.js';
import { sentences, useTranslation } from '../../lib/i18n.js';
import { useNavigate } from '../../lib/router.js';
import type { ResponseOf, SystemPolicy } from '../../lib/types.js';
import { EnforcementTargets } from './enforcement-targets.js';

export type PolicyPreview = ResponseOf<'/api/admin/mfa/policy/preview', 'post'>;

/**
 * What an enforcement change will do, in one sentence of pluralised clauses:
 * "Requires 2FA for 42 users; 37 have not set it up; they get 7 days (until Dec 7)."
 * Then what changes for people already required: "3 users would no longer be required to
 * use it." "The methods 2 users set up would no longer be allowed…" "The setup deadline
 * changes for 5 users who have not set it up."
 */
export function describePreview(preview: PolicyPreview, t: TFunction): string {
  return sentences(
    describeRequirement(preview, t),
    preview.noLongerRequired > 0 &&
      t('web.admin.policy.previewNoLonger', { count: preview.noLongerRequired }),
    preview.factorsNoLongerAllowed > 0 &&
      t('web.admin.policy.previewFactorsDropped', { count: preview.factorsNoLongerAllowed }),
    preview.deadlineMoved > 0 && t('web.admin.policy.previewDeadlineMoved', { count: preview.deadlineMoved }),
  );
}

function describeRequirement(preview: PolicyPreview, t: TFunction): string {
  if (preview.affectedUsers === 0) return t('web.admin.policy.previewNobody');
  const requires = t('web.admin.policy.previewRequires', { count: preview.affectedUsers });
  if (preview.withoutMfa === 0)
    return t('web.admin.policy.previewTwo', { first: requires, second: t('web.admin.policy.previewAllSet') });
  return t('web.admin.policy.previewThree', {
    first: requires,
    second: t('web.admin.policy.previewWithout', { count: preview.withoutMfa }),
    third:
      preview.deadline && preview.gracePeriodDays > 0
        ? t('web.admin.policy.previewGrace', {
            count: preview.gracePeriodDays,
            date: formatDate(preview.deadline),
          })
        : t('web.admin.policy.previewNextSignIn'),
  });
}

import { NumberField } from './policy-fields.js';
import { useOrgs } from './use-orgs.js';
import { useProfiles } from './use-profiles.js';

type Scope = SystemPolicy['enforcement']['scope'];

/** The enforcement scopes, with the catalog keys of their names and hints. */
const SCOPES: { value: Scope; label: string; hint: string }[] = [
  { value: 'none', label: 'web.admin.policy.scopeNone', hint: 'web.admin.policy.scopeNoneHint' },
  { value: 'all', label: 'web.admin.policy.scopeAll', hint: 'web.admin.policy.scopeAllHint' },
  {
    value: 'system_admins',
    label: 'web.admin.policy.scopeSystemAdmins',
    hint: 'web.admin.policy.scopeSystemAdminsHint',
  },
  {
    value: 'org_admins',
    label: 'web.admin.policy.scopeOrgAdmins',
    hint: 'web.admin.policy.scopeOrgAdminsHint',
  },
  {
    value: 'organizations',
    label: 'web.admin.policy.scopeOrganizations',
    hint: 'web.admin.policy.scopeOrganizationsHint',
  },
];

/** Form state: numbers stay text while typed so the API can judge and explain them. */
interface Form {
  totpEnabled: boolean;
  issuer: string;
  emailEnabled: boolean;
  emailTtl: string;
  smsEnabled: boolean;
  smsTtl: string;
  webauthnEnabled: boolean;
  phishingResistant: Scope;
  backupEnabled: boolean;
  backupCount: string;
  scope: Scope;
  organizationIds: string[];
  profileIds: string[];
  graceDays: string;
  maxAttempts: string;
  maxFailures: string;
  lockout: string;
  resend: string;
  tokenTtl: string;
  rememberEnabled: boolean;
  rememberDays: string;
  emailVerificationRequired: boolean;
}

function toForm(p: SystemPolicy): Form {
  return {
    totpEnabled: p.methods.totp.enabled,
    issuer: p.methods.totp.issuer,
    emailEnabled: p.methods.email.enabled,
    emailTtl: String(p.methods.email.codeTtlSeconds),
    smsEnabled: p.methods.sms.enabled,
    smsTtl: String(p.methods.sms.codeTtlSeconds),
    webauthnEnabled: p.methods.webauthn.enabled,
    phishingResistant: p.enforcement.phishingResistant ?? 'none',
    backupEnabled: p.methods.backupCodes.enabled,
    backupCount: String(p.methods.backupCodes.count),
    scope: p.enforcement.scope,
    organizationIds: [...p.enforcement.organizationIds],
    profileIds: [...(p.enforcement.profileIds ?? [])],
    graceDays: String(p.enforcement.gracePeriodDays),
    maxAttempts: String(p.limits.maxAttemptsPerChallenge),
    maxFailures: String(p.limits.maxConsecutiveFailures),
    lockout: String(p.limits.lockoutSeconds),
    resend: String(p.limits.resendIntervalSeconds),
    tokenTtl: String(p.limits.mfaTokenTtlSeconds),
    rememberEnabled: p.rememberBrowser?.enabled ?? false,
    rememberDays: String(p.rememberBrowser?.days ?? 30),
    emailVerificationRequired: p.emailVerification === 'required',
  };
}

/** Empty or non-numeric text goes out as-is so the server's validation explains it. */
function num(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '' || !/^-?\d+(\.\d+)?$/.test(trimmed)) return trimmed;
  return Number(trimmed);
}

/** The scopes that choose organizations or profiles. */
const chosen = (f: Form) => f.scope === 'organizations' || f.scope === 'org_admins';

function toPolicy(f: Form) {
  return {
    methods: {
      totp: { enabled: f.totpEnabled, issuer: f.issuer },
      email: { enabled: f.emailEnabled, codeTtlSeconds: num(f.emailTtl) },
      sms: { enabled: f.smsEnabled, codeTtlSeconds: num(f.smsTtl) },
      webauthn: { enabled: f.webauthnEnabled },
      backupCodes: { enabled: f.backupEnabled, count: num(f.backupCount) },
    },
    enforcement: {
      scope: f.scope,
      organizationIds: chosen(f) ? f.organizationIds : [],
      profileIds: chosen(f) ? f.profileIds : [],
      gracePeriodDays: num(f.graceDays),
      phishingResistant: f.phishingResistant,
    },
    limits: {
      maxAttemptsPerChallenge: num(f.maxAttempts),
      maxConsecutiveFailures: num(f.maxFailures),
      lockoutSeconds: num(f.lockout),
      resendIntervalSeconds: num(f.resend),
      mfaTokenTtlSeconds: num(f.tokenTtl),
    },
    rememberBrowser: { enabled: f.rememberEnabled, days: num(f.rememberDays) },
    emailVerification: f.emailVerificationRequired ? 'required' : 'optional',
  };
}

/** `/admin/policy`: the server-wide 2FA policy (system admins). */
export function PolicyPage() {
  const app = useApp();
  const { t } = useTranslation();
  const policy = useLoad(() => api.get<SystemPolicy>('/api/admin/mfa/policy'));
  const orgs = useOrgs();
  const profiles = useProfiles();
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PolicyPreview | null>(null);
  const navigate = useNavigate();
  const ref = useRef<HTMLFormElement>(null);
  const saveBar = useStickyBottomBar<HTMLDivElement>();
  useTitle(t('web.admin.nav.policy'), app.config.productName);

  useEffect(() => {
    if (policy.data && !form) setForm(toForm(policy.data));
  }, [policy.data]);

  if (!form) {
    return (
      <div class="page-grid">
        <PolicyHead />
        {policy.error ? <Alert tone="error">{describeError(policy.error)}</Alert> : <Spinner />}
      </div>
    );
  }

  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) => {
      setForm({ ...form, [key]: value });
      setSaved(null);
    };
  const err = (path: string) => fieldError(errors, path);

  const showErrors = (caught: unknown) => {
    if (caught instanceof ApiError && caught.code === 'invalid_request') {
      const fields = caught.fieldErrors;
      setErrors(fields);
      setError(Object.keys(fields).length > 0 ? t('web.admin.common.fieldsNeedAttention') : caught.message);
      setTimeout(() => ref.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus(), 0);
    } else {
      setError(describeError(caught));
    }
  };

  const save = async (dryRun: PolicyPreview | null) => {
    const result = await api.put<SystemPolicy>('/api/admin/mfa/policy', toPolicy(form));
    setForm(toForm(result));
    setSaved(t('web.admin.policy.saved'));
    app.notify(t('web.admin.policy.savedNotice'), { carry: dryRun?.actorNeedsSetup === true });
    policy.reload();
    // An admin who just required 2FA of themself and has none sets it up now.
    if (dryRun?.actorNeedsSetup) navigate('/setup');
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    setSaved(null);
    try {
      // Say what it will do before saving: the server's dry run of this very change. Always
      // asked, since a change of methods alone can stop members' factors from counting.
      const dryRun = await api.post<PolicyPreview>('/api/admin/mfa/policy/preview', toPolicy(form));
      if (dryRun.enforcementChanged || dryRun.changes.some((c) => c.startsWith('enforcement.'))) {
        setPreview(dryRun);
        return;
      }
      await save(null);
    } catch (caught) {
      showErrors(caught);
    } finally {
      setBusy(false);
    }
  };

  const orgList = orgs.data ?? [];
  return (
    <form class="page-grid" ref={ref} noValidate onSubmit={submit}>
      <PolicyHead />

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">{t('web.admin.policy.methods')}</legend>
        <p class="muted">{t('web.admin.policy.methodsHint')}</p>
        <div class="method-settings">
          <div class="method-setting">
            <MethodIcon method="totp" size={20} />
            <div class="method-setting-body">
              <CheckField
                label={t('web.admin.policy.totp')}
                checked={form.totpEnabled}
                onChecked={set('totpEnabled')}
                switchStyle
              />
              <Field
                label={t('web.admin.policy.issuer')}
                hint={t('web.admin.policy.issuerHint')}
                name="methods.totp.issuer"
                value={form.issuer}
                onValue={set('issuer')}
                error={err('methods.totp.issuer')}
              />
            </div>
          </div>
          <div class="method-setting">
            <MethodIcon method="email" size={20} />
            <div class="method-setting-body">
              <CheckField
                label={t('web.admin.policy.email')}
                checked={form.emailEnabled}
                onChecked={set('emailEnabled')}
                switchStyle
              />
              <NumberField
                label={t('web.admin.policy.emailTtl')}
                suffix={t('web.admin.common.secondsUnit')}
                name="methods.email.codeTtlSeconds"
                value={form.emailTtl}
                onValue={set('emailTtl')}
                error={err('methods.email.codeTtlSeconds')}
              />
            </div>
          </div>
          <div class="method-setting">
            <MethodIcon method="sms" size={20} />
            <div class="method-setting-body">
              <CheckField
                label={t('web.admin.policy.sms')}
                checked={form.smsEnabled}
                onChecked={set('smsEnabled')}
                switchStyle
              />
              <NumberField
                label={t('web.admin.policy.smsTtl')}
                suffix={t('web.admin.common.secondsUnit')}
                name="methods.sms.codeTtlSeconds"
                value={form.smsTtl}
                onValue={set('smsTtl')}
                error={err('methods.sms.codeTtlSeconds')}
              />
            </div>
          </div>
          <div class="method-setting">
            <MethodIcon method="webauthn" size={20} />
            <div class="method-setting-body">
              <CheckField
                label={t('web.admin.policy.webauthn')}
                checked={form.webauthnEnabled}
                onChecked={set('webauthnEnabled')}
                switchStyle
              />
            </div>
          </div>
          <div class="method-setting">
            <MethodIcon method="backup_code" size={20} />
            <div class="method-setting-body">
              <CheckField
                label={t('web.admin.policy.backupCodes')}
                checked={form.backupEnabled}
                onChecked={set('backupEnabled')}
                switchStyle
              />
              <NumberField
                label={t('web.admin.policy.backupCount')}
                suffix={t('web.admin.common.codesUnit')}
                name="methods.backupCodes.count"
                value={form.backupCount}
                onValue={set('backupCount')}
                error={err('methods.backupCodes.count')}
              />
            </div>
          </div>
        </div>
      </fieldset>

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">{t('web.admin.policy.enforcement')}</legend>
        <p class="muted">{t('web.admin.policy.enforcementHint')}</p>
        <div class="radio-cards" role="radiogroup" aria-label={t('web.admin.policy.requireFor')}>
          {SCOPES.map((scope) => (
            <label key={scope.value} class={`radio-card${form.scope === scope.value ? ' is-checked' : ''}`}>
              <input
                type="radio"
                name="enforcement.scope"
                value={scope.value}
                checked={form.scope === scope.value}
                onChange={() => set('scope')(scope.value)}
              />
              <span class="radio-card-text">
                <span class="radio-card-title">{t(scope.label)}</span>
                <span class="radio-card-hint">{t(scope.hint)}</span>
              </span>
            </label>
          ))}
        </div>
        {err('enforcement.scope') && <p class="field-error">{sentence(err('enforcement.scope') ?? '')}</p>}
        {(form.scope === 'organizations' || form.scope === 'org_admins') && (
          <EnforcementTargets
            scope={form.scope}
            orgs={orgList}
            profiles={profiles.data ?? []}
            organizationIds={form.organizationIds}
            profileIds={form.profileIds}
            onOrganizationIds={set('organizationIds')}
            onProfileIds={set('profileIds')}
            error={err}
          />
        )}
        <label class="field field-narrow">
          <span class="field-label">{t('web.admin.policy.phishingResistant')}</span>
          <select
            name="enforcement.phishingResistant"
            value={form.phishingResistant}
            onChange={(event) => set('phishingResistant')((event.target as HTMLSelectElement).value as Scope)}
          >
            {SCOPES.map((scope) => (
              <option key={scope.value} value={scope.value}>
                {t(scope.label)}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label={t('web.admin.policy.grace')}
          hint={t('web.admin.policy.graceHint')}
          suffix={t('web.admin.common.daysUnit')}
          name="enforcement.gracePeriodDays"
          value={form.graceDays}
          onValue={set('graceDays')}
          error={err('enforcement.gracePeriodDays')}
          class="field-narrow"
        />
      </fieldset>

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">{t('web.admin.policy.limits')}</legend>
        <p class="muted">{t('web.admin.policy.limitsHint')}</p>
        <div class="grid-2">
          <NumberField
            label={t('web.admin.policy.maxAttempts')}
            hint={t('web.admin.policy.maxAttemptsHint')}
            suffix={t('web.admin.common.attemptsUnit')}
            name="limits.maxAttemptsPerChallenge"
            value={form.maxAttempts}
            onValue={set('maxAttempts')}
            error={err('limits.maxAttemptsPerChallenge')}
          />
          <NumberField
            label={t('web.admin.policy.maxFailures')}
            hint={t('web.admin.policy.maxFailuresHint')}
            suffix={t('web.admin.common.failuresUnit')}
            name="limits.maxConsecutiveFailures"
            value={form.maxFailures}
            onValue={set('maxFailures')}
            error={err('limits.maxConsecutiveFailures')}
          />
          <NumberField
            label={t('web.admin.policy.lockout')}
            hint={t('web.admin.policy.lockoutHint')}
            suffix={t('web.admin.common.secondsUnit')}
            name="limits.lockoutSeconds"
            value={form.lockout}
            onValue={set('lockout')}
            error={err('limits.lockoutSeconds')}
          />
          <NumberField
            label={t('web.admin.policy.resend')}
            hint={t('web.admin.policy.resendHint')}
            suffix={t('web.admin.common.secondsUnit')}
            name="limits.resendIntervalSeconds"
            value={form.resend}
            onValue={set('resend')}
            error={err('limits.resendIntervalSeconds')}
          />
          <NumberField
            label={t('web.admin.policy.tokenTtl')}
            hint={t('web.admin.policy.tokenTtlHint')}
            suffix={t('web.admin.common.secondsUnit')}
            name="limits.mfaTokenTtlSeconds"
            value={form.tokenTtl}
            onValue={set('tokenTtl')}
            error={err('limits.mfaTokenTtlSeconds')}
          />
        </div>
      </fieldset>

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">{t('web.admin.policy.remember')}</legend>
        <p class="muted">{t('web.admin.policy.rememberHint')}</p>
        <CheckField
          label={t('web.admin.policy.rememberOffer')}
          name="rememberBrowser.enabled"
          checked={form.rememberEnabled}
          onChecked={set('rememberEnabled')}
        />
        {form.rememberEnabled && (
          <NumberField
            label={t('web.admin.policy.rememberDays')}
            hint={t('web.admin.policy.rememberDaysHint')}
            suffix={t('web.admin.common.daysUnit')}
            name="rememberBrowser.days"
            value={form.rememberDays}
            onValue={set('rememberDays')}
            error={err('rememberBrowser.days')}
            class="field-narrow"
          />
        )}
      </fieldset>

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">{t('web.admin.policy.emailVerification')}</legend>
        <p class="muted">{t('web.admin.policy.emailVerificationHint')}</p>
        <CheckField
          label={t('web.admin.policy.emailVerificationRequired')}
          name="emailVerification"
          checked={form.emailVerificationRequired}
          onChecked={set('emailVerificationRequired')}
        />
      </fieldset>

      <div class="sticky-actions" ref={saveBar}>
        <StatusLine error={error} info={saved} />
        <div class="button-row">
          <button
            type="button"
            class="btn btn-secondary"
            disabled={busy}
            onClick={() => {
              if (policy.data) setForm(toForm(policy.data));
              setErrors({});
              setError(null);
              policy.reload();
            }}
          >
            {t('web.admin.common.discard')}
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('web.admin.common.saving') : t('web.admin.policy.save')}
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={preview !== null}
        title={t('web.admin.policy.confirmTitle')}
        confirmLabel={t('web.admin.policy.save')}
        onConfirm={async () => {
          const dryRun = preview;
          await save(dryRun);
        }}
        onClose={() => setPreview(null)}
      >
        {preview && (
          <>
            <p data-testid="policy-preview">{describePreview(preview, t)}</p>
            {preview.withoutMfa > 0 && preview.gracePeriodDays === 0 && (
              <p class="muted">{t('web.admin.policy.previewSessionsEnd')}</p>
            )}
            {preview.actorNeedsSetup && (
              <Alert tone="warning">{t('web.admin.policy.previewIncludesYou')}</Alert>
            )}
          </>
        )}
      </ConfirmDialog>
    </form>
  );
}

function PolicyHead() {
  const { t } = useTranslation();
  return (
    <div class="page-head">
      <div>
        <h1>{t('web.admin.nav.policy')}</h1>
        <p class="muted">{t('web.admin.policy.subtitle')}</p>
      </div>
    </div>
  );
}
