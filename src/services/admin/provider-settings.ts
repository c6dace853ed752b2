import type { AppConfig } from '../../config/config.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { ProviderLoader } from '../../delivery/provider-source.js';
import type { DeliveryChannel } from '../../delivery/types.js';
import {
  type ConsoleEmailSettings,
  type ConsoleSmsSettings,
  checkEmailSettings,
  checkSmsSettings,
  EMAIL_FIELD_VARIABLES,
  type FieldProblem,
  lockedEmailFields,
  lockedSmsFields,
  resolveEmailTransport,
  resolveSmsTransport,
  SMS_FIELD_VARIABLES,
  type SmsProviderKind,
  type SmtpSecurity,
} from '../../domain/provider-settings.js';
import { invalidRequest } from '../../errors.js';
import type { Stores } from '../../storage/stores.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { type Principal, requireRecentAuth } from '../principal.js';
import { requireSystemAdmin } from './admin-scope.js';

/** Settings rows holding the console's providers (JSON; secrets sealed with the keyring). */
const EMAIL_KEY = 'provider_email';
const SMS_KEY = 'provider_sms';
const KEYS = [EMAIL_KEY, SMS_KEY] as const;

/** What the email row holds. */
interface StoredEmail {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  passwordSealed: string | null;
  from: string | null;
}

/** What the SMS row holds. */
interface StoredSms {
  provider: SmsProviderKind;
  accountSid: string | null;
  authTokenSealed: string | null;
  from: string | null;
  apiUrl: string | null;
  webhookUrl: string | null;
  webhookSecretSealed: string | null;
}

/** The keyring context of each sealed secret: a value sealed for one field cannot be passed off as another. */
const sealContext = (key: string, field: string) => `settings/${key}/${field}`;

function seal(keyring: Keyring, key: string, field: string, value: string): string {
  return keyring.seal(Buffer.from(value, 'utf8'), sealContext(key, field));
}

function open(keyring: Keyring, key: string, field: string, sealed: string | null): string | null {
  if (sealed === null) return null;
  const plain = keyring.open(sealed, sealContext(key, field));
  const text = plain.toString('utf8');
  plain.fill(0);
  return text;
}

async function readStored(stores: Stores) {
  const rows = await stores.settings.getEntries(KEYS);
  const row = (key: string) => rows.find((r) => r.key === key);
  const email = row(EMAIL_KEY);
  const sms = row(SMS_KEY);
  return {
    email: email ? (JSON.parse(email.value) as StoredEmail) : null,
    sms: sms ? (JSON.parse(sms.value) as StoredSms) : null,
    version: versionOf(rows),
  };
}

function versionOf(rows: Array<{ key: string; updatedAt: number }>): string {
  return KEYS.map((key) => `${key}:${rows.find((r) => r.key === key)?.updatedAt ?? '-'}`).join(',');
}

function openEmail(keyring: Keyring, stored: StoredEmail): ConsoleEmailSettings {
  const { passwordSealed, ...rest } = stored;
  return { ...rest, password: open(keyring, EMAIL_KEY, 'password', passwordSealed) };
}

function openSms(keyring: Keyring, stored: StoredSms): ConsoleSmsSettings {
  const { authTokenSealed, webhookSecretSealed, ...rest } = stored;
  return {
    ...rest,
    authToken: open(keyring, SMS_KEY, 'authToken', authTokenSealed),
    webhookSecret: open(keyring, SMS_KEY, 'webhookSecret', webhookSecretSealed),
  };
}

/**
 * What the delivery layer re-reads when the stored settings change: the version
 * is the rows' `updated_at`s (one primary-key lookup), the transports the
 * environment merged over the opened console settings.
 */
export function createProviderLoader(deps: {
  config: Readonly<AppConfig>;
  stores: Stores;
  keyring: Keyring;
}): ProviderLoader {
  const { config, stores, keyring } = deps;
  return {
    version: async () => versionOf(await stores.settings.getVersions(KEYS)),
    async load() {
      const stored = await readStored(stores);
      const email = stored.email ? openEmail(keyring, stored.email) : null;
      const sms = stored.sms ? openSms(keyring, stored.sms) : null;
      return {
        version: stored.version,
        transports: {
          email: resolveEmailTransport(config, email).transport,
          sms: resolveSmsTransport(config, sms).transport,
        },
      };
    },
  };
}

