import type { TFunction } from 'i18next';
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

const lockHint = (t: TFunction, channel: Channel, locked: string[], field: string, hint?: string) =>
  locked.includes(field) ? t('web.admin.providers.lockHint', { variable: VARIABLES[channel][field] }) : hint;

function EmailCard({ settings, onSaved }: { settings: Providers; onSaved: (p: Providers) => void }) {
  const { t } = useTranslation();
  const email = settings.email;
  const locked = email.lockedByEnvironment;
  const [form, setForm] = useState<EmailForm>(() => toEmailForm(email));
  const saver = useSaver((next) => {
    setForm(toEmailForm(next.email));
    onSaved(next);
  });
  const set = (key: keyof EmailForm) => (value: string) => setForm({ ...form, [key]: value });
  const serverLocked = locked.includes('host');
  const submit = (event: Event) => {
    event.preventDefault();
    void saver.run(
      () => api.put<Providers>('/api/admin/providers/email', bodyOf(form, locked, ['password'])),
      t('web.admin.providers.mailSaved'),
    );
  };
  return (
    <form
      class="card card-pad fieldset provider-card"
      noValidate
      onSubmit={submit}
      aria-labelledby="mail-title"
    >
      <div class="provider-head">
        <h2 id="mail-title">{t('web.admin.providers.mailTitle')}</h2>
        <SourceBadge source={email.source} active={email.active} />
      </div>
      <LockNote channel="email" locked={locked} />
      <div class="provider-grid">
        <Field
          label={t('web.admin.providers.host')}
          name="host"
          value={form.host}
          onValue={set('host')}
          disabled={serverLocked}
          placeholder="smtp.example.com"
          hint={lockHint(t, 'email', locked, 'host', t('web.admin.providers.hostHint'))}
          error={saver.err('host')}
          autoComplete="off"
        />
        <Field
          label={t('web.admin.providers.port')}
          name="port"
          inputMode="numeric"
          value={form.port}
          onValue={set('port')}
          disabled={locked.includes('port')}
          hint={lockHint(t, 'email', locked, 'port', t('web.admin.providers.portHint'))}
          error={saver.err('port')}
        />
        <SelectField
          label={t('web.admin.providers.security')}
          name="security"
          value={form.security}
          onValue={set('security')}
          disabled={locked.includes('security')}
          hint={lockHint(t, 'email', locked, 'security', t('web.admin.providers.securityHint'))}
          error={saver.err('security')}
        >
          <option value="starttls">{t('web.admin.providers.starttls')}</option>
          <option value="tls">{t('web.admin.providers.tls')}</option>
          <option value="none">{t('web.admin.providers.noTls')}</option>
        </SelectField>
        <Field
          label={t('web.admin.providers.user')}
          name="user"
          value={form.user}
          onValue={set('user')}
          disabled={locked.includes('user')}
          hint={lockHint(t, 'email', locked, 'user', t('web.admin.providers.userHint'))}
          error={saver.err('user')}
          autoComplete="off"
        />
        <Field
          label={t('web.admin.providers.password')}
          name="password"
          type="password"
          value={form.password}
          onValue={set('password')}
          disabled={locked.includes('password')}
          placeholder={
            email.passwordSet
              ? t('web.admin.providers.secretSetPlaceholder')
              : t('web.admin.providers.notSet')
          }
          hint={lockHint(
            t,
            'email',
            locked,
            'password',
            email.passwordSet ? t('web.admin.providers.secretSetHint') : t('web.admin.providers.notSetHint'),
          )}
          error={saver.err('password')}
          autoComplete="new-password"
        />
        <Field
          label={t('web.admin.providers.from')}
          name="from"
          value={form.from}
          onValue={set('from')}
          disabled={locked.includes('from')}
          placeholder="Twofold <no-reply@example.com>"
          hint={lockHint(t, 'email', locked, 'from', t('web.admin.providers.fromHint'))}
          error={saver.err('from')}
        />
      </div>
      <StatusLine error={saver.error} info={saver.info} />
      <div class="button-row">
        {email.source === 'console' && (
          <button
            type="button"
            class="btn btn-secondary"
            disabled={saver.busy}
            onClick={() =>
              saver.run(
                () => api.delete<Providers>('/api/admin/providers/email'),
                t('web.admin.providers.mailReverted'),
              )
            }
          >
            {t('web.admin.providers.revert')}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={saver.busy || serverLocked}>
          {saver.busy ? t('web.admin.common.saving') : t('web.admin.providers.saveMail')}
        </button>
      </div>
      <TestMessage channel="email" />
    </form>
  );
}

function SmsCard({ settings, onSaved }: { settings: Providers; onSaved: (p: Providers) => void }) {
  const { t } = useTranslation();
  const sms = settings.sms;
  const locked = sms.lockedByEnvironment;
  const [form, setForm] = useState<SmsForm>(() => toSmsForm(sms));
  const saver = useSaver((next) => {
    setForm(toSmsForm(next.sms));
    onSaved(next);
  });
  const set = (key: keyof SmsForm) => (value: string) => setForm({ ...form, [key]: value });
  const allLocked = locked.includes('provider');
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
    <form
      class="card card-pad fieldset provider-card"
      noValidate
      onSubmit={submit}
      aria-labelledby="sms-title"
    >
      <div class="provider-head">
        <h2 id="sms-title">{t('web.admin.providers.smsTitle')}</h2>
        <SourceBadge source={sms.source} active={sms.active} />
      </div>
      <LockNote channel="sms" locked={locked} />
      <div class="provider-grid">
        <SelectField
          label={t('web.admin.providers.provider')}
          name="provider"
          value={form.provider}
          onValue={set('provider')}
          disabled={allLocked}
          hint={lockHint(t, 'sms', locked, 'provider', t('web.admin.providers.providerHint'))}
          error={saver.err('provider')}
        >
          <option value="log">{t('web.admin.providers.providerLog')}</option>
          <option value="twilio">Twilio</option>
          <option value="webhook">{t('web.admin.providers.providerWebhook')}</option>
        </SelectField>
        {form.provider === 'twilio' && (
          <>
            <Field
              label={t('web.admin.providers.accountSid')}
              name="accountSid"
              value={form.accountSid}
              onValue={set('accountSid')}
              disabled={locked.includes('accountSid')}
              placeholder="AC…"
              hint={lockHint(t, 'sms', locked, 'accountSid', t('web.admin.providers.accountSidHint'))}
              error={saver.err('accountSid')}
              autoComplete="off"
            />
            <Field
              label={t('web.admin.providers.authToken')}
              name="authToken"
              type="password"
              value={form.authToken}
              onValue={set('authToken')}
              disabled={locked.includes('authToken')}
              placeholder={
                sms.authTokenSet
                  ? t('web.admin.providers.secretSetPlaceholder')
                  : t('web.admin.providers.notSet')
              }
              hint={lockHint(
                t,
                'sms',
                locked,
                'authToken',
                sms.authTokenSet
                  ? t('web.admin.providers.secretSetHint')
                  : t('web.admin.providers.notSetHint'),
              )}
              error={saver.err('authToken')}
              autoComplete="new-password"
            />
            <Field
              label={t('web.admin.providers.fromNumber')}
              name="from"
              value={form.from}
              onValue={set('from')}
              disabled={locked.includes('from')}
              placeholder="+15551234567"
              hint={lockHint(t, 'sms', locked, 'from', t('web.admin.providers.fromNumberHint'))}
              error={saver.err('from')}
            />
            <Field
              label={t('web.admin.providers.apiUrl')}
              name="apiUrl"
              value={form.apiUrl}
              onValue={set('apiUrl')}
              disabled={locked.includes('apiUrl')}
              placeholder="https://api.twilio.com"
              hint={lockHint(t, 'sms', locked, 'apiUrl', t('web.admin.providers.apiUrlHint'))}
              error={saver.err('apiUrl')}
            />
          </>
        )}
        {form.provider === 'webhook' && (
          <>
            <Field
              label={t('web.admin.providers.webhookUrl')}
              name="webhookUrl"
              value={form.webhookUrl}
              onValue={set('webhookUrl')}
              disabled={locked.includes('webhookUrl')}
              placeholder="https://sms.example.com/send"
              hint={lockHint(t, 'sms', locked, 'webhookUrl', t('web.admin.providers.webhookUrlHint'))}
              error={saver.err('webhookUrl')}
            />
            <Field
              label={t('web.admin.keys.signingSecret')}
              name="webhookSecret"
              type="password"
              value={form.webhookSecret}
              onValue={set('webhookSecret')}
              disabled={locked.includes('webhookSecret')}
              placeholder={
                sms.webhookSecretSet
                  ? t('web.admin.providers.secretSetPlaceholder')
                  : t('web.admin.providers.notSet')
              }
              hint={lockHint(
                t,
                'sms',
                locked,
                'webhookSecret',
                sms.webhookSecretSet
                  ? t('web.admin.providers.secretSetHint')
                  : t('web.admin.providers.secretLength'),
              )}
              error={saver.err('webhookSecret')}
              autoComplete="new-password"
            />
          </>
        )}
      </div>
      <StatusLine error={saver.error} info={saver.info} />
      <div class="button-row">
        {sms.source === 'console' && (
          <button
            type="button"
            class="btn btn-secondary"
            disabled={saver.busy}
            onClick={() =>
              saver.run(
                () => api.delete<Providers>('/api/admin/providers/sms'),
                t('web.admin.providers.smsReverted'),
              )
            }
          >
            {t('web.admin.providers.revert')}
          </button>
        )}
        <button type="submit" class="btn btn-primary" disabled={saver.busy || allLocked}>
          {saver.busy ? t('web.admin.common.saving') : t('web.admin.providers.saveSms')}
        </button>
      </div>
      <TestMessage channel="sms" />
    </form>
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
