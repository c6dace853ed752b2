import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge, Spinner, StatusLine } from '../../components/alert.js';
import { Field, SelectField } from '../../components/field.js';
import { ApiError, api, describeError, fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import { useTranslation } from '../../lib/i18n.js';
import type { ResponseOf } from '../../lib/types.js';

type Providers = ResponseOf<'/api/admin/providers', 'get'>;
type Channel = 'email' | 'sms';

/** The variable that fixes each field, for the "set by the environment" notes. */
const VARIABLES: Record<Channel, Record<string, string>> = {
  email: {
    host: 'SMTP_URL',
    port: 'SMTP_URL',
    security: 'SMTP_URL',
    user: 'SMTP_URL',
    password: 'SMTP_URL',
    from: 'MAIL_FROM',
  },
  sms: {
    provider: 'SMS_PROVIDER',
    accountSid: 'TWILIO_ACCOUNT_SID',
    authToken: 'TWILIO_AUTH_TOKEN',
    from: 'TWILIO_FROM',
    apiUrl: 'TWILIO_API_URL',
    webhookUrl: 'SMS_WEBHOOK_URL',
    webhookSecret: 'SMS_WEBHOOK_SECRET',
  },
};

/** Catalog keys of where the settings come from. */
const SOURCE_LABEL = {
  environment: 'web.admin.providers.sourceEnvironment',
  console: 'web.admin.providers.sourceConsole',
  default: 'web.admin.providers.sourceDefault',
} as const;

/** Form state: everything as typed text; secrets start blank ("leave blank to keep"). */
type EmailForm = Record<'host' | 'port' | 'security' | 'user' | 'password' | 'from', string>;
type SmsForm = Record<
  'provider' | 'accountSid' | 'authToken' | 'from' | 'apiUrl' | 'webhookUrl' | 'webhookSecret',
  string
>;

function toEmailForm(e: Providers['email']): EmailForm {
  return {
    host: e.host ?? '',
    port: e.port === null ? '587' : String(e.port),
    security: e.security ?? 'starttls',
    user: e.user ?? '',
    password: '',
    from: e.source === 'default' && !e.lockedByEnvironment.includes('from') ? '' : e.from,
  };
}

function toSmsForm(s: Providers['sms']): SmsForm {
  return {
    provider: s.provider,
    accountSid: s.accountSid ?? '',
    authToken: '',
    from: s.from ?? '',
    apiUrl: s.apiUrl ?? '',
    webhookUrl: s.webhookUrl ?? '',
    webhookSecret: '',
  };
}

/** Only the fields the environment leaves open; blank secrets are left out (kept). */
function bodyOf<F extends Record<string, string>>(form: F, locked: string[], secrets: string[]) {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(form)) {
    if (locked.includes(field)) continue;
    if (secrets.includes(field) && value === '') continue;
    body[field] = field === 'port' ? (/^\d+$/.test(value) ? Number(value) : value) : value;
  }
  return body;
}

/** `/admin/providers`: the outgoing mail server and the SMS provider (system admins). */
export function ProvidersPage() {
  const app = useApp();
  const { t } = useTranslation();
  useTitle(t('web.admin.nav.providers'), app.config.productName);
  const settings = useLoad(() => api.get<Providers>('/api/admin/providers'));
  const [data, setData] = useState<Providers | null>(null);
  useEffect(() => {
    if (settings.data) setData(settings.data);
  }, [settings.data]);

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.nav.providers')}</h1>
          <p class="muted">{t('web.admin.providers.subtitle')}</p>
        </div>
      </div>
      {!data ? (
        settings.error ? (
          <Alert tone="error">{describeError(settings.error)}</Alert>
        ) : (
          <Spinner />
        )
      ) : (
        <>
          <EmailCard settings={data} onSaved={setData} />
          <SmsCard settings={data} onSaved={setData} />
        </>
      )}
    </div>
  );
}

function useSaver(onSaved: (next: Providers) => void) {
  const app = useApp();
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<Providers>, done: string) => {
    setBusy(true);
    setErrors({});
    setError(null);
    setInfo(null);
    try {
      const next = await action();
      onSaved(next);
      setInfo(done);
      app.notify(done);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request') {
        setErrors(caught.fieldErrors);
        setError(
          Object.keys(caught.fieldErrors).length > 0
            ? t('web.admin.providers.fieldsNeedAttention')
            : caught.message,
        );
      } else setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return { errors, error, info, busy, run, err: (field: string) => fieldError(errors, field) };
}

