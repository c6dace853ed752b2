import type { DeliveryChannel, OutboundMessage } from './types.js';

/** The name every message is signed with. */
export const PRODUCT_NAME = 'Twofold';

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

/** "5 minutes", "1 minute": a lifetime in seconds as whole minutes, rounded up. */
export function formatMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * A plain, table-free HTML body from paragraphs of text (escaped here). An item
 * `{ code }` renders as a large monospace line, `{ link, label }` as a link.
 */
export function renderEmailHtml(
  title: string,
  blocks: Array<string | { code: string } | { link: string; label: string }>,
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
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;color:#1a1a1a;max-width:560px;margin:24px auto;padding:0 16px">',
    body,
    `<p style="margin:24px 0 0;color:#666;font-size:13px">${escapeHtml(PRODUCT_NAME)}</p>`,
    '</body></html>',
  ].join('\n');
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
}

/**
 * The message carrying a one-time code: the code first in the subject and body,
 * what it is for, the product name and when it expires.
 * @example renderCodeMessage({ channel: 'email', to: 'ann@example.com', code: '123456', purpose: 'verify', ttlSeconds: 300 })
 */
export function renderCodeMessage(options: CodeMessageOptions): OutboundMessage {
  const { channel, to, code, purpose, ttlSeconds } = options;
  const expires = formatMinutes(ttlSeconds);
  const what =
    purpose === 'verify'
      ? `to sign in to ${PRODUCT_NAME}`
      : `to confirm this ${channel === 'email' ? 'email address' : 'phone number'} for ${PRODUCT_NAME}`;
  const warning =
    purpose === 'verify'
      ? 'If you did not just try to sign in, someone knows your password: change it. Never share this code.'
      : 'If you did not ask for this, ignore this message. Never share this code.';
  if (channel === 'sms') {
    const bound = options.host ? `\n\n@${options.host} #${code}` : '';
    return {
      channel,
      to,
      subject: `${PRODUCT_NAME} code`,
      text: `${code} is your ${PRODUCT_NAME} ${purpose === 'verify' ? 'sign-in code' : 'code to confirm this phone number'}. It expires in ${expires}. Never share it.${bound}`,
      purpose,
      code,
    };
  }
  const subject = `${code} is your ${PRODUCT_NAME} verification code`;
  const lines = [
    `Your ${PRODUCT_NAME} verification code is ${code}.`,
    '',
    `Use it ${what}. It expires in ${expires}.`,
    '',
    warning,
  ];
  return {
    channel,
    to,
    subject,
    text: `${lines.join('\n')}\n\n— ${PRODUCT_NAME}\n`,
    html: renderEmailHtml(subject, [
      `Your ${PRODUCT_NAME} verification code:`,
      { code },
      `Use it ${what}. It expires in ${expires}.`,
      warning,
    ]),
    purpose,
    code,
  };
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
}): OutboundMessage {
  const subject = `${PRODUCT_NAME}: reset your password`;
  const expires = formatMinutes(options.ttlSeconds);
  const lines = [
    `Someone asked to reset the password of your ${PRODUCT_NAME} account. To choose a new password, open this link within ${expires}:`,
    options.link,
    'The link works once. Setting a new password signs you out everywhere; your two-factor authentication stays on, and you will be asked for it at your next sign-in.',
    'If you did not ask for this, ignore this email: your password stays as it is.',
  ];
  const html = renderEmailHtml(subject, [
    lines[0]!,
    { link: options.link, label: 'Reset your password' },
    lines[2]!,
    lines[3]!,
  ]);
  return {
    channel: 'email',
    to: options.to,
    subject,
    text: `${lines.join('\n\n')}\n\n— ${PRODUCT_NAME}\n`,
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
}): OutboundMessage {
  const subject = `${PRODUCT_NAME}: verify your email address`;
  const hours = Math.round(options.ttlSeconds / 3600);
  const expires = hours >= 1 ? `${hours} hour${hours === 1 ? '' : 's'}` : formatMinutes(options.ttlSeconds);
  const lines = [
    `To confirm that this address belongs to your ${PRODUCT_NAME} account, open this link within ${expires}:`,
    options.link,
    'The link works once. If you did not create an account, ignore this email.',
  ];
  const html = renderEmailHtml(subject, [
    lines[0]!,
    { link: options.link, label: 'Verify your email' },
    lines[2]!,
  ]);
  return {
    channel: 'email',
    to: options.to,
    subject,
    text: `${lines.join('\n\n')}\n\n— ${PRODUCT_NAME}\n`,
    html,
    purpose: 'email_verification',
    code: options.token,
  };
}

/**
 * The administrator's provider check (`POST /api/admin/providers/test`).
 * @example renderTestMessage({ channel: 'sms', to: '+15551234567' })
 */
export function renderTestMessage(options: { channel: DeliveryChannel; to: string }): OutboundMessage {
  const text = `This is a test message from ${PRODUCT_NAME}: ${options.channel === 'email' ? 'email' : 'SMS'} delivery works.`;
  const subject = `${PRODUCT_NAME} test message`;
  return {
    channel: options.channel,
    to: options.to,
    subject,
    text,
    ...(options.channel === 'email' ? { html: renderEmailHtml(subject, [text]) } : {}),
    purpose: 'test',
  };
}
