import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths removed from every log line: credentials, codes, secrets and tokens never
 * reach a log (SECURITY.md rule 22). Request bodies are not logged at all; these
 * paths guard objects that code might log by mistake.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.code',
  '*.codes',
  '*.backupCodes',
  '*.secret',
  '*.token',
  '*.mfaToken',
  '*.session',
  '*.otpauthUri',
  '*.qrCodeDataUrl',
  'password',
  'code',
  'secret',
  'token',
  'mfaToken',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'twofold' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

/** A pino logger; pass `destination` to capture lines (tests read them back). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
