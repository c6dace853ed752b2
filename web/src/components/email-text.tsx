import { Fragment } from 'preact';

/** Characters (the "@" included) past which a domain may wrap after a dot. */
const LONG_DOMAIN = 20;

/** The string split after each of `marks`, the marks kept: `a.b-c` → `a.`, `b-`, `c`. */
function splitAfter(text: string, marks: RegExp): string[] {
  return text.split(marks).filter(Boolean);
}

/**
 * An email that wraps only where a reader expects it — after a dot, hyphen, underscore or
 * plus of the name, before the "@", or after a dot of a long domain — never mid-word: each
 * part of the domain stays whole (`.nowrap`), a hyphenated label included.
 */
export function EmailText({ email, class: className }: { email: string; class?: string }) {
  const at = email.lastIndexOf('@');
  const classes = ['cell-email', className].filter(Boolean).join(' ');
  if (at <= 0) return <span class={classes}>{email}</span>;
  const name = splitAfter(email.slice(0, at), /(?<=[.\-_+])/);
  // A short domain never breaks; a long one ("@research.example-university.edu") may, after a dot.
  const domain = at < email.length - LONG_DOMAIN ? splitAfter(email.slice(at), /(?<=\.)/) : [email.slice(at)];
  return (
    <span class={classes}>
      {name.map((part, i) => (
        <Fragment key={`n${i}`}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
      {domain.map((part, i) => (
        <Fragment key={`d${i}`}>
          <wbr />
          <span class="nowrap">{part}</span>
        </Fragment>
      ))}
    </span>
  );
}
