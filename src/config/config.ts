import { isIP } from 'node:net';
import { z } from 'zod';
import { relyingPartyIdProblem } from '../factors/webauthn/relying-party.js';

/**
 * Every start-up option, read once from the environment. Each entry carries its
 * default and one line of documentation; `docs/configuration.md` is generated
 * from this table (`npm run docs:config`) and a test keeps the two in sync.
 */
const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const intFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `10.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`. */
function isAddressOrCidr(value: string): boolean {
  const [address = '', bits, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export const CONFIG_OPTIONS = {
  PORT: {
    schema: intFromEnv(0, 65535),
    default: '3000',
    doc: 'TCP port to listen on (0 picks a free port).',
  },
  HOST: {
    schema: z.string().min(1),
    default: '127.0.0.1',
    doc: 'Interface to bind; use 0.0.0.0 behind a load balancer.',
  },
  PUBLIC_URL: {
    schema: z.url().optional(),
    default: undefined,
    doc: 'External URL (e.g. https://2fa.example.com): the only origin browser sessions are accepted from; https turns on HSTS and a Secure __Host- session cookie. Unset: loopback origins only (development).',
  },
  WEBAUTHN_RP_ID: {
    schema: z.string().trim().toLowerCase().min(1).optional(),
    default: undefined,
    doc: 'WebAuthn relying party id (a domain, never an IP address): security keys and passkeys are bound to it. Default: the host of PUBLIC_URL (localhost when PUBLIC_URL is unset).',
  },
  OIDC_ENABLED: {
    schema: z.enum(['auto', 'true', 'false', '1', '0', 'yes', 'no']),
    default: 'auto',
    doc: 'OpenID Connect provider at PUBLIC_URL + /oidc: auto (on when PUBLIC_URL is set), true (then PUBLIC_URL is required) or false.',
  },
  DATABASE_URL: {
    schema: z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://…'),
    default: 'sqlite:./data/twofold.db',
    doc: 'sqlite:<relative or absolute path> (embedded) or postgres://user@host:5432/db.',
  },
  DATABASE_POOL_SIZE: {
    schema: intFromEnv(1, 500),
    default: '10',
    doc: 'PostgreSQL connections per instance; keep instances × pool size below max_connections.',
  },
  REDIS_URL: {
    schema: z
      .string()
      .regex(/^rediss?:\/\/.+/, 'must be redis://… or rediss://…')
      .optional(),
    default: undefined,
    doc: 'Optional redis://host:6379/0: rate limits move there (else they live in the database). When Redis is down, throttled requests answer 503.',
  },
  REDIS_KEY_PREFIX: {
    schema: z.string().min(1),
    default: 'twofold:',
    doc: 'Prefix of every Redis key, so deployments can share one Redis.',
  },
  TWOFOLD_SECRET_KEY: {
    schema: z.string().optional(),
    default: undefined,
    doc: '32 bytes, base64. Encrypts second-factor secrets at rest. Generated beside the SQLite file when absent; required with PostgreSQL.',
  },
  TWOFOLD_SECRET_KEYS: {
    schema: z.string().optional(),
    default: undefined,
    doc: 'Key rotation: several keys, comma-separated, newest first. The first seals; all open. Replaces TWOFOLD_SECRET_KEY (set one of the two); then run `twofold rotate-key`.',
  },
  TWOFOLD_ADMIN_EMAIL: {
    schema: z.email().optional(),
    default: undefined,
    doc: 'Creates the first system admin on start when no user exists.',
  },
  TWOFOLD_ADMIN_PASSWORD: {
    schema: z.string().optional(),
    default: undefined,
    doc: 'Password of that first admin: at least ADMIN_PASSWORD_MIN_LENGTH characters and not a common or breached password (the start fails otherwise).',
  },
  SIGNUP_ENABLED: {
    schema: boolFromEnv,
    default: 'true',
    doc: 'Allow self-service sign-up (POST /api/auth/signup).',
  },
  SESSION_TTL_SECONDS: {
    schema: intFromEnv(300, 30 * 86400),
    default: '43200',
    doc: 'Absolute lifetime of a session, in seconds.',
  },
  TRUST_PROXY: {
    schema: z
      .string()
      .trim()
      .transform((value, check): boolean | number | string[] => {
        if (['true', 'yes'].includes(value)) return true;
        if (['false', 'no', '0'].includes(value)) return false;
        if (/^\d+$/.test(value)) return Number(value);
        const entries = value.split(',').map((e) => e.trim());
        for (const entry of entries) {
          if (!isAddressOrCidr(entry)) {
            check.addIssue({
              code: 'custom',
              message: `"${entry}" is not true, false, a hop count or an IP address/CIDR`,
            });
            return z.NEVER;
          }
        }
        return entries;
      }),
    default: 'false',
    doc: 'Which peers may set X-Forwarded-For / X-Forwarded-Proto: false (none), a hop count (1 = the one reverse proxy in front; only when clients cannot reach the server directly), or a comma list of proxy addresses/CIDRs (10.0.0.0/8,127.0.0.1); true trusts every hop, so any client can pick its own IP — use it only when the proxy overwrites the header.',
  },
  SMTP_URL: {
    schema: z.string().optional(),
    default: undefined,
    doc: 'smtp://user:pass@host:587 (STARTTLS when offered; ?requireTLS=true to insist) or smtps://host:465; unset: mail goes to the log and dev outbox (development only; fails in production).',
  },
  MAIL_FROM: {
    schema: z.string().min(3),
    default: 'Twofold <no-reply@localhost>',
    doc: 'From address of every email.',
  },
  DEFAULT_LOCALE: {
    schema: z.enum(['en', 'zh-CN', 'de', 'es', 'fr']),
    default: 'en',
    doc: 'Language of the UI, emails and SMS for a user with no saved language whose browser asks for none Twofold speaks: en, zh-CN, de, es or fr.',
  },
  SMS_PROVIDER: {
    schema: z.enum(['log', 'twilio', 'webhook']).optional(),
    default: undefined,
    doc: 'twilio, webhook or log; log or unset: the log and dev outbox (development only; fails in production).',
  },
  TWILIO_ACCOUNT_SID: { schema: z.string().optional(), default: undefined, doc: 'Twilio account SID.' },
  TWILIO_AUTH_TOKEN: { schema: z.string().optional(), default: undefined, doc: 'Twilio auth token.' },
  TWILIO_FROM: {
    schema: z.string().optional(),
    default: undefined,
    doc: 'Sender number or messaging service for Twilio.',
  },
  TWILIO_API_URL: {
    schema: z.url(),
    default: 'https://api.twilio.com',
    doc: "Base URL of Twilio's API (a stand-in in tests).",
  },
  SMS_WEBHOOK_URL: {
    schema: z.url().optional(),
    default: undefined,
    doc: 'Endpoint receiving signed SMS JSON when SMS_PROVIDER=webhook.',
  },
  SMS_WEBHOOK_SECRET: {
    schema: z.string().optional(),
    default: undefined,
    doc: 'HMAC-SHA256 key of the `X-Twofold-Signature: t=UNIX,v1=HEX` header (HMAC of "t.body").',
  },
  DELIVERY_TIMEOUT_MS: {
    schema: intFromEnv(100, 120_000),
    default: '10000',
    doc: 'How long one email or SMS hand-off may take before it counts as failed (502 delivery_failed), in milliseconds.',
  },
  METRICS_TOKEN: {
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
    default: undefined,
    doc: 'When set, GET /metrics needs `Authorization: Bearer <token>` (else 401).',
  },
  METRICS_PORT: {
    schema: intFromEnv(0, 65535).optional(),
    default: undefined,
    doc: 'When set, /metrics moves off the main port to this one (on METRICS_HOST), e.g. for a scraper on a private network.',
  },
  METRICS_HOST: {
    schema: z.string().min(1),
    default: '127.0.0.1',
    doc: 'Interface of the METRICS_PORT listener.',
  },
  ADMIN_PASSWORD_MIN_LENGTH: {
    schema: intFromEnv(8, 128),
    default: '15',
    doc: 'Shortest password for a system or org admin (NIST SP 800-63B: 15 for privileged accounts); everyone else needs 8.',
  },
  WEBHOOK_POLL_INTERVAL_MS: {
    schema: intFromEnv(10, 60_000),
    default: '1000',
    doc: 'How often each instance looks for webhook deliveries that are due, in milliseconds.',
  },
  WEBHOOK_MAX_ATTEMPTS: {
    schema: intFromEnv(1, 100),
    default: '20',
    doc: 'Attempts per webhook event before it is given up (retries back off from 5 s, doubling, up to 1 hour apart).',
  },
  WEBHOOK_TIMEOUT_MS: {
    schema: intFromEnv(100, 120_000),
    default: '10000',
    doc: 'How long a webhook receiver may take to answer before the attempt counts as failed, in milliseconds.',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: intFromEnv(0, 600_000),
    default: '8000',
    doc: 'On SIGTERM: how long in-flight requests and pending email/SMS deliveries may take before they are cut off and the process exits, in milliseconds (keep below the orchestrator grace period).',
  },
  SWEEP_INTERVAL_SECONDS: {
    schema: intFromEnv(0, 86_400),
    default: '300',
    doc: 'How often expired sessions, pending sign-ins, codes and rate-limit windows are deleted, in seconds (0 turns the sweeper off).',
  },
  AUDIT_RETENTION_DAYS: {
    schema: intFromEnv(0, 36_500),
    default: '365',
    doc: 'Audit events older than this are deleted by the sweeper, in days (0 keeps them forever).',
  },
  SQLITE_SYNCHRONOUS: {
    schema: z.enum(['normal', 'full']),
    default: 'normal',
    doc: 'SQLite durability. normal (default; full cost the second step about half its throughput, docs/operations.md): a process crash loses nothing, but a power loss or OS crash may roll back the commits of the last few hundred milliseconds (since the last background checkpoint), making a backup code or TOTP step used then usable again. full: every commit is on disk before it is answered.',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    doc: 'pino log level.',
  },
  NODE_ENV: {
    schema: z.string(),
    default: 'development',
    doc: 'production disables the dev outbox and codes in logs.',
  },
} as const;

type Options = typeof CONFIG_OPTIONS;
type Parsed<K extends keyof Options> = z.output<Options[K]['schema']>;

export interface AppConfig {
  port: number;
  host: string;
  publicUrl: string | undefined;
  /** WEBAUTHN_RP_ID as given (validated: a domain, not an IP address); see src/factors/webauthn/relying-party.ts. */
  webauthnRpId: string | undefined;
  /** The OpenID Connect provider is served under /oidc (issuer `${PUBLIC_URL}/oidc`). */
  oidcEnabled: boolean;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  /** The current key (the first of {@link AppConfig.secretKeys}), base64. */
  secretKey: string | undefined;
  /** Every configured key, base64, current first (empty: none configured). */
  secretKeys: string[];
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  signupEnabled: boolean;
  sessionTtlSeconds: number;
  /** fastify's `trustProxy`: a boolean, a hop count, or proxy addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Language when neither the user's saved one nor Accept-Language decides. */
  defaultLocale: Parsed<'DEFAULT_LOCALE'>;
  smsProvider: Parsed<'SMS_PROVIDER'>;
  twilio: { accountSid?: string; authToken?: string; from?: string; apiUrl: string };
  smsWebhookUrl: string | undefined;
  smsWebhookSecret: string | undefined;
  /**
   * The mail and SMS variables set in the environment (not defaulted): they win
   * over what the console stores, field by field, and the console says so.
   */
  providerEnvironment: ProviderVariable[];
  deliveryTimeoutMs: number;
  webhooks: { pollIntervalMs: number; maxAttempts: number; timeoutMs: number };
  shutdownTimeoutMs: number;
  sweepIntervalSeconds: number;
  auditRetentionDays: number;
  sqliteSynchronous: Parsed<'SQLITE_SYNCHRONOUS'>;
  logLevel: Parsed<'LOG_LEVEL'>;
  production: boolean;
  metricsToken: string | undefined;
  metricsPort: number | undefined;
  metricsHost: string;
  adminPasswordMinLength: number;
}

/** The environment variables that configure email and SMS delivery. */
export const PROVIDER_VARIABLES = [
  'SMTP_URL',
  'MAIL_FROM',
  'SMS_PROVIDER',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'TWILIO_API_URL',
  'SMS_WEBHOOK_URL',
  'SMS_WEBHOOK_SECRET',
] as const;
export type ProviderVariable = (typeof PROVIDER_VARIABLES)[number];

/** A configuration problem, reported with the variable that caused it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Recursively freezes an object graph (kysely's `freeze` is shallow). */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Parses the environment into a frozen {@link AppConfig}.
 * @example loadConfig({ PORT: '0', DATABASE_URL: 'sqlite::memory:' })
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<AppConfig> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, option] of Object.entries(CONFIG_OPTIONS)) {
    const raw = env[name] === '' ? undefined : (env[name] ?? option.default);
    const result = (option.schema as z.ZodType).safeParse(raw);
    if (result.success) values[name] = result.data;
    else problems.push(`${name}: ${result.error.issues.map((i) => i.message).join(', ')}`);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const v = values as { [K in keyof Options]: Parsed<K> };
  if (
    v.TWOFOLD_ADMIN_EMAIL &&
    (!v.TWOFOLD_ADMIN_PASSWORD || [...v.TWOFOLD_ADMIN_PASSWORD].length < v.ADMIN_PASSWORD_MIN_LENGTH)
  ) {
    throw new ConfigError(
      `TWOFOLD_ADMIN_PASSWORD: required with TWOFOLD_ADMIN_EMAIL, at least ${v.ADMIN_PASSWORD_MIN_LENGTH} characters (ADMIN_PASSWORD_MIN_LENGTH)`,
    );
  }
  const oidcSetting = v.OIDC_ENABLED;
  const oidcEnabled = oidcSetting === 'auto' ? !!v.PUBLIC_URL : ['true', '1', 'yes'].includes(oidcSetting);
  if (oidcEnabled && !v.PUBLIC_URL) {
    throw new ConfigError(
      'PUBLIC_URL: required with OIDC_ENABLED=true (the OpenID Connect issuer is PUBLIC_URL + /oidc, e.g. PUBLIC_URL=https://2fa.example.com)',
    );
  }
  const rpIdProblem = v.WEBAUTHN_RP_ID ? relyingPartyIdProblem(v.WEBAUTHN_RP_ID, v.PUBLIC_URL) : null;
  if (rpIdProblem) throw new ConfigError(`WEBAUTHN_RP_ID: ${rpIdProblem}`);
  if (v.SMTP_URL && !/^smtps?:\/\/[^/]/.test(v.SMTP_URL)) {
    throw new ConfigError('SMTP_URL: must be smtp://[user:pass@]host[:port] or smtps://…');
  }
  if (v.SMS_PROVIDER === 'twilio') {
    const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const).filter(
      (name) => !v[name],
    );
    if (missing.length) throw new ConfigError(`${missing.join(', ')}: required with SMS_PROVIDER=twilio`);
  }
  if (v.SMS_PROVIDER === 'webhook' && (!v.SMS_WEBHOOK_URL || !v.SMS_WEBHOOK_SECRET)) {
    throw new ConfigError('SMS_WEBHOOK_URL, SMS_WEBHOOK_SECRET: both required with SMS_PROVIDER=webhook');
  }
  if (v.TWOFOLD_SECRET_KEY && v.TWOFOLD_SECRET_KEYS) {
    throw new ConfigError(
      'TWOFOLD_SECRET_KEY, TWOFOLD_SECRET_KEYS: set one of the two (TWOFOLD_SECRET_KEYS lists every key, newest first)',
    );
  }
  const secretKeys = (v.TWOFOLD_SECRET_KEYS ?? v.TWOFOLD_SECRET_KEY ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  return deepFreeze({
    port: v.PORT,
    host: v.HOST,
    publicUrl: v.PUBLIC_URL,
    webauthnRpId: v.WEBAUTHN_RP_ID,
    oidcEnabled,
    databaseUrl: v.DATABASE_URL,
    databasePoolSize: v.DATABASE_POOL_SIZE,
    redisUrl: v.REDIS_URL,
    redisKeyPrefix: v.REDIS_KEY_PREFIX,
    secretKey: secretKeys[0],
    secretKeys,
    adminEmail: v.TWOFOLD_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: v.TWOFOLD_ADMIN_PASSWORD,
    signupEnabled: v.SIGNUP_ENABLED,
    sessionTtlSeconds: v.SESSION_TTL_SECONDS,
    trustProxy: v.TRUST_PROXY,
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM,
    defaultLocale: v.DEFAULT_LOCALE,
    smsProvider: v.SMS_PROVIDER,
    twilio: {
      accountSid: v.TWILIO_ACCOUNT_SID,
      authToken: v.TWILIO_AUTH_TOKEN,
      from: v.TWILIO_FROM,
      apiUrl: v.TWILIO_API_URL.replace(/\/+$/, ''),
    },
    smsWebhookUrl: v.SMS_WEBHOOK_URL,
    smsWebhookSecret: v.SMS_WEBHOOK_SECRET,
    providerEnvironment: PROVIDER_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== ''),
    deliveryTimeoutMs: v.DELIVERY_TIMEOUT_MS,
    webhooks: {
      pollIntervalMs: v.WEBHOOK_POLL_INTERVAL_MS,
      maxAttempts: v.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: v.WEBHOOK_TIMEOUT_MS,
    },
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    sweepIntervalSeconds: v.SWEEP_INTERVAL_SECONDS,
    auditRetentionDays: v.AUDIT_RETENTION_DAYS,
    sqliteSynchronous: v.SQLITE_SYNCHRONOUS,
    logLevel: v.LOG_LEVEL,
    production: v.NODE_ENV === 'production',
    metricsToken: v.METRICS_TOKEN,
    metricsPort: v.METRICS_PORT,
    metricsHost: v.METRICS_HOST,
    adminPasswordMinLength: v.ADMIN_PASSWORD_MIN_LENGTH,
  });
}
