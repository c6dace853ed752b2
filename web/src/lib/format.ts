import { parseUserAgent } from '../../../src/domain/user-agent.js';
import { currentLocale, t } from './i18n.js';
import type { SecondFactorMethod } from './types.js';

/** Human name of a second-factor method. */
export function methodName(method: SecondFactorMethod | string): string {
  switch (method) {
    case 'totp':
      return t('web.common.method.totp');
    case 'email':
      return t('web.common.method.email');
    case 'sms':
      return t('web.common.method.sms');
    case 'webauthn':
      return t('web.common.method.webauthn');
    case 'backup_code':
    case 'backupCodes':
    case 'backup_codes':
      return t('web.common.method.backupCode');
    case 'remembered_browser':
      return t('web.common.method.rememberedBrowser');
    default:
      return method;
  }
}

/** A method's name mid-sentence: lower case ("Remove authenticator app?"), but German nouns keep their capital. */
export function methodNameInSentence(method: SecondFactorMethod | string): string {
  const name = methodName(method);
  return currentLocale() === 'de' ? name : name.toLowerCase();
}

/** Short badge text for a method. */
export function methodShort(method: string): string {
  switch (method) {
    case 'totp':
      return t('web.common.methodShort.totp');
    case 'email':
      return t('web.common.methodShort.email');
    case 'sms':
      return t('web.common.methodShort.sms');
    case 'webauthn':
      return t('web.common.methodShort.webauthn');
    case 'backup_code':
    case 'backupCodes':
    case 'backup_codes':
      return t('web.common.methodShort.backupCode');
    default:
      return method;
  }
}

/** "ABCD EFGH IJKL …" for typing a TOTP secret by hand. */
export function groupSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** "Mar 3, 2025" */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString(currentLocale(), { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "Mar 3, 2025, 14:05" */
/** A short time for one-line tables: "Mar 2, 09:00:15" (the year only when it is not this one). */
export function formatShortDateTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(currentLocale(), {
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(currentLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "3 minutes ago", "in 2 days", falling back to a date beyond a month. */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return t('web.common.never');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' });
  // A time slightly ahead of this device is clock skew between server and browser, not the future.
  if (abs < 45 || (seconds > 0 && seconds < 3600)) return t('web.common.justNow');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(seconds / 86400), 'day');
  return formatDate(iso);
}

/** Human text of a security event type, in the UI's language: see `event-names.ts`. */
export { eventName } from './event-names.js';

/** Whether an event type reads as a failure (for styling). */
export function isFailureEvent(type: string): boolean {
  return /fail|locked|denied|invalid|refused/i.test(type) && !/unlock/i.test(type);
}

/** "Firefox on macOS" in the UI's language, from a User-Agent header ('' without one). */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return '';
  const parsed = parseUserAgent(ua);
  const browser = parsed.browser === 'apiClient' ? t('web.common.apiClient') : (parsed.browser ?? '');
  const os = parsed.os ?? '';
  if (browser && os) return t('web.common.browserOn', { browser, os });
  return browser || os || ua.slice(0, 40);
}

/** A short human note from an event's details: "with Authenticator app", "3 left". */
export function eventDetail(type: string, details: Record<string, unknown> | null | undefined): string {
  if (!details) return '';
  if (Array.isArray(details.methods)) {
    const second = (details.methods as unknown[]).filter((m) => m !== 'password' && m !== 'pwd');
    const how =
      second.length > 0
        ? t('web.common.event.withPasswordAnd', { method: methodNameInSentence(String(second[0])) })
        : t('web.common.event.withPassword');
    return details.enrolled ? t('web.common.event.justSetUp', { how }) : how;
  }
  if (typeof details.type === 'string' && /factor/.test(type)) return methodName(details.type);
  if (typeof details.method === 'string') return methodName(details.method);
  if (typeof details.remaining === 'number')
    return t('web.common.event.codesLeft', { count: details.remaining });
  if (typeof details.step === 'string')
    return details.step === 'password'
      ? t('web.common.event.wrongPassword')
      : t('web.common.event.atStep', { step: methodName(details.step) });
  return '';
}

/** 75 → "1:15" */
export function formatCountdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** "Acme (your organization)" or "Twofold (the system policy)": whose requirement it is. */
export function requiredByText(by: { kind: 'system' | 'organization'; name: string }): string {
  return by.kind === 'organization'
    ? t('web.common.requiredByOrganization', { name: by.name })
    : t('web.common.requiredBySystem', { name: by.name });
}
