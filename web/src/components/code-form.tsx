import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useTranslation } from '../lib/i18n.js';
import { StatusLine } from './alert.js';

export type CodeKind = 'numeric' | 'backup';

/** Digits only, at most six: "123 456" and "123-456" paste fine. */
export function cleanNumericCode(raw: string): string {
  return raw.replace(/\D+/g, '').slice(0, 6);
}

/** Backup codes are `abcde-fghjk`; accept any case and spacing, and a missing dash. */
export function cleanBackupCode(raw: string): string {
  const compact = raw.toLowerCase().replace(/\s+/g, '');
  if (/^[a-z0-9]{10}$/.test(compact)) return `${compact.slice(0, 5)}-${compact.slice(5)}`;
  return compact;
}

export interface CodeFormProps {
  kind?: CodeKind;
  label: string;
  hint?: ComponentChildren;
  submitLabel?: string;
  busy?: boolean;
  error?: string | null;
  info?: string | null;
  /** Change it to clear the field and focus it again (after a wrong code). */
  resetKey?: number;
  disabled?: boolean;
  onSubmit: (code: string) => void;
  children?: ComponentChildren;
}

/**
 * A one-time-code form. Six-digit codes submit themselves when the sixth digit arrives (typed,
 * pasted or filled by the platform's one-time-code autofill); backup codes wait for the button.
 */
export function CodeForm({
  kind = 'numeric',
  label,
  hint,
  submitLabel,
  busy = false,
  error,
  info,
  resetKey = 0,
  disabled = false,
  onSubmit,
  children,
}: CodeFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const lastAuto = useRef<string | null>(null);

  useEffect(() => {
    if (resetKey === 0) return;
    setValue('');
    lastAuto.current = null;
    input.current?.focus();
  }, [resetKey]);

  useEffect(() => {
    if (!busy && !disabled && document.activeElement === document.body) input.current?.focus();
  }, [busy, disabled]);

  const submit = (code: string) => {
    if (busy || disabled) return;
    if (kind === 'numeric' && code.length !== 6) {
      setLocalError(t('web.common.enterSixDigits'));
      input.current?.focus();
      return;
    }
    if (kind === 'backup' && code.replace(/-/g, '').length < 8) {
      setLocalError(t('web.common.enterBackupCode'));
      input.current?.focus();
      return;
    }
    setLocalError(null);
    onSubmit(code);
  };

  const onInput = (raw: string) => {
    const next = kind === 'numeric' ? cleanNumericCode(raw) : raw;
    setValue(next);
    if (input.current && input.current.value !== next) input.current.value = next;
    if (localError) setLocalError(null);
    if (kind === 'numeric' && next.length === 6 && lastAuto.current !== next && !busy && !disabled) {
      lastAuto.current = next;
      submit(next);
    }
  };

  const errorId = `${id}-error`;
  const shownError = localError ?? error ?? null;
  return (
    <form
      class="code-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit(kind === 'numeric' ? cleanNumericCode(value) : cleanBackupCode(value));
      }}
    >
      <div class="field">
        <label for={id}>{label}</label>
        {hint && (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <input
          ref={input}
          id={id}
          name={kind === 'numeric' ? 'code' : 'backupCode'}
          class={`code-input${kind === 'backup' ? ' code-input-backup' : ''}`}
          type="text"
          value={value}
          inputMode={kind === 'numeric' ? 'numeric' : 'text'}
          autocomplete={kind === 'numeric' ? 'one-time-code' : 'off'}
          autocapitalize="none"
          spellcheck={false}
          pattern={kind === 'numeric' ? '[0-9]*' : undefined}
          placeholder={kind === 'numeric' ? '000000' : 'xxxxx-xxxxx'}
          aria-invalid={shownError ? 'true' : undefined}
          aria-describedby={
            [hint ? `${id}-hint` : '', shownError ? errorId : ''].filter(Boolean).join(' ') || undefined
          }
          disabled={disabled}
          readOnly={busy}
          onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <StatusLine id={errorId} error={shownError} info={busy ? t('web.common.checking') : (info ?? null)} />
      <div class="actions">
        <button type="submit" class="btn btn-primary btn-block" disabled={busy || disabled}>
          {busy ? t('web.common.checking') : (submitLabel ?? t('web.common.verify'))}
        </button>
      </div>
      {children}
    </form>
  );
}
