import { useEffect, useRef, useState } from 'preact/hooks';
import { Alert, Spinner, StatusLine } from '../../components/alert.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { CheckField, Field } from '../../components/field.js';
import { MethodIcon } from '../../components/icons.js';
import { ApiError, api, describeError, fieldError, sentence } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import { useNavigate } from '../../lib/router.js';
import type { ResponseOf, SystemPolicy } from '../../lib/types.js';
import { EnforcementTargets } from './enforcement-targets.js';

export type PolicyPreview = ResponseOf<'/api/admin/mfa/policy/preview', 'post'>;

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * What an enforcement change will do, in one or two sentences:
 * "Requires 2FA for 42 users; 37 have not set it up; they get 7 days (until Dec 7)."
 */
export function describePreview(preview: PolicyPreview): string {
  if (preview.affectedUsers === 0) return 'Two-factor authentication will not be required for anyone.';
  const parts = [`Requires two-factor authentication for ${count(preview.affectedUsers, 'user')}`];
  if (preview.withoutMfa === 0) parts.push('all of them have set it up');
  else {
    const have = preview.withoutMfa === 1 ? 'has' : 'have';
    parts.push(`${preview.withoutMfa} ${have} not set it up`);
    parts.push(
      preview.deadline && preview.gracePeriodDays > 0
        ? `they get ${count(preview.gracePeriodDays, 'day')} (until ${new Date(preview.deadline).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' })})`
        : 'they must set it up at their next sign-in',
    );
  }
  return `${parts.join('; ')}.`;
}

import { useOrgs } from './use-orgs.js';
import { useProfiles } from './use-profiles.js';

type Scope = SystemPolicy['enforcement']['scope'];

