import { useEffect, useState } from 'preact/hooks';
import { LOCALE_NAMES } from '../../../../src/i18n/locales.js';
import { Badge, Spinner, StatusLine } from '../../components/alert.js';
import { SelectField } from '../../components/field.js';
import { api, describeError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import type { ResponseOf } from '../../lib/types.js';

type TemplateList = ResponseOf<'/api/admin/templates', 'get'>;
type Template = ResponseOf<'/api/admin/templates/{kind}/{locale}', 'get'>;
type Preview = ResponseOf<'/api/admin/templates/{kind}/{locale}/preview', 'post'>;
type Draft = { emailSubject: string; emailBody: string; sms: string | null };

const KIND_NAMES: Record<string, string> = {
  code_sign_in: 'Sign-in code',
  code_confirm: 'Code confirming an address or phone',
  factor_added: 'Notice: sign-in method added',
  factor_removed: 'Notice: sign-in method removed',
  security_key_added: 'Notice: security key added',
  security_key_removed: 'Notice: security key removed',
  mfa_disabled: 'Notice: 2FA turned off',
  backup_code_used: 'Notice: backup code used',
  backup_codes_regenerated: 'Notice: new backup codes',
  backup_codes_expired: 'Notice: backup codes invalidated',
  mfa_reset_by_admin: 'Notice: 2FA reset by an admin',
  account_locked: 'Notice: account locked',
  password_reset: 'Notice: password reset',
  password_changed: 'Notice: password changed',
  remembered_browser_reused: 'Notice: copied browser cookie refused',
};

/**
 * `/admin/templates`: the wording of code messages and security notices, per
 * language. System admins edit the server's; org admins their organization's.
 */
export function TemplatesPage() {
  const app = useApp();
  useTitle('Message templates', app.config.productName);
  const user = app.current?.user;
  const base =
    user?.role === 'system_admin'
      ? '/api/admin/templates'
      : `/api/admin/orgs/${encodeURIComponent(user?.orgId ?? '')}/templates`;
  const list = useLoad(() => api.get<TemplateList>(base), [base]);
  const [kind, setKind] = useState('code_sign_in');
  const [locale, setLocale] = useState<string>('en');
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
          <h1>Message templates</h1>
          <p class="muted">
            The wording of code messages and security notices, per language. Placeholders:{' '}
            {(template.data?.placeholders ?? []).map((p) => (
              <code key={p}>{`{${p}}`} </code>
            ))}
            — a code message must contain <code>{'{code}'}</code>; an SMS may use at most 3 segments.
          </p>
        </div>
      </div>
      <section class="card card-pad stack">
        <div class="grid-2">
          <SelectField label="Message" name="kind" value={kind} onValue={setKind}>
            {(list.data?.kinds ?? []).map((k) => (
              <option key={k.kind} value={k.kind}>
                {KIND_NAMES[k.kind] ?? k.kind}
                {k.customizedLocales.length ? ` (${k.customizedLocales.join(', ')} edited)` : ''}
              </option>
            ))}
          </SelectField>
          <SelectField label="Language" name="templateLocale" value={locale} onValue={setLocale}>
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
            <p>{template.data?.customized ? <Badge tone="brand">Edited</Badge> : <Badge>Default</Badge>}</p>
            <TextArea
              label="Email subject"
              rows={1}
              value={draft.emailSubject}
              onValue={(v) => setDraft({ ...draft, emailSubject: v })}
            />
            <TextArea
              label="Email body"
              rows={8}
              value={draft.emailBody}
              onValue={(v) => setDraft({ ...draft, emailBody: v })}
            />
            {draft.sms !== null && (
              <TextArea
                label="SMS text"
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
                Preview
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
                    app.notify('Template saved');
                  })
                }
              >
                Save
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
                    app.notify('Default restored');
                  })
                }
              >
                Reset to default
              </button>
            </div>
          </>
        )}
      </section>
      {preview && (
        <section class="card card-pad stack" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <p>
            <strong>{preview.email.subject}</strong>
          </p>
          <pre class="template-preview">{preview.email.text}</pre>
          {preview.sms && (
            <>
              <h3>SMS</h3>
              <pre class="template-preview">{preview.sms.text}</pre>
              <p class="muted">
                {preview.sms.encoding}, {preview.sms.units} units, {preview.sms.segments} segment
                {preview.sms.segments === 1 ? '' : 's'}
              </p>
            </>
          )}
        </section>
      )}
    </div>
  );
}

function TextArea({
  label,
  rows,
  value,
  onValue,
}: {
  label: string;
  rows: number;
  value: string;
  onValue: (value: string) => void;
}) {
  const id = `template-${label.replace(/\W+/g, '-').toLowerCase()}`;
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
