import { useEffect, useState } from 'preact/hooks';
import { StatusLine } from '../../components/alert.js';
import { Modal } from '../../components/dialog.js';
import { Icon } from '../../components/icons.js';
import { api, describeError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { useTranslation } from '../../lib/i18n.js';
import type { AdminUser, ResponseOf } from '../../lib/types.js';
import { type AccountSession, SessionList } from '../security-account.js';

/** The admin console's view of one user's sessions: "Sign out" one, or every one. */
export function UserSessionsDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const app = useApp();
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<AccountSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = user ? `/api/admin/users/${encodeURIComponent(user.id)}/sessions` : null;

  const load = async () => {
    if (!base) return;
    try {
      setSessions((await api.get<ResponseOf<'/api/admin/users/{id}/sessions', 'get'>>(base)).sessions);
    } catch (caught) {
      setError(describeError(caught));
    }
  };

  useEffect(() => {
    setSessions(null);
    setError(null);
    void load();
  }, [base]);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      app.notify(done);
      await load();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={t('web.admin.sessions.title', { email: user?.email ?? '' })}
      size="medium"
      onClose={onClose}
    >
      <div class="modal-body stack">
        <StatusLine error={error} />
        {sessions === null ? (
          <p class="empty">{t('web.admin.sessions.loading')}</p>
        ) : (
          <SessionList
            sessions={sessions}
            currentLabel={t('web.admin.sessions.yours')}
            onEnd={(session) =>
              void run(
                () => api.delete(`${base}/${encodeURIComponent(session.id)}`),
                t('web.admin.sessions.ended'),
              )
            }
          />
        )}
        <div class="modal-actions">
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            {t('web.admin.common.close')}
          </button>
          {sessions && sessions.length > 0 && (
            <button
              type="button"
              class="btn btn-danger-outline"
              disabled={busy}
              onClick={() =>
                void run(
                  () => api.delete(base!),
                  t('web.admin.sessions.endedAll', { email: user?.email ?? '' }),
                )
              }
            >
              <Icon name="logout" /> {t('web.admin.sessions.endAll')}
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}
