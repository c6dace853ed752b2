import { useState } from 'preact/hooks';
import { useApp } from '../lib/app-context.js';
import { backupCodesFileName, backupCodesText, copyText, downloadText, printCodes } from '../lib/download.js';
import { sentences, useTranslation } from '../lib/i18n.js';
import { dropLeaveGuardEntry, useLeaveGuard } from '../lib/leave-guard.js';
import { CheckField } from './field.js';
import { Icon } from './icons.js';

/**
 * The one time a user sees their backup codes: list, Download (.txt), Print, Copy, and a
 * required "I have saved…" checkbox before Done.
 */
export function BackupCodesPanel({
  codes,
  account,
  onDone,
  doneLabel,
  regenerated = false,
}: {
  codes: readonly string[];
  account: string;
  onDone: () => void;
  doneLabel?: string;
  regenerated?: boolean;
}) {
  const { config, notify } = useApp();
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  // Until "I have saved…" is ticked, leaving (header link, sign out, closing the tab) asks first.
  useLeaveGuard(!saved, t('web.backupCodes.leaveGuard'));
  const product = config.productName;
  const text = () => backupCodesText(product, account, codes);
  return (
    <div class="backup-codes">
      <p class="muted">
        {sentences(
          regenerated ? t('web.backupCodes.oldNoLonger') : t('web.backupCodes.ifYouLose'),
          t('web.backupCodes.eachOnce'),
        )}
      </p>
      <p class="backup-once" role="note">
        <Icon name="alert" size={16} /> <span>{t('web.backupCodes.onlyTime')}</span>
      </p>
      <ol class="code-grid" aria-label={t('web.backupCodes.listLabel')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="button-row">
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => {
            downloadText(backupCodesFileName(product, account), text());
            notify(t('web.backupCodes.downloaded'));
          }}
        >
          <Icon name="download" /> {t('web.backupCodes.download')}
        </button>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => printCodes(t('web.backupCodes.printTitle', { product }), account, codes)}
        >
          <Icon name="print" /> {t('web.backupCodes.print')}
        </button>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={async () => {
            const ok = await copyText(text());
            notify(ok ? t('web.backupCodes.copied') : t('web.backupCodes.copyFailed'));
          }}
        >
          <Icon name="copy" /> {t('web.backupCodes.copy')}
        </button>
      </div>
      <div class="confirm-saved">
        <CheckField
          label={t('web.backupCodes.savedLabel')}
          hint={saved ? undefined : t('web.backupCodes.savedHint')}
          checked={saved}
          onChecked={setSaved}
          name="saved"
        />
      </div>
      <div class="actions">
        <button
          type="button"
          class="btn btn-primary btn-block"
          disabled={!saved}
          onClick={() => void dropLeaveGuardEntry().then(onDone)}
        >
          {doneLabel ?? t('web.common.done')}
        </button>
      </div>
    </div>
  );
}
