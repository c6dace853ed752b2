import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { formatCountdown } from '../lib/format.js';
import { useCountdown } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';
import type { ChallengeResult, MfaStatus } from '../lib/types.js';
import { browserSupportsWebAuthn, reauthWithSecurityKey, wasCancelled } from '../lib/webauthn.js';
import { StatusLine } from './alert.js';
import { cleanBackupCode, cleanNumericCode } from './code-form.js';
import { Modal } from './dialog.js';
import { Field } from './field.js';

type Way = 'password' | 'totp' | 'email' | 'sms' | 'webauthn' | 'backup_code';

const SWITCH_LABELS: Record<Way, string> = {
  password: 'web.reauth.usePassword',
  totp: 'web.reauth.useTotp',
  email: 'web.reauth.useEmail',
  sms: 'web.reauth.useSms',
  webauthn: 'web.reauth.useKey',
  backup_code: 'web.reauth.useBackup',
};

const CODE_LABELS: Record<Exclude<Way, 'password' | 'webauthn'>, string> = {
  totp: 'web.reauth.codeTotp',
  email: 'web.reauth.codeEmail',
  sms: 'web.reauth.codeSms',
  backup_code: 'web.reauth.codeBackup',
};

/** The ways this dialog asks a code for. */
function isCodeWay(method: string): method is Exclude<Way, 'password' | 'webauthn' | 'backup_code'> {
  return method in CODE_LABELS && method !== 'backup_code';
}

/**
 * "Confirm it's you": asked when the server answers `reauthentication_required`. Passes with the
 * password or a code from an enrolled method (email and SMS codes are sent through
 * `/api/auth/reauth/challenge`), then the caller retries its action.
 */
