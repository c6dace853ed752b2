import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../lib/api.js';
import { formatCountdown } from '../lib/format.js';
import { useCountdown } from '../lib/hooks.js';
import type { ChallengeResult, MfaStatus } from '../lib/types.js';
import { StatusLine } from './alert.js';
import { cleanBackupCode, cleanNumericCode } from './code-form.js';
import { Modal } from './dialog.js';
import { Field } from './field.js';

type Way = 'password' | 'totp' | 'email' | 'sms' | 'backup_code';

const SWITCH_LABELS: Record<Way, string> = {
  password: 'Use your password',
  totp: 'Use your authenticator app',
  email: 'Use a code by email',
  sms: 'Use a code by text message',
  backup_code: 'Use a backup code',
};

const CODE_LABELS: Record<Exclude<Way, 'password'>, string> = {
  totp: 'Authentication code',
  email: 'Code from the email',
  sms: 'Code from the text message',
  backup_code: 'Backup code',
};

/**
 * "Confirm it's you": asked when the server answers `reauthentication_required`. Passes with the
 * password or a code from an enrolled method (email and SMS codes are sent through
 * `/api/auth/reauth/challenge`), then the caller retries its action.
 */
export function ReauthDialog({ open, onDone }: { open: boolean; onDone: (passed: boolean) => void }) {
  const [way, setWay] = useState<Way>('password');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ways, setWays] = useState<Way[]>(['password']);
  const [sent, setSent] = useState<ChallengeResult | null>(null);
  const resend = useCountdown(0);

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
        // Security keys re-check through the password here (a key prompt is a later addition).
        for (const type of ['totp', 'email', 'sms'] as const) {
          if (status.factors.some((f) => f.type === type)) next.push(type);
        }
        if (status.backupCodes.remaining > 0) next.push('backup_code');
        setWays(next);
      })
      .catch(() => setWays(['password']));
  }, [open]);

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

  const submit = async (event: Event) => {
    event.preventDefault();
    if (needsSend) {
      void sendCode();
      return;
    }
    if (way === 'password' && !password) {
      setError('Enter your password.');
      return;
    }
    if (way !== 'password' && !code) {
      setError('Enter the code.');
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
        setError('That password is not correct.');
      } else {
        setError(describeError(caught, way));
      }
    }
  };

  const intro: Record<Way, string> = {
    password: 'This change needs a fresh check. Enter your password to continue.',
    totp: 'Enter the 6-digit code from your authenticator app.',
    email: sent ? `We sent a 6-digit code to ${sent.destination}.` : 'We’ll email you a 6-digit code.',
    sms: sent ? `We sent a 6-digit code to ${sent.destination}.` : 'We’ll text you a 6-digit code.',
    backup_code: 'Enter one of your unused backup codes. It will be used up.',
  };

  return (
    <Modal open={open} title="Confirm it’s you" onClose={() => onDone(false)}>
      <form onSubmit={submit} noValidate>
        <div class="modal-body">
          <p class="muted">{intro[way]}</p>
          {way === 'password' ? (
            <Field
              label="Password"
              type="password"
              name="password"
              autocomplete="current-password"
              value={password}
              onValue={setPassword}
              disabled={busy}
            />
          ) : needsSend ? null : (
            <Field
              label={CODE_LABELS[way]}
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
          <StatusLine error={error} />
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
                    Resend code in <span class="countdown">{formatCountdown(resend.seconds)}</span>
                  </>
                ) : (
                  'Resend code'
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
                    {SWITCH_LABELS[w]}
                  </button>
                ))}
            </div>
          )}
        </div>
        <div class="modal-actions">
          <button type="button" class="btn btn-secondary" onClick={() => onDone(false)} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy || (needsSend && resend.seconds > 0)}>
            {busy ? 'Working…' : needsSend ? 'Send code' : 'Continue'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