const SCOPES: { value: Scope; label: string; hint: string }[] = [
  { value: 'none', label: 'Nobody', hint: 'Two-factor authentication is optional for everyone.' },
  { value: 'all', label: 'All users', hint: 'Everyone must set it up.' },
  { value: 'system_admins', label: 'System administrators', hint: 'Only server-wide admins must set it up.' },
  {
    value: 'org_admins',
    label: 'Organization administrators',
    hint: 'Admins of the organizations or profiles you pick (all organizations when none).',
  },
  {
    value: 'organizations',
    label: 'Chosen organizations',
    hint: 'Every member of the organizations or profiles you pick (all organizations when none).',
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
  useTitle('2FA policy', app.config.productName);

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
      setError(
        Object.keys(fields).length > 0
          ? 'Some settings need attention — see the messages next to the fields.'
          : caught.message,
      );
      setTimeout(() => ref.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus(), 0);
    } else {
      setError(describeError(caught));
    }
  };

  const save = async (dryRun: PolicyPreview | null) => {
    const result = await api.put<SystemPolicy>('/api/admin/mfa/policy', toPolicy(form));
    setForm(toForm(result));
    setSaved('Policy saved.');
    app.notify('2FA policy saved');
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
      const was = policy.data?.enforcement;
      const next = toPolicy(form).enforcement;
      const enforcementChanged =
        !was ||
        was.scope !== next.scope ||
        was.gracePeriodDays !== next.gracePeriodDays ||
        [...was.organizationIds].sort().join() !== [...next.organizationIds].sort().join();
      if (enforcementChanged) {
        // Say what it will do before saving: the server's dry run of this very change.
        const dryRun = await api.post<PolicyPreview>('/api/admin/mfa/policy/preview', toPolicy(form));
        if (dryRun.enforcementChanged || dryRun.changes.some((c) => c.startsWith('enforcement.'))) {
          setPreview(dryRun);
          return;
        }
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
        <legend class="card-legend">Methods</legend>
        <p class="muted">Which second factors users may set up on this server.</p>
        <div class="method-settings">
          <div class="method-setting">
            <MethodIcon method="totp" size={20} />
            <div class="method-setting-body">
              <CheckField
                label="Authenticator app (TOTP)"
                checked={form.totpEnabled}
                onChecked={set('totpEnabled')}
                switchStyle
              />
              <Field
                label="Issuer name"
                hint="Shown in the user’s authenticator app."
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
                label="Email code"
                checked={form.emailEnabled}
                onChecked={set('emailEnabled')}
                switchStyle
              />
              <Field
                label="Email code lifetime"
                type="number"
                inputMode="numeric"
                suffix="seconds"
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
                label="SMS code"
                checked={form.smsEnabled}
                onChecked={set('smsEnabled')}
                switchStyle
              />
              <Field
                label="SMS code lifetime"
                type="number"
                inputMode="numeric"
                suffix="seconds"
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
                label="Security keys and passkeys"
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
                label="Backup codes"
                checked={form.backupEnabled}
                onChecked={set('backupEnabled')}
                switchStyle
              />
              <Field
                label="Number of backup codes"
                type="number"
                inputMode="numeric"
                suffix="codes"
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
        <legend class="card-legend">Enforcement</legend>
        <p class="muted">Who must use two-factor authentication.</p>
        <div class="radio-cards" role="radiogroup" aria-label="Require two-factor authentication for">
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
                <span class="radio-card-title">{scope.label}</span>
                <span class="radio-card-hint">{scope.hint}</span>
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
          <span class="field-label">Require a phishing-resistant factor (security key or passkey) for</span>
          <select
            name="enforcement.phishingResistant"
            value={form.phishingResistant}
            onChange={(event) => set('phishingResistant')((event.target as HTMLSelectElement).value as Scope)}
          >
            {SCOPES.map((scope) => (
              <option key={scope.value} value={scope.value}>
                {scope.label}
              </option>
            ))}
          </select>
        </label>
        <Field
          label="Grace period"
          hint="Users who must enroll can still skip it for this many days after the rule applies to them. 0 = at next sign-in."
          type="number"
          inputMode="numeric"
          suffix="days"
          name="enforcement.gracePeriodDays"
          value={form.graceDays}
          onValue={set('graceDays')}
          error={err('enforcement.gracePeriodDays')}
          class="field-narrow"
        />
      </fieldset>

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">Limits</legend>
        <p class="muted">Throttling of the second step. Defaults follow NIST SP 800-63B.</p>
        <div class="grid-2">
          <Field
            label="Wrong codes per sign-in"
            hint="Then the user starts again with the password."
            type="number"
            inputMode="numeric"
            suffix="attempts"
            name="limits.maxAttemptsPerChallenge"
            value={form.maxAttempts}
            onValue={set('maxAttempts')}
            error={err('limits.maxAttemptsPerChallenge')}
          />
          <Field
            label="Consecutive failures before lockout"
            hint="Counted across sign-ins and devices."
            type="number"
            inputMode="numeric"
            suffix="failures"
            name="limits.maxConsecutiveFailures"
            value={form.maxFailures}
            onValue={set('maxFailures')}
            error={err('limits.maxConsecutiveFailures')}
          />
          <Field
            label="Lockout duration"
            hint="900 seconds = 15 minutes."
            type="number"
            inputMode="numeric"
            suffix="seconds"
            name="limits.lockoutSeconds"
            value={form.lockout}
            onValue={set('lockout')}
            error={err('limits.lockoutSeconds')}
          />
          <Field
            label="Resend interval"
            hint="Wait before another email or SMS code."
            type="number"
            inputMode="numeric"
            suffix="seconds"
            name="limits.resendIntervalSeconds"
            value={form.resend}
            onValue={set('resend')}
            error={err('limits.resendIntervalSeconds')}
          />
          <Field
            label="Time allowed for the second step"
            hint="How long a pending sign-in stays valid."
            type="number"
            inputMode="numeric"
            suffix="seconds"
            name="limits.mfaTokenTtlSeconds"
            value={form.tokenTtl}
            onValue={set('tokenTtl')}
            error={err('limits.mfaTokenTtlSeconds')}
          />
        </div>
      </fieldset>

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">Remembered browsers</legend>
        <p class="muted">
          Let users skip the second step on a browser they choose, for a number of days. The password is
          always asked; the browser is forgotten when a method, the password or a lockout changes.
        </p>
        <CheckField
          label="Offer “Don’t ask again on this browser”"
          name="rememberBrowser.enabled"
          checked={form.rememberEnabled}
          onChecked={set('rememberEnabled')}
        />
        {form.rememberEnabled && (
          <Field
            label="Remember for"
            hint="1 to 90 days."
            type="number"
            inputMode="numeric"
            suffix="days"
            name="rememberBrowser.days"
            value={form.rememberDays}
            onValue={set('rememberDays')}
            error={err('rememberBrowser.days')}
            class="field-narrow"
          />
        )}
      </fieldset>

      <fieldset class="card card-pad fieldset">
        <legend class="card-legend">Email verification</legend>
        <p class="muted">
          New accounts get a link to verify their address. Accounts created by an administrator count as
          verified.
        </p>
        <CheckField
          label="Require a verified address before a user can set up two-factor authentication"
          name="emailVerification"
          checked={form.emailVerificationRequired}
          onChecked={set('emailVerificationRequired')}
        />
      </fieldset>

      <div class="sticky-actions">
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
            Discard changes
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save policy'}
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={preview !== null}
        title="Change who must use two-factor authentication?"
        confirmLabel="Save policy"
        onConfirm={async () => {
          const dryRun = preview;
          await save(dryRun);
        }}
        onClose={() => setPreview(null)}
      >
        {preview && (
          <>
            <p data-testid="policy-preview">{describePreview(preview)}</p>
            {preview.withoutMfa > 0 && preview.gracePeriodDays === 0 && (
              <p class="muted">
                Their password-only sessions end now; they set it up when they next sign in.
              </p>
            )}
            {preview.actorNeedsSetup && (
              <Alert tone="warning">
                This includes you, and you have not set it up: you will be taken to set it up right after
                saving.
              </Alert>
            )}
          </>
        )}
      </ConfirmDialog>
    </form>
  );
}

function PolicyHead() {
  return (
    <div class="page-head">
      <div>
        <h1>2FA policy</h1>
        <p class="muted">Server-wide rules. Organization admins can tighten them for their organization.</p>
      </div>
    </div>
  );
}
