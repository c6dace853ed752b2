import { useEffect, useState } from 'preact/hooks';
import { LOCALE_NAMES } from '../../../../src/i18n/locales.js';
import { Badge, Spinner, StatusLine } from '../../components/alert.js';
import { SelectField } from '../../components/field.js';
import { api, describeError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import { currentLocale, useTranslation } from '../../lib/i18n.js';
import type { ResponseOf } from '../../lib/types.js';

type TemplateList = ResponseOf<'/api/admin/templates', 'get'>;
type Template = ResponseOf<'/api/admin/templates/{kind}/{locale}', 'get'>;
type Preview = ResponseOf<'/api/admin/templates/{kind}/{locale}/preview', 'post'>;
type Draft = { emailSubject: string; emailBody: string; sms: string | null };

/** Catalog keys of the message kinds' names. */
const KIND_NAMES: Record<string, string> = {
  code_sign_in: 'web.admin.templates.kindCodeSignIn',
  code_confirm: 'web.admin.templates.kindCodeConfirm',
  factor_added: 'web.admin.templates.kindFactorAdded',
  factor_removed: 'web.admin.templates.kindFactorRemoved',
  security_key_added: 'web.admin.templates.kindSecurityKeyAdded',
  security_key_removed: 'web.admin.templates.kindSecurityKeyRemoved',
  mfa_disabled: 'web.admin.templates.kindMfaDisabled',
  backup_code_used: 'web.admin.templates.kindBackupCodeUsed',
  backup_codes_regenerated: 'web.admin.templates.kindBackupCodesRegenerated',
  backup_codes_expired: 'web.admin.templates.kindBackupCodesExpired',
  mfa_reset_by_admin: 'web.admin.templates.kindMfaResetByAdmin',
  account_locked: 'web.admin.templates.kindAccountLocked',
  password_reset: 'web.admin.templates.kindPasswordReset',
  password_changed: 'web.admin.templates.kindPasswordChanged',
  remembered_browser_reused: 'web.admin.templates.kindRememberedBrowserReused',
};

/**
 * `/admin/templates`: the wording of code messages and security notices, per
 * language. System admins edit the server's; org admins their organization's.
 */
export function TemplatesPage() {
  const app = useApp();
  const { t } = useTranslation();
  useTitle(t('web.admin.nav.templates'), app.config.productName);
  const user = app.current?.user;
  const base =
    user?.role === 'system_admin'
      ? '/api/admin/templates'
      : `/api/admin/orgs/${encodeURIComponent(user?.orgId ?? '')}/templates`;
  const list = useLoad(() => api.get<TemplateList>(base), [base]);
  const [kind, setKind] = useState('code_sign_in');
  // The language the admin reads the console in comes first.
  const [locale, setLocale] = useState<string>(() => currentLocale());
  const path = `${base}/${kind}/${locale}`;
  const template = useLoad(() => api.get<Template>(path), [path]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (template.data)
      setDraft({
        emailSubject: template.data.emailSubject,
        emailBody: template.data.emailBody,
        sms: template.data.sms,
      });
    setPreview(null);
    setError(null);
  }, [template.data]);

  const body = () =>
    draft
      ? {
          emailSubject: draft.emailSubject,
          emailBody: draft.emailBody,
          ...(draft.sms !== null ? { sms: draft.sms } : {}),
        }
      : {};
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.nav.templates')}</h1>
          <p class="muted">
            {t('web.admin.templates.subtitle')}{' '}
            {(template.data?.placeholders ?? []).map((p) => (
              <code key={p}>{`{${p}}`} </code>
            ))}
            {t('web.admin.templates.rulesBefore')}
            <code>{'{code}'}</code>
            {t('web.admin.templates.rulesAfter')}
          </p>
        </div>
      </div>
      <section class="card card-pad stack">
        <div class="grid-2">
          <SelectField label={t('web.admin.templates.message')} name="kind" value={kind} onValue={setKind}>
            {(list.data?.kinds ?? []).map((k) => (
              <option key={k.kind} value={k.kind}>
                {KIND_NAMES[k.kind] ? t(KIND_NAMES[k.kind]!) : k.kind}
                {k.customizedLocales.length
                  ? ` ${t('web.admin.templates.editedIn', {
                      locales: new Intl.ListFormat(currentLocale(), { style: 'narrow' }).format(
                        k.customizedLocales,
                      ),
                    })}`
                  : ''}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('web.language.label')}
            name="templateLocale"
            value={locale}
            onValue={setLocale}
          >
            {(list.data?.locales ?? ['en']).map((l) => (
              <option key={l} value={l}>
                {LOCALE_NAMES[l as keyof typeof LOCALE_NAMES] ?? l}
              </option>
            ))}
          </SelectField>
        </div>
        {!draft || template.loading ? (
          <Spinner />
        ) : (
          <>
            <p>
              {template.data?.customized ? (
                <Badge tone="brand">{t('web.admin.templates.edited')}</Badge>
              ) : (
                <Badge>{t('web.admin.profiles.default')}</Badge>
              )}
            </p>
            <TextArea
              id="template-email-subject"
              label={t('web.admin.templates.emailSubject')}
              rows={1}
              value={draft.emailSubject}
              onValue={(v) => setDraft({ ...draft, emailSubject: v })}
            />
            <TextArea
              id="template-email-body"
              label={t('web.admin.templates.emailBody')}
              rows={8}
              value={draft.emailBody}
              onValue={(v) => setDraft({ ...draft, emailBody: v })}
            />
            {draft.sms !== null && (
              <TextArea
                id="template-sms-text"
                label={t('web.admin.templates.smsText')}
                rows={3}
                value={draft.sms}
                onValue={(v) => setDraft({ ...draft, sms: v })}
              />
            )}
            <StatusLine error={error} />
            <div class="button-row">
              <button
                type="button"
                class="btn btn-secondary"
                disabled={busy}
                onClick={() =>
                  void run(async () => setPreview(await api.post<Preview>(`${path}/preview`, body())))
                }
              >
                {t('web.admin.templates.preview')}
              </button>
              <button
                type="button"
                class="btn btn-primary"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await api.put<Template>(path, body());
                    template.reload();
                    list.reload();
                    app.notify(t('web.admin.templates.saved'));
                  })
                }
              >
                {t('web.admin.templates.save')}
              </button>
              <button
                type="button"
                class="btn btn-ghost"
                disabled={busy || !template.data?.customized}
                onClick={() =>
                  void run(async () => {
                    await api.delete<Template>(path);
                    template.reload();
                    list.reload();
                    app.notify(t('web.admin.templates.restored'));
                  })
                }
              >
                {t('web.admin.templates.reset')}
              </button>
            </div>
          </>
        )}
      </section>
      {preview && (
        <section class="card card-pad stack" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('web.admin.templates.preview')}</h2>
          <p>
            <strong>{preview.email.subject}</strong>
          </p>
          <pre class="template-preview">{preview.email.text}</pre>
          {preview.sms && (
            <>
              <h3>SMS</h3>
              <pre class="template-preview">{preview.sms.text}</pre>
              <p class="muted">
                {t('web.admin.templates.smsStats', {
                  encoding: preview.sms.encoding,
                  units: preview.sms.units,
                  count: preview.sms.segments,
                })}
              </p>
            </>
          )}
        </section>
      )}
    </div>
  );
}

function TextArea({
  id,
  label,
  rows,
  value,
  onValue,
}: {
  id: string;
  label: string;
  rows: number;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        onInput={(event) => onValue((event.currentTarget as HTMLTextAreaElement).value)}
      />
    </div>
  );
}
