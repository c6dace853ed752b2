import { Fragment } from 'preact';

/**
 * An email that wraps only where a reader expects it — before the "@", or after a dot,
 * hyphen, underscore or plus of the name — never mid-word; the domain stays whole.
 */
export function EmailText({ email, class: className }: { email: string; class?: string }) {
  const at = email.lastIndexOf('@');
  const classes = ['cell-email', className].filter(Boolean).join(' ');
  if (at <= 0) return <span class={classes}>{email}</span>;
  const parts = email.slice(0, at).split(/(?<=[.\-_+])/);
  return (
    <span class={classes}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
      <wbr />
      <span class="nowrap">{email.slice(at)}</span>
    </span>
  );
}
