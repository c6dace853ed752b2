import type { ComponentChildren } from 'preact';
import { useTranslation } from '../lib/i18n.js';
import { Icon } from './icons.js';

type Tone = 'error' | 'success' | 'info' | 'warning';

/**
 * A message box. Errors and warnings use `role="alert"` so screen readers announce them as they
 * appear; success and info use a polite status.
 */
export function Alert({
  tone = 'error',
  title,
  children,
  actions,
}: {
  tone?: Tone;
  title?: ComponentChildren;
  children?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  const icon = tone === 'success' ? 'check' : tone === 'info' ? 'info' : 'alert';
  return (
    <div class={`alert alert-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      <Icon name={icon} size={20} />
      <div class="alert-body">
        {title && <p class="alert-title">{title}</p>}
        {children && <div>{children}</div>}
        {actions && <div class="alert-actions">{actions}</div>}
      </div>
    </div>
  );
}

/** Reserves one line for a message so the layout does not jump when it appears. */
export function StatusLine({
  error,
  info,
  id,
}: {
  error?: string | null;
  info?: string | null;
  id?: string;
}) {
  return (
    <div class="status-line">
      {error ? (
        <p class="status-error" role="alert" id={id}>
          <Icon name="alert" size={16} />
          <span>{error}</span>
        </p>
      ) : (
        <p class="status-info" role="status">
          {info ?? ''}
        </p>
      )}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <span class="spinner" role="status">
      <span class="spinner-ring" aria-hidden="true" />
      <span class="visually-hidden">{label ?? t('web.common.loading')}</span>
    </span>
  );
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'brand';
  children: ComponentChildren;
}) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}
