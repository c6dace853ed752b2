import { useState } from 'preact/hooks';
import { api, describeError } from '../lib/api.js';
import { useTranslation } from '../lib/i18n.js';
import { Alert } from './alert.js';

/**
 * "Verify your email" on the security page while the account's address is not
 * verified, with a button that mails a new link (`POST /api/account/email/verification`).
 */
export function VerifyEmailNotice({ email }: { email: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/account/email/verification', {});
      setSent(true);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Alert
      tone="warning"
      title={t('web.verifyEmailNotice.title')}
      actions={
        <button type="button" class="btn btn-secondary" onClick={resend} disabled={busy}>
          {busy ? t('web.common.sending') : t('web.verifyEmailNotice.resend')}
        </button>
      }
    >
      <p>
        {t('web.verifyEmailNotice.sentTo')} <strong>{email}</strong>
        {sent ? t('web.verifyEmailNotice.afterResent') : t('web.verifyEmailNotice.after')}
      </p>
      {error && <p>{error}</p>}
    </Alert>
  );
}
