/**
 * The one way the UI talks to the server. Same-origin fetch with the session cookie; the
 * pending-sign-in `mfaToken` is passed explicitly and never stored.
 */

import { currentLocale, sentences, t } from './i18n.js';

export interface FieldDetail {
  field: string;
  message: string;
  /** A code for the problem (zod's issue code, or `password_*`): worded here in the UI's language. */
  reason?: string;
  limit?: number;
  kind?: string;
}

/** An error answer of the API (`{"error": {"code", "message", ...}}`) or a network failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly data: Record<string, unknown>;

  constructor(status: number, code: string, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.data = data;
  }

  get attemptsRemaining(): number | undefined {
    const value = this.data.attemptsRemaining;
    return typeof value === 'number' ? value : undefined;
  }

  /** `invalid_code`: why the code was refused (`wrong`, `expired`, `used`). */
  get reason(): 'wrong' | 'expired' | 'used' | undefined {
    const value = this.data.reason;
    return value === 'wrong' || value === 'expired' || value === 'used' ? value : undefined;
  }

  /** `invalid_code`: this many more wrong codes lock the account (present only when it comes to that). */
  get lockoutAfterAttempts(): number | undefined {
    const value = this.data.lockoutAfterAttempts;
    return typeof value === 'number' ? value : undefined;
  }

  get lockoutSeconds(): number | undefined {
    const value = this.data.lockoutSeconds;
    return typeof value === 'number' ? value : undefined;
  }

  get retryAfterSeconds(): number | undefined {
    const value = this.data.retryAfterSeconds;
    return typeof value === 'number' ? value : undefined;
  }

  /** Validation details keyed by a normalised field path (`limits.lockoutSeconds`). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const details = this.data.details;
    if (!Array.isArray(details)) return out;
    for (const item of details as unknown[]) {
      if (!item || typeof item !== 'object') continue;
      const { field, path, message } = item as { field?: unknown; path?: unknown; message?: unknown };
      const raw = field ?? path;
      const key = normaliseField(raw);
      if (typeof message === 'string' && !(key in out)) out[key] = fieldMessage(item as FieldDetail);
    }
    return out;
  }
}

/**
 * A field problem in the UI's language. English readers keep the server's own wording (it can be
 * more specific than the reason); everyone else gets the reason worded from the catalog, or a
 * general "not valid" when the server gave no reason the UI knows.
 */
function fieldMessage(detail: FieldDetail): string {
  if (currentLocale() === 'en') return detail.message;
  const limit = detail.limit;
  const withLimit = (key: string) =>
    typeof limit === 'number' ? t(key, { limit }) : t('web.common.field.invalid');
  switch (detail.reason) {
    case 'password_too_short':
      return withLimit('web.common.field.passwordTooShort');
    case 'password_too_long':
      return withLimit('web.common.field.passwordTooLong');
    case 'password_common':
      return t('web.common.field.passwordCommon');
    case 'too_small':
      if (detail.kind === 'string')
        return limit !== undefined && limit <= 1
          ? t('web.common.field.required')
          : withLimit('web.common.field.tooShort');
      if (detail.kind === 'array') return withLimit('web.common.field.tooFewItems');
      return withLimit('web.common.field.tooSmall');
    case 'too_big':
      if (detail.kind === 'string') return withLimit('web.common.field.tooLong');
      if (detail.kind === 'array') return withLimit('web.common.field.tooManyItems');
      return withLimit('web.common.field.tooBig');
    case 'invalid_format':
      if (detail.kind === 'email') return t('web.common.field.invalidEmail');
      if (detail.kind === 'url') return t('web.common.field.invalidUrl');
      return t('web.common.field.invalidFormat');
    case 'invalid_value':
      return t('web.common.field.invalidChoice');
    case 'invalid_type':
      return detail.message.includes('received undefined')
        ? t('web.common.field.required')
        : t('web.common.field.invalid');
    default:
      return t('web.common.field.invalid');
  }
}

