/**
 * The one way the UI talks to the server. Same-origin fetch with the session cookie; the
 * pending-sign-in `mfaToken` is passed explicitly and never stored.
 */

export interface FieldDetail {
  field: string;
  message: string;
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
      if (typeof message === 'string' && !(key in out)) out[key] = message;
    }
    return out;
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
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.',
    );
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
  let why = 'That code didn’t work.';
  if (reason === 'expired') why = 'This code has expired — send a new one.';
  else if (reason === 'used')
    why =
      method === 'totp'
        ? 'This code was already used — wait for the next one in your app.'
        : method === 'backup_code'
          ? 'This backup code was already used. Each code works once.'
          : 'This code was already used — send a new one.';
  else if (reason === undefined && error.attemptsRemaining === undefined)
    return 'That code didn’t work. Check it and try again.';
  const lockAfter = error.lockoutAfterAttempts;
  const lockSeconds = error.lockoutSeconds;
  if (lockAfter !== undefined && lockAfter > 0 && lockSeconds) {
    const codes = lockAfter === 1 ? 'wrong code locks' : 'wrong codes lock';
    return `${why} ${lockAfter} more ${codes} your account for ${formatWait(lockSeconds)}.`;
  }
  const left = error.attemptsRemaining;
  if (left === undefined) return why;
  if (left <= 0) return `${why} No attempts are left.`;
  return `${why} ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`;
}

/** A sentence for the user, for any error thrown by `request` (`method`: the code's, for `invalid_code`). */
export function describeError(error: unknown, method?: CodeMethod | string): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'network_error':
      return error.message;
    case 'invalid_credentials':
      return 'That email and password don’t match an account.';
    case 'invalid_code':
      return describeCodeError(error, method);
    case 'invalid_mfa_token':
      return 'This sign-in has expired. Please start again with your password.';
    case 'account_locked':
      return lockedMessage(error.retryAfterSeconds);
    case 'rate_limited': {
      const wait = error.retryAfterSeconds;
      return wait
        ? `Too many requests. Try again in ${formatWait(wait)}.`
        : 'Too many requests. Try again shortly.';
    }
    case 'delivery_failed':
      return 'We couldn’t deliver the code. Try again in a moment, or use another way.';
    case 'unavailable':
      return 'The service is temporarily unavailable. Please try again in a moment.';
    case 'forbidden':
      return 'You are not allowed to do that.';
    case 'mfa_required_by_policy':
      return 'Two-factor authentication is required for your account, so this would leave it unprotected.';
    case 'reauthentication_cancelled':
      return 'Cancelled: we need to confirm it’s you before making this change.';
    case 'internal_error':
      return 'Something went wrong on our side. Please try again.';
    default:
      return error.message || 'Something went wrong. Please try again.';
  }
}

/** "Too many failed attempts…" with the time the lock ends. */
export function lockedMessage(retryAfterSeconds: number | undefined): string {
  if (!retryAfterSeconds) return 'Too many failed attempts: this account is locked for now. Try again later.';
  const until = new Date(Date.now() + retryAfterSeconds * 1000);
  const time = until.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  return `Too many failed attempts: this account is locked. Try again in ${formatWait(retryAfterSeconds)} (at ${time}).`;
}

/** 45 → "45 seconds", 900 → "15 minutes", 5400 → "1 hour 30 minutes". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  return rest ? `${h} ${rest} ${rest === 1 ? 'minute' : 'minutes'}` : h;
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
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
