import {
  fillPlaceholders,
  MESSAGE_KINDS,
  type MessageKind,
  renderBodyHtml,
  type Wording,
} from '../domain/message-templates.js';
import { PRODUCT_NAME } from '../domain/product-name.js';
import { catalogText, formatDuration, translate } from '../i18n/catalog.js';
import type { Locale } from '../i18n/locales.js';
import type { DeliveryChannel, OutboundMessage } from './types.js';

/** The name every message is signed with, unless the recipient's organization sets its own. */
export { PRODUCT_NAME };

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** "5 minutes", "1 minute", "5 Minuten": a lifetime in seconds as whole minutes, rounded up. */
export function formatMinutes(seconds: number, locale: Locale = 'en'): string {
  return translate(locale, 'duration.minutes', { count: Math.max(1, Math.ceil(seconds / 60)) });
}

/** The HTML frame of every email around an already-escaped body, signed with `product` (escaped here). */
export function wrapEmailHtml(
  title: string,
  bodyHtml: string,
  locale: Locale = 'en',
  product: string = PRODUCT_NAME,
): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;color:#1a1a1a;max-width:560px;margin:24px auto;padding:0 16px">',
    bodyHtml,
    `<p style="margin:24px 0 0;color:#666;font-size:13px">${escapeHtml(product)}</p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * A plain, table-free HTML body from paragraphs of text (escaped here). An item
 * `{ code }` renders as a large monospace line, `{ link, label }` as a link.
 */
export function renderEmailHtml(
  title: string,
  blocks: Array<string | { code: string } | { link: string; label: string }>,
  locale: Locale = 'en',
  product: string = PRODUCT_NAME,
): string {
  const body = blocks
    .map((block) =>
      typeof block === 'string'
        ? `<p style="margin:0 0 16px">${escapeHtml(block)}</p>`
        : 'link' in block
          ? `<p style="margin:0 0 16px"><a href="${escapeHtml(block.link)}">${escapeHtml(block.label)}</a></p>`
          : `<p style="margin:0 0 16px;font:bold 28px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:4px">${escapeHtml(block.code)}</p>`,
    )
    .join('\n');
  return wrapEmailHtml(title, body, locale, product);
}

/**
 * The wording of `kind` in `locale`: the administrator's text per part where one
 * is saved (`custom`), else the catalog's.
 */
export function wordingOf(
  kind: MessageKind,
  locale: Locale,
  custom: Wording = {},
): Required<Pick<Wording, 'emailSubject' | 'emailBody'>> & Wording {
  const keys: Partial<Record<keyof Wording, string>> = MESSAGE_KINDS[kind].keys;
  const text = (part: keyof Wording) =>
    custom[part] ?? (keys[part] ? catalogText(locale, keys[part]) : undefined);
  const sms = text('sms');
  return {
    emailSubject: text('emailSubject')!,
    emailBody: text('emailBody')!,
    ...(sms !== undefined ? { sms } : {}),
  };
}

/**
 * A templated email: subject and text filled with `values`; the HTML part escapes
 * the template text and each value separately. It is signed with `values.product`
 * (the recipient organization's product name), else the system's.
 */
export function renderTemplatedEmail(
  wording: Wording,
  values: Record<string, string>,
  locale: Locale,
): { subject: string; text: string; html: string } {
  const subject = fillPlaceholders(wording.emailSubject ?? '', values).replace(/[\r\n]+/g, ' ');
  const body = wording.emailBody ?? '';
  const product = values.product ?? PRODUCT_NAME;
  return {
    subject,
    text: `${fillPlaceholders(body, values).trim()}\n\n— ${product}\n`,
    html: wrapEmailHtml(subject, renderBodyHtml(body, values), locale, product),
  };
}

export interface CodeMessageOptions {
  channel: DeliveryChannel;
  to: string;
  code: string;
  /** `verify`: a sign-in; `enroll`: confirming a new email address or phone. */
  purpose: 'verify' | 'enroll';
  ttlSeconds: number;
  /**
   * Host of the public URL, when known: SMS end with `@host #code` so browsers
   * and phones can offer the code for that site only (WebOTP, origin-bound codes).
   */
  host?: string | null;
  /** The recipient's language (default English). */
  locale?: Locale;
  /** An administrator's wording (else the catalog's). */
  wording?: Wording;
  /** The recipient's name or address, for `{user}`. */
  user?: string;
  /** The product name (`{product}`): the recipient organization's, else the system's. */
  product?: string;
}

/** The values of a code message's placeholders. */
export function codePlaceholders(
  locale: Locale,
  code: string,
  ttlSeconds: number,
  user: string,
  product: string = PRODUCT_NAME,
): Record<string, string> {
  return { code, minutes: formatDuration(locale, ttlSeconds), product, user };
}

/** The WebOTP line an SMS code ends with (`@host #code`), when the public host is known. */
export function originBoundSuffix(host: string | null | undefined, code: string): string {
  return host ? `\n\n@${host} #${code}` : '';
}

