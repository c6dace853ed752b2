import { useState } from 'preact/hooks';
import { api, describeError } from '../lib/api.js';
import { Alert } from './alert.js';

/**
 * "Verify your email" on the security page while the account's address is not
 * verified, with a button that mails a new link (`POST /api/account/email/verification`).
 */
export function VerifyEmailNotice({ email }: { email: string }) {
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
      title="Verify your email address"
      actions={
        <button type="button" class="btn btn-secondary" onClick={resend} disabled={busy}>
          {busy ? 'Sending…' : 'Resend'}
        </button>
      }
    >
      <p>
        We sent a link to <strong>{email}</strong>. Open it to verify your address
        {sent ? ' — a new link is on its way.' : '.'}
      </p>
      {error && <p>{error}</p>}
    </Alert>
  );
}
