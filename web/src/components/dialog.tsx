import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { describeError } from '../lib/api.js';
import { useTranslation } from '../lib/i18n.js';
import { StatusLine } from './alert.js';
import { Icon } from './icons.js';

/**
 * A modal `<dialog>`: focus is trapped by the browser, Escape closes it, focus returns to the
 * element that opened it.
 */
export function Modal({
  open,
  title,
  onClose,
  children,
  size = 'small',
}: {
  open: boolean;
  title: ComponentChildren;
  onClose: () => void;
  children: ComponentChildren;
  size?: 'small' | 'medium';
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      const first = dialog.querySelector<HTMLElement>(
        '[data-autofocus], input:not([type=hidden]):not([disabled]), select, textarea',
      );
      first?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [open]);
  useEffect(
    () => () => {
      if (ref.current?.open) ref.current.close();
    },
    [],
  );
  return (
    <dialog
      ref={ref}
      class={`modal modal-${size}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div class="modal-inner">
          <div class="modal-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" class="btn btn-icon btn-ghost" onClick={onClose}>
              <Icon name="x" />
              <span class="visually-hidden">{t('web.common.close')}</span>
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

/** "Are you sure?" with a single confirming action that may fail and say why. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger = false,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setError(null);
      setBusy(false);
    }
  }, [open]);
  return (
    <Modal open={open} title={title} onClose={busy ? () => undefined : onClose}>
      <form
        method="dialog"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await onConfirm();
            setBusy(false);
            onClose();
          } catch (caught) {
            setBusy(false);
            setError(describeError(caught));
          }
        }}
      >
        <div class="modal-body">
          {children}
          <StatusLine error={error} />
        </div>
        <div class="modal-actions">
          <button
            type="button"
            class="btn btn-secondary"
            onClick={onClose}
            disabled={busy}
            data-autofocus={danger ? true : undefined}
          >
            {t('web.common.cancel')}
          </button>
          <button
            type="submit"
            class={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
            disabled={busy}
            data-autofocus={danger ? undefined : true}
          >
            {busy ? t('web.common.working') : confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