export function ReauthDialog({ open, onDone }: { open: boolean; onDone: (passed: boolean) => void }) {
  const { t } = useTranslation();
  const [way, setWay] = useState<Way>('password');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ways, setWays] = useState<Way[]>(['password']);
  const [sent, setSent] = useState<ChallengeResult | null>(null);
  const resend = useCountdown(0);
  const { config } = useApp();

  useEffect(() => {
    if (!open) return;
    setWay('password');
    setPassword('');
    setCode('');
    setError(null);
    setBusy(false);
    setSent(null);
    api
      .get<MfaStatus>('/api/mfa', { reauth: false })
      .then((status) => {
        const next: Way[] = ['password'];
        // The server's methods, in its order, that re-check here: a code, or a security key's prompt.
        for (const type of config.enabledMethods) {
          if (!status.factors.some((f) => f.type === type)) continue;
          if (isCodeWay(type)) next.push(type);
          else if (type === 'webauthn' && browserSupportsWebAuthn()) next.push(type);
        }
        if (status.backupCodes.remaining > 0) next.push('backup_code');
        setWays(next);
      })
      .catch(() => setWays(['password']));
  }, [open, config.enabledMethods]);

  const focusField = () =>
    setTimeout(() => document.querySelector<HTMLInputElement>('dialog[open] input')?.focus(), 0);

  const sendCode = async () => {
    if (way !== 'email' && way !== 'sms') return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<ChallengeResult>(
        '/api/auth/reauth/challenge',
        { method: way },
        { reauth: false },
      );
      setSent(result);
      resend.start(result.resendAfterSeconds ?? 30);
      focusField();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'rate_limited' && caught.retryAfterSeconds) {
        resend.start(caught.retryAfterSeconds);
      }
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  const needsSend = (way === 'email' || way === 'sms') && !sent;

  /** The key's prompt; a closed prompt is said plainly, a refused answer counts like a wrong code. */
  const useKey = async () => {
    setBusy(true);
    setError(null);
    try {
      await reauthWithSecurityKey();
      setBusy(false);
      onDone(true);
    } catch (caught) {
      setBusy(false);
      if (wasCancelled(caught)) setError(t('web.signIn.keyPromptClosed'));
      else if (caught instanceof ApiError && caught.code === 'invalid_code')
        setError(t('web.reauth.keyFailed'));
      else setError(describeError(caught, way));
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (needsSend) {
      void sendCode();
      return;
    }
    if (way === 'webauthn') {
      void useKey();
      return;
    }
    if (way === 'password' && !password) {
      setError(t('web.reauth.enterPassword'));
      return;
    }
    if (way !== 'password' && !code) {
      setError(t('web.reauth.enterCode'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body =
        way === 'password'
          ? { password }
          : { method: way, code: way === 'backup_code' ? cleanBackupCode(code) : cleanNumericCode(code) };
      await api.post('/api/auth/reauth', body, { reauth: false });
      setBusy(false);
      onDone(true);
    } catch (caught) {
      setBusy(false);
      setCode('');
      if (caught instanceof ApiError && caught.code === 'invalid_credentials') {
        setError(t('web.reauth.wrongPassword'));
      } else {
        setError(describeError(caught, way));
      }
    }
  };

  const intro: Record<Way, string> = {
    password: t('web.reauth.introPassword'),
    totp: t('web.reauth.introTotp'),
    email: sent ? t('web.reauth.sentTo', { destination: sent.destination }) : t('web.reauth.introEmail'),
    sms: sent ? t('web.reauth.sentTo', { destination: sent.destination }) : t('web.reauth.introSms'),
    webauthn: t('web.reauth.introKey'),
    backup_code: t('web.reauth.introBackup'),
  };

  return (
    <Modal open={open} title={t('web.reauth.title')} onClose={() => onDone(false)}>
      <form onSubmit={submit} noValidate>
        <div class="modal-body">
          <p class="muted">{intro[way]}</p>
          {way === 'password' ? (
            <Field
              label={t('web.signIn.password')}
              type="password"
              name="password"
              autocomplete="current-password"
              value={password}
              onValue={setPassword}
              disabled={busy}
            />
          ) : needsSend || way === 'webauthn' ? null : (
            <Field
              label={t(CODE_LABELS[way])}
              type="text"
              name="code"
              class="field-code"
              inputMode={way === 'backup_code' ? 'text' : 'numeric'}
              autocomplete={way === 'backup_code' ? 'off' : 'one-time-code'}
              value={code}
              onValue={(v) => setCode(way === 'backup_code' ? v : cleanNumericCode(v))}
              disabled={busy}
            />
          )}
          <StatusLine error={error} info={busy && way === 'webauthn' ? t('web.signIn.keyWaiting') : null} />
          {(way === 'email' || way === 'sms') && sent && (
            <div class="link-row">
              <button
                type="button"
                class="btn-link resend"
                disabled={busy || resend.seconds > 0}
                onClick={() => void sendCode()}
              >
                {resend.seconds > 0 ? (
                  <>
                    {t('web.common.resendIn')}{' '}
                    <span class="countdown">{formatCountdown(resend.seconds)}</span>
                  </>
                ) : (
                  t('web.common.resend')
                )}
              </button>
            </div>
          )}
          {ways.length > 1 && (
            <div class="link-row">
              {ways
                .filter((w) => w !== way)
                .map((w) => (
                  <button
                    key={w}
                    type="button"
                    class="btn-link"
                    onClick={() => {
                      setWay(w);
                      setError(null);
                      setCode('');
                      setSent(null);
                      focusField();
                    }}
                  >
                    {t(SWITCH_LABELS[w])}
                  </button>
                ))}
            </div>
          )}
        </div>
        <div class="modal-actions">
          <button type="button" class="btn btn-secondary" onClick={() => onDone(false)} disabled={busy}>
            {t('web.common.cancel')}
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy || (needsSend && resend.seconds > 0)}>
            {busy ? t('web.common.working') : needsSend ? t('web.signIn.sendCode') : t('web.signIn.continue')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