/** The environment's mail server, as the console's fields (the password only as set / not set). */
function emailFromUrl(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const tls = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : tls ? 465 : 587,
    security: (tls ? 'tls' : 'starttls') as SmtpSecurity,
    user: url.username ? decodeURIComponent(url.username) : null,
    passwordSet: url.password !== '',
  };
}

/** `GET /api/admin/providers` (system admin): both channels as in force, secrets as set / not set only. */
export async function getProviderSettings(ctx: ServiceContext, principal: Principal) {
  requireSystemAdmin(principal);
  return viewProviderSettings(ctx);
}

async function viewProviderSettings(ctx: ServiceContext) {
  const { config } = ctx;
  const stored = await readStored(ctx.stores);
  const envFrom = config.providerEnvironment.includes('MAIL_FROM');
  const storedEmail = stored.email;
  const emailSource = config.smtpUrl ? 'environment' : storedEmail ? 'console' : 'default';
  const server = config.smtpUrl
    ? emailFromUrl(config.smtpUrl)
    : storedEmail
      ? {
          host: storedEmail.host,
          port: storedEmail.port,
          security: storedEmail.security,
          user: storedEmail.user,
          passwordSet: storedEmail.passwordSealed !== null,
        }
      : { host: null, port: null, security: null, user: null, passwordSet: false };
  const email = {
    provider: config.smtpUrl || storedEmail ? ('smtp' as const) : ('log' as const),
    ...server,
    from: envFrom ? config.mailFrom : (storedEmail?.from ?? config.mailFrom),
    source: emailSource as 'environment' | 'console' | 'default',
    lockedByEnvironment: lockedEmailFields(config),
  };

  const env = (variable: string) => config.providerEnvironment.includes(variable as never);
  const s = stored.sms;
  const smsSource = config.smsProvider ? 'environment' : s ? 'console' : 'default';
  const sms = {
    provider: (config.smsProvider ?? s?.provider ?? 'log') as SmsProviderKind,
    accountSid:
      env('TWILIO_ACCOUNT_SID') || config.smsProvider
        ? (config.twilio.accountSid ?? null)
        : (s?.accountSid ?? null),
    authTokenSet:
      env('TWILIO_AUTH_TOKEN') || config.smsProvider ? !!config.twilio.authToken : !!s?.authTokenSealed,
    from: env('TWILIO_FROM') || config.smsProvider ? (config.twilio.from ?? null) : (s?.from ?? null),
    apiUrl: env('TWILIO_API_URL') || config.smsProvider ? config.twilio.apiUrl : (s?.apiUrl ?? null),
    webhookUrl:
      env('SMS_WEBHOOK_URL') || config.smsProvider ? (config.smsWebhookUrl ?? null) : (s?.webhookUrl ?? null),
    webhookSecretSet:
      env('SMS_WEBHOOK_SECRET') || config.smsProvider ? !!config.smsWebhookSecret : !!s?.webhookSecretSealed,
    source: smsSource as 'environment' | 'console' | 'default',
    lockedByEnvironment: lockedSmsFields(config),
  };
  // What actually sends now (after env/console merging and completeness checks).
  return {
    email: { ...email, active: ctx.delivery.providerName('email') },
    sms: { ...sms, active: ctx.delivery.providerName('sms') },
  };
}

/** Refuses a body that sets a field the environment fixes (400 naming it and its variable). */
function refuseLocked(body: Record<string, unknown>, locked: string[], variables: Record<string, string>) {
  const problems: FieldProblem[] = locked
    .filter((field) => body[field] !== undefined)
    .map((field) => ({
      field,
      message: `is set by the environment (${variables[field]}); change it there`,
    }));
  if (problems.length) throw invalidRequest(problems);
}

/** Blank means "keep what is stored"; null clears; text replaces. */
function nextSecret(
  keyring: Keyring,
  key: string,
  field: string,
  input: string | null | undefined,
  current: string | null,
): string | null {
  if (input === undefined || input === '') return current;
  if (input === null) return null;
  return seal(keyring, key, field, input);
}