/**
 * The message carrying a one-time code, in the recipient's language: the code
 * first in the subject and body, what it is for, the product name and when it expires.
 * @example renderCodeMessage({ channel: 'email', to: 'ann@example.com', code: '123456', purpose: 'verify', ttlSeconds: 300 })
 */
export function renderCodeMessage(options: CodeMessageOptions): OutboundMessage {
  const { channel, to, code, purpose, ttlSeconds } = options;
  const locale = options.locale ?? 'en';
  const wording =
    options.wording ?? wordingOf(purpose === 'verify' ? 'code_sign_in' : 'code_confirm', locale);
  const values = codePlaceholders(locale, code, ttlSeconds, options.user ?? to, options.product);
  if (channel === 'sms') {
    return {
      channel,
      to,
      subject: fillPlaceholders(wording.emailSubject ?? '', values),
      text: `${fillPlaceholders(wording.sms ?? '', values)}${originBoundSuffix(options.host, code)}`,
      purpose,
      code,
    };
  }
  return { channel, to, ...renderTemplatedEmail(wording, values, locale), purpose, code };
}

/**
 * The "forgot password" email: the single-use link, how long it lives, and that
 * the second factor is still asked at the next sign-in. The link is the secret
 * (`code`, so failure logs scrub it).
 * @example renderPasswordResetMessage({ to: 'ann@example.com', link: 'https://2fa.example.com/reset-password#token=…', token: '…', ttlSeconds: 1800 })
 */
export function renderPasswordResetMessage(options: {
  to: string;
  link: string;
  ttlSeconds: number;
  token: string;
  locale?: Locale;
  /** The recipient organization's product name, else the system's. */
  product?: string;
}): OutboundMessage {
  const locale = options.locale ?? 'en';
  const product = options.product ?? PRODUCT_NAME;
  const values = { product, minutes: formatDuration(locale, options.ttlSeconds) };
  const subject = translate(locale, 'message.passwordReset.subject', values);
  const lines = [
    translate(locale, 'message.passwordReset.intro', values),
    options.link,
    translate(locale, 'message.passwordReset.after', values),
    translate(locale, 'message.passwordReset.ignore', values),
  ];
  const html = renderEmailHtml(
    subject,
    [
      lines[0]!,
      { link: options.link, label: translate(locale, 'message.passwordReset.link') },
      lines[2]!,
      lines[3]!,
    ],
    locale,
    product,
  );
  return {
    channel: 'email',
    to: options.to,
    subject,
    text: `${lines.join('\n\n')}\n\n— ${product}\n`,
    html,
    purpose: 'password_reset',
    code: options.token,
  };
}

/**
 * The "verify your email" message sent at sign-up and on resend: the single-use
 * link and how long it lives. The link is the secret (`code`, so failure logs scrub it).
 * @example renderEmailVerificationMessage({ to: 'ann@example.com', link: 'https://2fa.example.com/verify-email#token=…', token: '…', ttlSeconds: 86400 })
 */
export function renderEmailVerificationMessage(options: {
  to: string;
  link: string;
  ttlSeconds: number;
  token: string;
  locale?: Locale;
  /** The recipient organization's product name, else the system's. */
  product?: string;
}): OutboundMessage {
  const locale = options.locale ?? 'en';
  const product = options.product ?? PRODUCT_NAME;
  const values = { product, minutes: formatDuration(locale, options.ttlSeconds) };
  const subject = translate(locale, 'message.emailVerification.subject', values);
  const lines = [
    translate(locale, 'message.emailVerification.intro', values),
    options.link,
    translate(locale, 'message.emailVerification.after', values),
  ];
  const html = renderEmailHtml(
    subject,
    [
      lines[0]!,
      { link: options.link, label: translate(locale, 'message.emailVerification.link') },
      lines[2]!,
    ],
    locale,
    product,
  );
  return {
    channel: 'email',
    to: options.to,
    subject,
    text: `${lines.join('\n\n')}\n\n— ${product}\n`,
    html,
    purpose: 'email_verification',
    code: options.token,
  };
}

/**
 * The administrator's provider check (`POST /api/admin/providers/test`).
 * @example renderTestMessage({ channel: 'sms', to: '+15551234567' })
 */
export function renderTestMessage(options: {
  channel: DeliveryChannel;
  to: string;
  locale?: Locale;
  product?: string;
}): OutboundMessage {
  const locale = options.locale ?? 'en';
  const product = options.product ?? PRODUCT_NAME;
  const values = { product };
  const text =
    options.channel === 'email'
      ? translate(locale, 'message.test.email', values)
      : translate(locale, 'message.test.sms', values);
  const subject = translate(locale, 'message.test.subject', values);
  return {
    channel: options.channel,
    to: options.to,
    subject,
    text,
    ...(options.channel === 'email' ? { html: renderEmailHtml(subject, [text], locale, product) } : {}),
    purpose: 'test',
  };
}
