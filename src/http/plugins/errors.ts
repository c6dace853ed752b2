import type { FastifyError, FastifyInstance } from 'fastify';
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
    }));
    return invalidRequest(details);
  }
  const fastifyError = error as FastifyError;
  if (typeof fastifyError.code === 'string' && fastifyError.code.startsWith('FST_ERR_CTP_')) {
    // Too large, not JSON, unparsable, empty: all are a bad body.
    const message =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'The request body is too large.'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'The request body must be JSON (Content-Type: application/json).'
          : 'The request body is not valid JSON.';
    return invalidRequest([{ field: 'body', message }], message);
  }
  if (isStoreUnavailable(error)) return new AppError('unavailable', { cause: error });
  if (fastifyError.statusCode === 404) return new AppError('not_found');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return invalidRequest([{ field: 'body', message: 'is invalid' }], ERRORS.invalid_request.message);
  }
  return new AppError('internal_error', { cause: error });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: appError.cause ?? error }, 'request failed');
    const retryAfter = appError.extra.retryAfterSeconds;
    if (typeof retryAfter === 'number' && appError.status === 429)
      reply.header('Retry-After', String(retryAfter));
    // Anything ≥ 500 goes out with the table's fixed message only.
    const message = appError.status >= 500 ? ERRORS[appError.code].message : appError.message;
    const extra = appError.status >= 500 ? {} : appError.extra;
    return reply.status(appError.status).send({ error: { code: appError.code, message, ...extra } });
  });
}