const blankToNull = (value: string | null | undefined) =>
  value === undefined || value === null || value.trim() === '' ? null : value.trim();

/** Sensitive admin change: a system admin who proved themselves within the last minutes (SECURITY.md rule 25). */
function requireRecentSystemAdmin(ctx: ServiceContext, principal: Principal) {
  const admin = requireSystemAdmin(principal);
  requireRecentAuth(ctx, principal);
  return admin;
}

export interface EmailSettingsInput {
  host?: string | undefined;
  port?: number | undefined;
  security?: SmtpSecurity | undefined;
  user?: string | null | undefined;
  password?: string | null | undefined;
  from?: string | null | undefined;
}

/** `PUT /api/admin/providers/email`: the console's mail server; takes effect at the next message, on every instance. */
export async function updateEmailSettings(
  ctx: ServiceContext,
  principal: Principal,
  input: EmailSettingsInput,
  meta: RequestMeta,
) {
  const admin = requireRecentSystemAdmin(ctx, principal);
  refuseLocked(input as Record<string, unknown>, lockedEmailFields(ctx.config), EMAIL_FIELD_VARIABLES);
  const before = (await readStored(ctx.stores)).email;
  const missing: FieldProblem[] = (['host', 'port', 'security'] as const)
    .filter((field) => input[field] === undefined)
    .map((field) => ({ field, message: 'is required' }));
  if (missing.length) throw invalidRequest(missing);
  const next: StoredEmail = {
    host: input.host!.trim(),
    port: input.port!,
    security: input.security!,
    user: blankToNull(input.user),
    passwordSealed: nextSecret(
      ctx.keyring,
      EMAIL_KEY,
      'password',
      input.password,
      before?.passwordSealed ?? null,
    ),
    from: blankToNull(input.from),
  };
  const problems = checkEmailSettings({
    ...next,
    password: next.passwordSealed === null ? null : 'set',
  });
  if (problems.length) throw invalidRequest(problems);
  await ctx.stores.settings.setValue(EMAIL_KEY, JSON.stringify(next), ctx.now());
  await recordEvent(ctx, 'provider_settings_changed', {
    userId: admin.id,
    actorId: admin.id,
    meta,
    details: { channel: 'email', action: 'updated', changed: changedFields(before, next) },
  });
  await ctx.delivery.reload();
  return viewProviderSettings(ctx);
}

export interface SmsSettingsInput {
  provider?: SmsProviderKind | undefined;
  accountSid?: string | null | undefined;
  authToken?: string | null | undefined;
  from?: string | null | undefined;
  apiUrl?: string | null | undefined;
  webhookUrl?: string | null | undefined;
  webhookSecret?: string | null | undefined;
}

/** `PUT /api/admin/providers/sms`: the console's SMS provider (Twilio, the webhook, or the log). */
export async function updateSmsSettings(
  ctx: ServiceContext,
  principal: Principal,
  input: SmsSettingsInput,
  meta: RequestMeta,
) {
  const admin = requireRecentSystemAdmin(ctx, principal);
  const { config } = ctx;
  refuseLocked(input as Record<string, unknown>, lockedSmsFields(config), SMS_FIELD_VARIABLES);
  if (input.provider === undefined) throw invalidRequest([{ field: 'provider', message: 'is required' }]);
  const before = (await readStored(ctx.stores)).sms;
  const next: StoredSms = {
    provider: input.provider,
    accountSid: blankToNull(input.accountSid),
    authTokenSealed: nextSecret(
      ctx.keyring,
      SMS_KEY,
      'authToken',
      input.authToken,
      before?.authTokenSealed ?? null,
    ),
    from: blankToNull(input.from)?.replace(/[\s()-]/g, '') ?? null,
    apiUrl: blankToNull(input.apiUrl)?.replace(/\/+$/, '') ?? null,
    webhookUrl: blankToNull(input.webhookUrl),
    webhookSecretSealed: nextSecret(
      ctx.keyring,
      SMS_KEY,
      'webhookSecret',
      input.webhookSecret,
      before?.webhookSecretSealed ?? null,
    ),
  };
  // Fields the environment fixes count with their environment value.
  const env = (variable: string) => config.providerEnvironment.includes(variable as never);
  const kept = (sealed: string | null) => (sealed === null ? null : 'kept-secret-placeholder');
  const newWebhookSecret = input.webhookSecret ? input.webhookSecret : kept(next.webhookSecretSealed);
  const problems = checkSmsSettings({
    provider: next.provider,
    accountSid: env('TWILIO_ACCOUNT_SID') ? (config.twilio.accountSid ?? null) : next.accountSid,
    authToken: env('TWILIO_AUTH_TOKEN') ? (config.twilio.authToken ?? null) : kept(next.authTokenSealed),
    from: env('TWILIO_FROM') ? (config.twilio.from ?? null) : next.from,
    apiUrl: env('TWILIO_API_URL') ? null : next.apiUrl,
    webhookUrl: env('SMS_WEBHOOK_URL') ? (config.smsWebhookUrl ?? null) : next.webhookUrl,
    webhookSecret: env('SMS_WEBHOOK_SECRET') ? (config.smsWebhookSecret ?? null) : newWebhookSecret,
  });
  if (problems.length) throw invalidRequest(problems);
  await ctx.stores.settings.setValue(SMS_KEY, JSON.stringify(next), ctx.now());
  await recordEvent(ctx, 'provider_settings_changed', {
    userId: admin.id,
    actorId: admin.id,
    meta,
    details: {
      channel: 'sms',
      action: 'updated',
      provider: next.provider,
      changed: changedFields(before, next),
    },
  });
  await ctx.delivery.reload();
  return viewProviderSettings(ctx);
}

