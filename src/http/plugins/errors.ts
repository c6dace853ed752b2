import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERRORS, type FieldIssue, invalidRequest } from '../../errors.js';
import { StoreUnavailableError } from '../../storage/store-unavailable-error.js';

/**
 * Errors of a backing store that is down: answer 503, never skip the check.
 * Covers our own {@link StoreUnavailableError} (what the Redis limiter throws),
 * PostgreSQL and socket codes, SQLite busy/cannot-open, and ioredis failing fast
 * (no offline queue, retries spent, command timeout, connection closed).
 */
function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const code = (error as { code?: string })?.code ?? '';
  const name = (error as Error)?.name ?? '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'EHOSTUNREACH',
      '57P01', // admin_shutdown: the server is restarting
      '57P02', // crash_shutdown
      '57P03', // cannot_connect_now: starting up or shutting down
      '08000', // connection_exception
      '08003', // connection_does_not_exist
      '08006', // connection_failure
      '08001', // sqlclient_unable_to_establish_sqlconnection
      '53300',
    ].includes(code) ||
    code.startsWith('SQLITE_BUSY') ||
    code === 'SQLITE_CANTOPEN' ||
    name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|connection terminated|not queryable|Client was closed|Stream isn't writeable|Command timed out|timeout exceeded when trying to connect/i.test(
      (error as Error)?.message ?? '',
    )
  );
}

/**
 * zod's issue code and its bound, so that a UI can word the problem in the reader's language
 * (the `message` stays English).
 */
function issueReason(issue: { keyword?: string; params?: Record<string, unknown> }): Partial<FieldIssue> {
  const out: Partial<FieldIssue> = {};
  if (typeof issue.keyword === 'string') out.reason = issue.keyword;
  const params = issue.params ?? {};
  const bound = params.minimum ?? params.maximum;
  if (typeof bound === 'number' && Number.isFinite(bound)) out.limit = bound;
  else if (typeof bound === 'bigint') out.limit = Number(bound);
  const kind = params.format ?? params.origin;
  if (typeof kind === 'string') out.kind = kind;
  return out;
}

function fieldFromPath(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '.') || 'body';
}

/** Maps anything thrown to the contract's `{"error": {code, message, ...}}`; never leaks internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    const details: FieldIssue[] = error.validation.map((issue) => ({
      field:
        fieldFromPath(issue.instancePath) === 'body' && where !== 'body'
          ? where
          : fieldFromPath(issue.instancePath),
      message: issue.message ?? 'is invalid',
      ...issueReason(issue),
    }));
    return invalidRequest(details);
  }
  const fastifyError = error as FastifyError;
  const code = typeof fastifyError.code === 'string' ? fastifyError.code : '';
  if (code.startsWith('FST_ERR_CTP_')) {
    // Too large, not JSON, unparsable, empty: all are a bad body.
    const message =
      code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'The request body is too large.'
        : code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'The request body must be JSON (Content-Type: application/json).'
          : 'The request body is not valid JSON.';
    return invalidRequest([{ field: 'body', message }], message);
  }
  // The router's own refusals: a URL that does not decode (`/api/admin/orgs/%/…`), a path
  // parameter longer than the router keeps.
  if (code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_INVALID_URL')
    return invalidRequest([{ field: 'url', message: 'is not a valid URL' }], 'The URL is not valid.');
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') return new AppError('uri_too_long');
  if (isStoreUnavailable(error)) return new AppError('unavailable', { cause: error });
  if (fastifyError.statusCode === 404) return new AppError('not_found');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return invalidRequest([{ field: 'body', message: 'is invalid' }], ERRORS.invalid_request.message);
  }
  return new AppError('internal_error', { cause: error });
}

/** The contract's error body for `appError`: anything ≥ 500 goes out with the table's fixed message only. */
export function errorBody(appError: AppError): { error: Record<string, unknown> } {
  const message = appError.status >= 500 ? ERRORS[appError.code].message : appError.message;
  const extra = appError.status >= 500 ? {} : appError.extra;
  return { error: { code: appError.code, message, ...extra } };
}

/** Answers `error` as the contract's error body (the one place that writes it). */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: appError.cause ?? error }, 'request failed');
  const retryAfter = appError.extra.retryAfterSeconds;
  if (typeof retryAfter === 'number' && appError.status === 429)
    reply.header('Retry-After', String(retryAfter));
  return reply.status(appError.status).type('application/json; charset=utf-8').send(errorBody(appError));
}

/**
 * Fastify's options that route every framework error through the one error table:
 * `frameworkErrors` (bad URL encoding, over-long path parameters) and
 * `clientErrorHandler` (what Node's HTTP parser refuses before fastify sees a request:
 * oversized headers or URL, malformed requests, timeouts).
 */
export const frameworkErrorOptions = {
  frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
    sendError(error, request, reply),
  clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const appError = new AppError(
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 'headers_too_large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 'request_timeout'
          : 'invalid_request',
    );
    this.log.trace({ err: error }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify(errorBody(appError));
      socket.write(
        `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  },
};

/**
 * The one error handler, writing `{"error": {code, message}}`. (The not-found handler,
 * which also serves the UI's fallback, is in `routes/ui-routes.ts`.)
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
}
