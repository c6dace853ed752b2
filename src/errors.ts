/** Stable error codes of the HTTP contract (API.md, "Errors"). */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_code'
  | 'invalid_credentials'
  | 'unauthenticated'
  | 'invalid_mfa_token'
  | 'forbidden'
  | 'reauthentication_required'
  | 'mfa_required_by_policy'
  | 'mfa_unavailable'
  | 'not_found'
  | 'conflict'
  | 'account_locked'
  | 'request_timeout'
  | 'uri_too_long'
  | 'headers_too_large'
  | 'rate_limited'
  | 'internal_error'
  | 'delivery_failed'
  | 'unavailable';

/** Status and vague default message per code (jose's errors.ts: stable codes, vague messages). */
export const ERRORS = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  invalid_code: { status: 400, message: 'The code is wrong or has expired.' },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  unauthenticated: { status: 401, message: 'Sign in to continue.' },
  invalid_mfa_token: { status: 401, message: 'This sign-in has expired. Enter your password again.' },
  forbidden: { status: 403, message: 'You are not allowed to do this.' },
  reauthentication_required: { status: 403, message: 'Confirm it is you: enter your password or a code.' },
  mfa_required_by_policy: {
    status: 403,
    message: 'Two-factor authentication is required for this account, so this change is not allowed.',
  },
  mfa_unavailable: {
    status: 403,
    message:
      'No second-factor method can be used for this account right now, so it cannot sign in. An administrator has been alerted.',
  },
  not_found: { status: 404, message: 'Not found.' },
  conflict: { status: 409, message: 'This conflicts with existing data.' },
  account_locked: { status: 423, message: 'Too many failed attempts. The account is locked for a while.' },
  request_timeout: { status: 408, message: 'The request took too long to arrive.' },
  uri_too_long: { status: 414, message: 'The URL is too long.' },
  headers_too_large: { status: 431, message: 'The request headers (or the URL) are too large.' },
  rate_limited: { status: 429, message: 'Too many requests. Try again later.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  delivery_failed: { status: 502, message: 'The message could not be delivered. Try another method.' },
  unavailable: { status: 503, message: 'The service is temporarily unavailable.' },
} satisfies Record<ErrorCode, { status: number; message: string }>;

/** A field-level validation problem, as listed in `details` of `invalid_request`. */
export interface FieldIssue {
  field: string;
  /** English, for API clients and logs of the caller. */
  message: string;
  /**
   * What is wrong, as a code a UI can word in its own language: zod's issue code
   * (`too_small`, `too_big`, `invalid_format`, `invalid_type`, `invalid_value`, …) or
   * `password_too_short`, `password_too_long`, `password_common`.
   */
  reason?: string;
  /** The bound a `too_small` / `too_big` / password length reason refers to. */
  limit?: number;
  /** `invalid_format`: which format (e.g. `email`); `too_small`/`too_big`: string, number or array. */
  kind?: string;
}

/**
 * The one error type services throw. `extra` fields go out beside code and message
 * (e.g. `attemptsRemaining`, `retryAfterSeconds`, `details`).
 * @example throw new AppError('account_locked', { extra: { retryAfterSeconds: 900 } })
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly extra: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    options: { message?: string; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(options.message ?? ERRORS[code].message, { cause: options.cause });
    this.code = code;
    this.status = ERRORS[code].status;
    this.extra = options.extra ?? {};
  }
}

/** `400 invalid_request` naming the fields at fault. */
export function invalidRequest(details: FieldIssue[], message?: string): AppError {
  const named = details.map((d) => d.field).join(', ');
  return new AppError('invalid_request', {
    message: message ?? `Invalid field: ${named}.`,
    extra: { details },
  });
}