/** `DELETE /api/admin/providers/:channel`: forgets the console's settings (back to the environment or the log). */
export async function resetProviderSettings(
  ctx: ServiceContext,
  principal: Principal,
  channel: DeliveryChannel,
  meta: RequestMeta,
) {
  const admin = requireRecentSystemAdmin(ctx, principal);
  const removed = await ctx.stores.settings.deleteValue(channel === 'email' ? EMAIL_KEY : SMS_KEY);
  if (removed) {
    await recordEvent(ctx, 'provider_settings_changed', {
      userId: admin.id,
      actorId: admin.id,
      meta,
      details: { channel, action: 'reset', changed: [] },
    });
  }
  await ctx.delivery.reload();
  return viewProviderSettings(ctx);
}

/** Names of the fields that differ (sealed secrets by name only, as `password` etc.; never their values). */
function changedFields(before: object | null, after: object): string[] {
  const old = (before ?? {}) as Record<string, unknown>;
  return Object.entries(after)
    .filter(([field, value]) => old[field] !== value)
    .map(([field]) => field.replace(/Sealed$/, ''));
}

/**
 * `twofold rotate-key`: re-seals the console's provider secrets under the current
 * key. Returns how many were re-sealed, already current, and the fields no
 * configured key opens (named `provider_email.password` etc., left as they are).
 */
export async function resealProviderSecrets(deps: {
  stores: Stores;
  keyring: Keyring;
  now: () => Date;
}): Promise<{ resealed: number; alreadyCurrent: number; unreadable: string[] }> {
  const { stores, keyring } = deps;
  const report = { resealed: 0, alreadyCurrent: 0, unreadable: [] as string[] };
  const sealedFields: Record<string, string[]> = {
    [EMAIL_KEY]: ['password'],
    [SMS_KEY]: ['authToken', 'webhookSecret'],
  };
  for (const row of await stores.settings.getEntries(KEYS)) {
    const doc = JSON.parse(row.value) as Record<string, string | null>;
    let changed = false;
    for (const field of sealedFields[row.key] ?? []) {
      const sealed = doc[`${field}Sealed`];
      if (!sealed) continue;
      if (keyring.isSealedWithCurrentKey(sealed)) {
        report.alreadyCurrent += 1;
        continue;
      }
      let plain: string | null;
      try {
        plain = open(keyring, row.key, field, sealed);
      } catch {
        report.unreadable.push(`${row.key}.${field}`);
        continue;
      }
      doc[`${field}Sealed`] = seal(keyring, row.key, field, plain!);
      report.resealed += 1;
      changed = true;
    }
    if (changed) await stores.settings.setValue(row.key, JSON.stringify(doc), deps.now());
  }
  return report;
}