function SourceBadge({ source, active }: { source: keyof typeof SOURCE_LABEL; active: string }) {
  const { t } = useTranslation();
  return (
    <span class="provider-badges">
      <Badge tone={source === 'default' ? 'warn' : source === 'environment' ? 'neutral' : 'good'}>
        {t(SOURCE_LABEL[source])}
      </Badge>
      <Badge tone={active === 'log' ? 'warn' : 'brand'}>
        {active === 'log'
          ? t('web.admin.providers.sendingViaLog')
          : t('web.admin.providers.sendingVia', { name: active })}
      </Badge>
    </span>
  );
}

function LockNote({ channel, locked }: { channel: Channel; locked: string[] }) {
  const { t } = useTranslation();
  if (locked.length === 0) return null;
  const variables = [...new Set(locked.map((field) => VARIABLES[channel][field]))];
  return <Alert tone="info">{t('web.admin.providers.lockNote', { variables: variables.join(', ') })}</Alert>;
}

/** What the settings of one card share: its channel, the fields the environment fixes, the form and its errors. */
interface CardFields {
  channel: Channel;
  locked: string[];
  form: Record<string, string>;
  set: (key: string) => (value: string) => void;
  err: (field: string) => string | undefined;
}

/** A card's form, reset to what the server answers after each save, and what its settings share. */
function useCardForm<F extends Record<string, string>>(
  channel: Channel,
  settings: Providers,
  toForm: (settings: Providers) => F,
  onSaved: (next: Providers) => void,
) {
  const [form, setForm] = useState<F>(() => toForm(settings));
  const saver = useSaver((next) => {
    setForm(toForm(next));
    onSaved(next);
  });
  const locked = settings[channel].lockedByEnvironment;
  const fields: CardFields = {
    channel,
    locked,
    form,
    set: (key) => (value) => setForm({ ...form, [key]: value }),
    err: saver.err,
  };
  return { form, locked, saver, fields };
}

/**
 * One setting of a provider card: its label and input (a select when given options), its
 * hint, or the "set by the environment" note that replaces it and disables the input, and its
 * error. A secret (`secretSet` given) is a password input that never shows the stored value,
 * only whether one is set; its `hint` is the one shown while none is (default "not set").
 */
function SettingField({
  fields,
  name,
  label,
  hint,
  placeholder,
  secretSet,
  children,
  ...input
}: {
  fields: CardFields;
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
  secretSet?: boolean;
  children?: ComponentChildren;
  inputMode?: 'numeric';
  autoComplete?: 'off';
}) {
  const { t } = useTranslation();
  const locked = fields.locked.includes(name);
  const secret = secretSet !== undefined;
  const shownHint = locked
    ? t('web.admin.providers.lockHint', { variable: VARIABLES[fields.channel][name] })
    : !secret
      ? hint
      : secretSet
        ? t('web.admin.providers.secretSetHint')
        : (hint ?? t('web.admin.providers.notSetHint'));
  const shared = {
    label,
    name,
    value: fields.form[name],
    onValue: fields.set(name),
    disabled: locked,
    hint: shownHint,
    error: fields.err(name),
  };
  if (children) return <SelectField {...shared}>{children}</SelectField>;
  if (!secret) return <Field {...shared} placeholder={placeholder} {...input} />;
  return (
    <Field
      {...shared}
      type="password"
      placeholder={
        secretSet ? t('web.admin.providers.secretSetPlaceholder') : t('web.admin.providers.notSet')
      }
      autoComplete="new-password"
    />
  );
}

/**
 * The frame of a provider card: title, where its settings come from, the environment's note,
 * the settings, the status line, "revert" (when the console set them) and save, and a test send.
 */