function normaliseField(raw: unknown): string {
  if (Array.isArray(raw)) return raw.map(String).join('.');
  if (typeof raw !== 'string') return '';
  return raw
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^(body\.)|^\.+/g, '')
    .replace(/^body\./, '');
}

/** Look up the validation message for `field` (exact path, or the last path segment). */
export function fieldError(errors: Record<string, string>, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const last = field.split('.').pop() ?? field;
  for (const [key, message] of Object.entries(errors)) {
    if (key === last || key.endsWith(`.${field}`)) return message;
  }
  return undefined;
}

export interface RequestOptions {
  body?: unknown;
  /** Pending sign-in token, sent as `Authorization: Bearer`. */
  mfaToken?: string;
  /** Ask for a password/code re-check and retry once on `403 reauthentication_required` (default true). */
  reauth?: boolean;
  signal?: AbortSignal;
}

type ReauthHandler = () => Promise<boolean>;
let reauthHandler: ReauthHandler | null = null;

/** Installed by the app shell: opens the re-check dialog and resolves true once it passed. */
export function setReauthHandler(handler: ReauthHandler | null): void {
  reauthHandler = handler;
}

type UnauthenticatedHandler = () => void;
let unauthenticatedHandler: UnauthenticatedHandler | null = null;

/** Called when a session request answers 401 `unauthenticated` (the session ended elsewhere). */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler | null): void {
  unauthenticatedHandler = handler;
}

