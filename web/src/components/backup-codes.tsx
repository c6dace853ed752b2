import { useState } from 'preact/hooks';
import { useApp } from '../lib/app-context.js';
import { backupCodesFileName, backupCodesText, copyText, downloadText, printCodes } from '../lib/download.js';
import { useLeaveGuard } from '../lib/leave-guard.js';
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
  doneLabel = 'Done',
  regenerated = false,
}: {
  codes: readonly string[];
  account: string;
  onDone: () => void;
  doneLabel?: string;
  regenerated?: boolean;
}) {
  const { config, notify } = useApp();
  const [saved, setSaved] = useState(false);
  // Until "I have saved…" is ticked, leaving (header link, sign out, closing the tab) asks first.
  useLeaveGuard(
    !saved,
    'You haven’t confirmed that you saved your backup codes. If you leave now you won’t see them again — you would have to generate a new set. Leave anyway?',
  );
  const product = config.productName;
  const text = () => backupCodesText(product, account, codes);
  return (
    <div class="backup-codes">
      <p class="muted">
        {regenerated
          ? 'Your old backup codes no longer work. '
          : 'If you lose access to your other methods, a backup code still signs you in. '}
        Each code works once. Store them somewhere safe, like a password manager.
      </p>
      <p class="backup-once" role="note">
        <Icon name="alert" size={16} />{' '}
        <span>
          This is the only time these codes are shown. To see codes again later you must generate a new set,
          and these stop working.
        </span>
      </p>
      <ol class="code-grid" aria-label="Backup codes">
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
            notify('Backup codes downloaded');
          }}
        >
          <Icon name="download" /> Download
        </button>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => printCodes(`${product} backup codes`, account, codes)}
        >
          <Icon name="print" /> Print
        </button>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={async () => {
            const ok = await copyText(text());
            notify(ok ? 'Backup codes copied' : 'Could not copy — select the codes and copy them instead');
          }}
        >
          <Icon name="copy" /> Copy
        </button>
      </div>
      <div class="confirm-saved">
        <CheckField
          label="I have saved my backup codes"
          hint={saved ? undefined : 'Download, print or copy them first.'}
          checked={saved}
          onChecked={setSaved}
          name="saved"
        />
      </div>
      <div class="actions">
        <button type="button" class="btn btn-primary btn-block" disabled={!saved} onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </div>
  );
}
