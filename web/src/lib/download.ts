import { currentLocale, t } from './i18n.js';

/** Text of the backup-codes file: a header line, one code per line, a note that each works once. */
export function backupCodesText(
  productName: string,
  account: string,
  codes: readonly string[],
  now = new Date(),
): string {
  const lines = [
    t('web.backupCodes.fileHeader', {
      product: productName,
      account,
      // ISO in every language: the file is read long after, anywhere.
      date: now.toISOString().slice(0, 10),
    }),
    '',
    ...codes,
    '',
    t('web.backupCodes.fileNote'),
    '',
  ];
  return lines.join('\n');
}

/** `twofold-backup-codes-alice@example.com.txt` */
export function backupCodesFileName(productName: string, account: string): string {
  const product =
    productName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'twofold';
  const who = account.replace(/[^A-Za-z0-9@._+-]+/g, '_');
  return `${product}-backup-codes-${who}.txt`;
}

/** Save `text` as a file through a temporary object URL. */
export function downloadText(fileName: string, text: string): void {
  const blob = new Blob([text], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copy to the clipboard; falls back to a hidden textarea where the async API is unavailable. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Print only the codes, in a clean window of their own. */
export function printCodes(title: string, account: string, codes: readonly string[]): void {
  const win = window.open('', '_blank', 'width=600,height=700');
  if (!win) {
    window.print();
    return;
  }
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  // The popup inherits this page's CSP (no inline style): the stylesheet is a file of ours.
  const stylesheet = `${window.location.origin}/print-codes.css`;
  win.document.write(`<!doctype html><html lang="${esc(currentLocale())}"><head><meta charset="utf-8"><title>${esc(title)}</title>
<link rel="stylesheet" href="${esc(stylesheet)}">
</head><body><h1>${esc(title)}</h1><p>${esc(account)} · ${esc(t('web.backupCodes.printNote'))}</p><ol>${codes
    .map((c) => `<li>${esc(c)}</li>`)
    .join('')}</ol></body></html>`);
  // Print once the stylesheet has loaded (the load event waits for it).
  win.addEventListener(
    'load',
    () => {
      win.focus();
      win.print();
    },
    { once: true },
  );
  win.document.close();
}