async function send<T>(method: string, path: string, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.mfaToken) headers.authorization = `Bearer ${options.mfaToken}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', t('web.common.error.network'));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (response.ok) return json as T;
  const error =
    json && typeof json === 'object' && 'error' in json && json.error && typeof json.error === 'object'
      ? (json.error as Record<string, unknown>)
      : {};
  const code = typeof error.code === 'string' ? error.code : defaultCode(response.status);
  const message =
    typeof error.message === 'string' ? error.message : `The server answered ${response.status}.`;
  const retryHeader = response.headers.get('retry-after');
  if (error.retryAfterSeconds === undefined && retryHeader && /^\d+$/.test(retryHeader)) {
    error.retryAfterSeconds = Number(retryHeader);
  }
  throw new ApiError(response.status, code, message, error);
}

function defaultCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  return 'internal_error';
}

/** Call the API; handles the re-check dialog on `reauthentication_required`. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(method, path, options);
  } catch (error) {
    if (
      error instanceof ApiError &&
      error.code === 'reauthentication_required' &&
      options.reauth !== false &&
      !options.mfaToken &&
      reauthHandler
    ) {
      const passed = await reauthHandler();
      if (passed) return send<T>(method, path, options);
      throw new ApiError(403, 'reauthentication_cancelled', 'The action was cancelled.', {});
    }
    if (
      error instanceof ApiError &&
      error.status === 401 &&
      error.code === 'unauthenticated' &&
      !options.mfaToken &&
      unauthenticatedHandler &&
      !path.startsWith('/api/auth/')
    ) {
      unauthenticatedHandler();
    }
    throw error;
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body: body ?? {} }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};

/** Build a query string, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The method a code was entered for, so a refusal can say what to do next. */
export type CodeMethod = 'totp' | 'email' | 'sms' | 'backup_code';

/**
 * Why a code was refused and what is at stake, for `invalid_code`:
 * "This code has expired — send a new one. 3 attempts left." or
 * "That code didn’t work. 1 more wrong code locks your account for 15 minutes."
 */
export function describeCodeError(error: ApiError, method?: CodeMethod | string): string {
  const reason = error.reason;
  let why = t('web.common.code.wrong');
  if (reason === 'expired') why = t('web.common.code.expired');
  else if (reason === 'used')
    why =
      method === 'totp'
        ? t('web.common.code.usedTotp')
        : method === 'backup_code'
          ? t('web.common.code.usedBackup')
          : t('web.common.code.used');
  else if (reason === undefined && error.attemptsRemaining === undefined)
    return t('web.common.code.wrongCheck');
  const lockAfter = error.lockoutAfterAttempts;
  const lockSeconds = error.lockoutSeconds;
  if (lockAfter !== undefined && lockAfter > 0 && lockSeconds) {
    return sentences(
      why,
      t('web.common.code.locksAfter', { count: lockAfter, wait: formatWait(lockSeconds) }),
    );
  }
  const left = error.attemptsRemaining;
  if (left === undefined) return why;
  if (left <= 0) return sentences(why, t('web.common.code.noAttempts'));
  return sentences(why, t('web.common.code.attemptsLeft', { count: left }));
}

/** A sentence for the user, for any error thrown by `request` (`method`: the code's, for `invalid_code`). */
export function describeError(error: unknown, method?: CodeMethod | string): string {
  if (!(error instanceof ApiError)) return t('web.common.error.generic');
  switch (error.code) {
    case 'network_error':
      return t('web.common.error.network');
    case 'invalid_credentials':
      return t('web.common.error.invalidCredentials');
    case 'invalid_code':
      return describeCodeError(error, method);
    case 'invalid_mfa_token':
      return t('web.common.error.invalidMfaToken');
    case 'account_locked':
      return lockedMessage(error.retryAfterSeconds);
    case 'rate_limited': {
      const wait = error.retryAfterSeconds;
      return wait
        ? t('web.common.error.rateLimitedFor', { wait: formatWait(wait) })
        : t('web.common.error.rateLimited');
    }
    case 'delivery_failed':
      return t('web.common.error.deliveryFailed');
    case 'unavailable':
    case 'mfa_unavailable':
      return t('web.common.error.unavailable');
    case 'forbidden':
      return t('web.common.error.forbidden');
    case 'mfa_required_by_policy':
      return t('web.common.error.mfaRequiredByPolicy');
    case 'reauthentication_cancelled':
      return t('web.common.error.reauthCancelled');
    case 'internal_error':
      return t('web.common.error.internal');
    case 'unauthenticated':
      return t('web.common.error.unauthenticated');
    case 'not_found':
      return t('web.common.error.notFound');
    case 'request_timeout':
      return t('web.common.error.timeout');
    default:
      // The server's own text is English: shown as is only to an English reader.
      if (error.message && currentLocale() === 'en') return error.message;
      if (error.code === 'invalid_request') return t('web.common.error.invalidRequest');
      if (error.code === 'conflict') return t('web.common.error.conflict');
      return t('web.common.error.generic');
  }
}

/** "Too many failed attempts…" with the time the lock ends. */
export function lockedMessage(retryAfterSeconds: number | undefined): string {
  if (!retryAfterSeconds) return t('web.common.error.lockedLater');
  const until = new Date(Date.now() + retryAfterSeconds * 1000);
  const time = until.toLocaleTimeString(currentLocale(), { hour: 'numeric', minute: '2-digit' });
  return t('web.signIn.lockedFor', { minutes: formatWait(retryAfterSeconds), time });
}

/** 45 → "45 seconds", 900 → "15 minutes", 5400 → "1 hour 30 minutes". */
export function formatWait(seconds: number): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour') =>
    new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = unit(hours, 'hour');
  return rest ? `${h} ${unit(rest, 'minute')}` : h;
}

/**
 * A validation message as a sentence for the field it sits under: the server's terse zod messages
 * ("Too small: expected number to be >=60") become "Must be at least 60.".
 */
export function sentence(message: string): string {
  let text = message.trim();
  const small = /too small: expected (?:number|int) to be >=?\s*(-?\d+)/i.exec(text);
  const big = /too big: expected (?:number|int) to be <=?\s*(-?\d+)/i.exec(text);
  if (small) text = `must be at least ${small[1]}`;
  else if (big) text = `must be at most ${big[1]}`;
  else if (/expected (number|int), received/i.test(text)) text = 'enter a whole number';
  else if (/expected int/i.test(text)) text = 'enter a whole number';
  if (!text) return text;
  text = text.charAt(0).toUpperCase() + text.slice(1);
  // A sentence already ended (also with Chinese punctuation) gets no extra full stop.
  return /[.!?。！？]$/.test(text) ? text : `${text}.`;
}