function ProviderCard({
  channel,
  title,
  settings,
  saver,
  onSubmit,
  saveLabel,
  saveDisabled,
  revertedText,
  children,
}: {
  channel: Channel;
  title: string;
  settings: Providers['email'] | Providers['sms'];
  saver: ReturnType<typeof useSaver>;
  onSubmit: (event: Event) => void;
  saveLabel: string;
  saveDisabled: boolean;
  revertedText: string;
  children: ComponentChildren;
}) {
  const { t } = useTranslation();
  const titleId = channel === 'email' ? 'mail-title' : 'sms-title';
  return (
    <form
      class="card card-pad fieldset provider-card"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={titleId}
    >
      <div class="provider-head">
        <h2 id={titleId}>{title}</h2>
        <SourceBadge source={settings.source} active={settings.active} />
      </div>
      <LockNote channel={channel} locked={settings.lockedByEnvironment} />
      <div class="provider-grid">{children}</div>
      <StatusLine error={saver.error} info={saver.info} />
      <div class="button-row">
        {settings.source === 'console' && (
          <button
            type="button"
            class="btn btn-secondary"
            disabled={saver.busy}
            onClick={() =>
              saver.run(() => api.delete<Providers>(`/api/admin/providers/${channel}`), revertedText)
            }
          >
            {t('web.admin.providers.revert')}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={saver.busy || saveDisabled}>
          {saver.busy ? t('web.admin.common.saving') : saveLabel}
        </button>
      </div>
      <TestMessage channel={channel} />
    </form>
  );
}

function EmailCard({ settings, onSaved }: { settings: Providers; onSaved: (p: Providers) => void }) {
  const { t } = useTranslation();
  const email = settings.email;
  const { form, locked, saver, fields } = useCardForm(
    'email',
    settings,
    (p) => toEmailForm(p.email),
    onSaved,
  );
  const submit = (event: Event) => {
    event.preventDefault();
    void saver.run(
      () => api.put<Providers>('/api/admin/providers/email', bodyOf(form, locked, ['password'])),
      t('web.admin.providers.mailSaved'),
    );
  };
  return (
    <ProviderCard
      channel="email"
      title={t('web.admin.providers.mailTitle')}
      settings={email}
      saver={saver}
      onSubmit={submit}
      saveLabel={t('web.admin.providers.saveMail')}
      saveDisabled={locked.includes('host')}
      revertedText={t('web.admin.providers.mailReverted')}
    >
      <SettingField
        fields={fields}
        name="host"
        label={t('web.admin.providers.host')}
        placeholder="smtp.example.com"
        hint={t('web.admin.providers.hostHint')}
        autoComplete="off"
      />
      <SettingField
        fields={fields}
        name="port"
        label={t('web.admin.providers.port')}
        inputMode="numeric"
        hint={t('web.admin.providers.portHint')}
      />
      <SettingField
        fields={fields}
        name="security"
        label={t('web.admin.providers.security')}
        hint={t('web.admin.providers.securityHint')}
      >
        <option value="starttls">{t('web.admin.providers.starttls')}</option>
        <option value="tls">{t('web.admin.providers.tls')}</option>
        <option value="none">{t('web.admin.providers.noTls')}</option>
      </SettingField>
      <SettingField
        fields={fields}
        name="user"
        label={t('web.admin.providers.user')}
        hint={t('web.admin.providers.userHint')}
        autoComplete="off"
      />
      <SettingField
        fields={fields}
        name="password"
        label={t('web.admin.providers.password')}
        secretSet={email.passwordSet}
      />
      <SettingField
        fields={fields}
        name="from"
        label={t('web.admin.providers.from')}
        placeholder="Twofold <no-reply@example.com>"
        hint={t('web.admin.providers.fromHint')}
      />
    </ProviderCard>
  );
}

function SmsCard({ settings, onSaved }: { settings: Providers; onSaved: (p: Providers) => void }) {
  const { t } = useTranslation();
  const sms = settings.sms;
  const { form, locked, saver, fields } = useCardForm('sms', settings, (p) => toSmsForm(p.sms), onSaved);
  const fieldsOf = (provider: string) =>
    provider === 'twilio'
      ? ['provider', 'accountSid', 'authToken', 'from', 'apiUrl']
      : provider === 'webhook'
        ? ['provider', 'webhookUrl', 'webhookSecret']
        : ['provider'];
  const submit = (event: Event) => {
    event.preventDefault();
    const keep = fieldsOf(form.provider);
    const body = bodyOf(form, locked, ['authToken', 'webhookSecret']);
    for (const field of Object.keys(body)) if (!keep.includes(field)) delete body[field];
    void saver.run(
      () => api.put<Providers>('/api/admin/providers/sms', body),
      t('web.admin.providers.smsSaved'),
    );
  };
  return (
    <ProviderCard
      channel="sms"
      title={t('web.admin.providers.smsTitle')}
      settings={sms}
      saver={saver}
      onSubmit={submit}
      saveLabel={t('web.admin.providers.saveSms')}
      saveDisabled={locked.includes('provider')}
      revertedText={t('web.admin.providers.smsReverted')}
    >
      <SettingField
        fields={fields}
        name="provider"
        label={t('web.admin.providers.provider')}
        hint={t('web.admin.providers.providerHint')}
      >
        <option value="log">{t('web.admin.providers.providerLog')}</option>
        <option value="twilio">Twilio</option>
        <option value="webhook">{t('web.admin.providers.providerWebhook')}</option>
      </SettingField>
      {form.provider === 'twilio' && (
        <>
          <SettingField
            fields={fields}
            name="accountSid"
            label={t('web.admin.providers.accountSid')}
            placeholder="AC…"
            hint={t('web.admin.providers.accountSidHint')}
            autoComplete="off"
          />
          <SettingField
            fields={fields}
            name="authToken"
            label={t('web.admin.providers.authToken')}
            secretSet={sms.authTokenSet}
          />
          <SettingField
            fields={fields}
            name="from"
            label={t('web.admin.providers.fromNumber')}
            placeholder="+15551234567"
            hint={t('web.admin.providers.fromNumberHint')}
          />
          <SettingField
            fields={fields}
            name="apiUrl"
            label={t('web.admin.providers.apiUrl')}
            placeholder="https://api.twilio.com"
            hint={t('web.admin.providers.apiUrlHint')}
          />
        </>
      )}
      {form.provider === 'webhook' && (
        <>
          <SettingField
            fields={fields}
            name="webhookUrl"
            label={t('web.admin.providers.webhookUrl')}
            placeholder="https://sms.example.com/send"
            hint={t('web.admin.providers.webhookUrlHint')}
          />
          <SettingField
            fields={fields}
            name="webhookSecret"
            label={t('web.admin.keys.signingSecret')}
            secretSet={sms.webhookSecretSet}
            hint={t('web.admin.providers.secretLength')}
          />
        </>
      )}
    </ProviderCard>
  );
}

/** "Send a test message" through the channel's provider as it stands (POST /api/admin/providers/test). */
function TestMessage({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [fieldErr, setFieldErr] = useState<string | undefined>(undefined);
  const send = async () => {
    setBusy(true);
    setResult(null);
    setFieldErr(undefined);
    try {
      const sent = await api.post<ResponseOf<'/api/admin/providers/test', 'post'>>(
        '/api/admin/providers/test',
        {
          channel,
          to,
        },
      );
      setResult({
        tone: 'success',
        text: t('web.admin.providers.testSent', { destination: sent.destination, provider: sent.provider }),
      });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'invalid_request')
        setFieldErr(fieldError(caught.fieldErrors, 'to') ?? caught.message);
      else setResult({ tone: 'error', text: describeError(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="provider-test">
      <Field
        label={
          channel === 'email' ? t('web.admin.providers.testEmailTo') : t('web.admin.providers.testSmsTo')
        }
        name={`test-${channel}`}
        type={channel === 'email' ? 'email' : 'tel'}
        value={to}
        onValue={setTo}
        placeholder={channel === 'email' ? 'you@example.com' : '+15551234567'}
        error={fieldErr}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void send();
          }
        }}
      />
      <button type="button" class="btn btn-secondary" disabled={busy || to.trim() === ''} onClick={send}>
        {busy ? t('web.admin.providers.sending') : t('web.admin.providers.sendTest')}
      </button>
      {result && (
        <div class="provider-test-result" data-testid={`test-result-${channel}`}>
          <Alert tone={result.tone}>{result.text}</Alert>
        </div>
      )}
    </div>
  );
}
