import type { AppConfig, ProviderVariable } from '../config/config.js';

/** How the SMTP connection is protected: none, STARTTLS required, or TLS from the first byte (465). */
export type SmtpSecurity = 'none' | 'starttls' | 'tls';
export type SmsProviderKind = 'log' | 'twilio' | 'webhook';

/** The mail server as the console stores it (the password opened). */
export interface ConsoleEmailSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  password: string | null;
  from: string | null;
}

/** The SMS provider as the console stores it (secrets opened). */
export interface ConsoleSmsSettings {
  provider: SmsProviderKind;
  accountSid: string | null;
  authToken: string | null;
  from: string | null;
  apiUrl: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

/** What the delivery layer builds for email: the log, an SMTP URL (environment) or SMTP fields (console). */
export type EmailTransport =
  | { kind: 'log' }
  | { kind: 'smtp-url'; smtpUrl: string; from: string }
  | {
      kind: 'smtp';
      host: string;
      port: number;
      security: SmtpSecurity;
      user: string | null;
      password: string | null;
      from: string;
    };

export type SmsTransport =
  | { kind: 'log' }
  | { kind: 'twilio'; accountSid: string; authToken: string; from: string; apiUrl: string }
  | { kind: 'webhook'; url: string; secret: string };

export type SettingsSource = 'environment' | 'console' | 'default';

/** The variable that fixes each console field when it is set. */
export const EMAIL_FIELD_VARIABLES = {
  host: 'SMTP_URL',
  port: 'SMTP_URL',
  security: 'SMTP_URL',
  user: 'SMTP_URL',
  password: 'SMTP_URL',
  from: 'MAIL_FROM',
} as const satisfies Record<keyof ConsoleEmailSettings, ProviderVariable>;

export const SMS_FIELD_VARIABLES = {
  provider: 'SMS_PROVIDER',
  accountSid: 'TWILIO_ACCOUNT_SID',
  authToken: 'TWILIO_AUTH_TOKEN',
  from: 'TWILIO_FROM',
  apiUrl: 'TWILIO_API_URL',
  webhookUrl: 'SMS_WEBHOOK_URL',
  webhookSecret: 'SMS_WEBHOOK_SECRET',
} as const satisfies Record<keyof ConsoleSmsSettings, ProviderVariable>;

export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';

function lockedFields<T extends Record<string, ProviderVariable>>(
  config: Pick<AppConfig, 'providerEnvironment'>,
  variables: T,
): Array<keyof T & string> {
  return (Object.keys(variables) as Array<keyof T & string>).filter((field) =>
    config.providerEnvironment.includes(variables[field]!),
  );
}

/** The email fields the environment fixes. */
export function lockedEmailFields(config: Pick<AppConfig, 'providerEnvironment'>) {
  return lockedFields(config, EMAIL_FIELD_VARIABLES);
}

/** The SMS fields the environment fixes: all of them once `SMS_PROVIDER` is set. */
export function lockedSmsFields(config: Pick<AppConfig, 'providerEnvironment'>) {
  if (config.providerEnvironment.includes('SMS_PROVIDER'))
    return Object.keys(SMS_FIELD_VARIABLES) as Array<keyof ConsoleSmsSettings>;
  return lockedFields(config, SMS_FIELD_VARIABLES);
}

/**
 * The email transport in force: `SMTP_URL` wins over the console, `MAIL_FROM`
 * (when set) over the console's sender; with neither, the log.
 */
export function resolveEmailTransport(
  config: Pick<AppConfig, 'smtpUrl' | 'mailFrom' | 'providerEnvironment'>,
  stored: ConsoleEmailSettings | null,
): { transport: EmailTransport; source: SettingsSource } {
  const envFrom = config.providerEnvironment.includes('MAIL_FROM');
  if (config.smtpUrl) {
    const from = envFrom ? config.mailFrom : (stored?.from ?? config.mailFrom);
    return { transport: { kind: 'smtp-url', smtpUrl: config.smtpUrl, from }, source: 'environment' };
  }
  if (!stored) return { transport: { kind: 'log' }, source: 'default' };
  const from = envFrom ? config.mailFrom : (stored.from ?? config.mailFrom);
  return { transport: { kind: 'smtp', ...stored, from }, source: 'console' };
}

/**
 * The SMS transport in force: `SMS_PROVIDER` fixes the whole channel; otherwise
 * the console's provider, each of its fields overridden by its variable when set.
 */
export function resolveSmsTransport(
  config: Pick<
    AppConfig,
    'smsProvider' | 'twilio' | 'smsWebhookUrl' | 'smsWebhookSecret' | 'providerEnvironment'
  >,
  stored: ConsoleSmsSettings | null,
): { transport: SmsTransport; source: SettingsSource } {
  const env = (variable: ProviderVariable) => config.providerEnvironment.includes(variable);
  if (config.smsProvider) {
    // loadConfig checked that the chosen provider has its variables.
    if (config.smsProvider === 'twilio') {
      const { accountSid, authToken, from, apiUrl } = config.twilio;
      return {
        transport: { kind: 'twilio', accountSid: accountSid!, authToken: authToken!, from: from!, apiUrl },
        source: 'environment',
      };
    }
    if (config.smsProvider === 'webhook')
      return {
        transport: { kind: 'webhook', url: config.smsWebhookUrl!, secret: config.smsWebhookSecret! },
        source: 'environment',
      };
    return { transport: { kind: 'log' }, source: 'environment' };
  }
  if (!stored || stored.provider === 'log')
    return { transport: { kind: 'log' }, source: stored ? 'console' : 'default' };
  if (stored.provider === 'twilio') {
    const pick = (variable: ProviderVariable, envValue: string | undefined, value: string | null) =>
      env(variable) && envValue ? envValue : value;
    const accountSid = pick('TWILIO_ACCOUNT_SID', config.twilio.accountSid, stored.accountSid);
    const authToken = pick('TWILIO_AUTH_TOKEN', config.twilio.authToken, stored.authToken);
    const from = pick('TWILIO_FROM', config.twilio.from, stored.from);
    const apiUrl = env('TWILIO_API_URL')
      ? config.twilio.apiUrl
      : (stored.apiUrl ?? DEFAULT_TWILIO_API_URL).replace(/\/+$/, '');
    if (!accountSid || !authToken || !from) return { transport: { kind: 'log' }, source: 'console' };
    return { transport: { kind: 'twilio', accountSid, authToken, from, apiUrl }, source: 'console' };
  }
  const url = env('SMS_WEBHOOK_URL') && config.smsWebhookUrl ? config.smsWebhookUrl : stored.webhookUrl;
  const secret =
    env('SMS_WEBHOOK_SECRET') && config.smsWebhookSecret ? config.smsWebhookSecret : stored.webhookSecret;
  if (!url || !secret) return { transport: { kind: 'log' }, source: 'console' };
  return { transport: { kind: 'webhook', url, secret }, source: 'console' };
}

/** One problem with a console field, reported as a 400 naming it. */
export interface FieldProblem {
  field: string;
  message: string;
}

const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/i;
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/i;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Whether `host` is this machine (plain HTTP is allowed there only). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** A URL a secret is sent to: https, or http to a loopback host only. */
export function checkSecretBearingUrl(field: string, value: string): FieldProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { field, message: 'must be an absolute URL' };
  }
  if (url.username || url.password) return { field, message: 'must not carry credentials' };
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return { field, message: 'must be https (plain http only to a loopback address)' };
}

/** A sender: `address@domain` or `Name <address@domain>`, without line breaks. */
export function checkMailFrom(value: string): FieldProblem | null {
  if (/[\r\n]/.test(value) || value.length > 320) return { field: 'from', message: 'must be one line' };
  const angle = /^[^<>]*<([^<>]+)>$/.exec(value.trim());
  const address = angle ? angle[1]! : value.trim();
  return ADDRESS.test(address)
    ? null
    : { field: 'from', message: 'must be an email address, optionally as "Name <address>"' };
}

/** Checks the console's mail server fields; returns the problems, empty when valid. */
export function checkEmailSettings(settings: ConsoleEmailSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(HOSTNAME.test(settings.host) || IPV4.test(settings.host)))
    problems.push({ field: 'host', message: 'must be a host name or IP address, without a scheme or port' });
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65535)
    problems.push({ field: 'port', message: 'must be a whole number from 1 to 65535' });
  if (settings.user !== null && (settings.user.length > 320 || /[\r\n]/.test(settings.user)))
    problems.push({ field: 'user', message: 'must be one line of at most 320 characters' });
  if (settings.password !== null && settings.user === null)
    problems.push({ field: 'user', message: 'is required with a password' });
  if (settings.from !== null) {
    const problem = checkMailFrom(settings.from);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Checks the console's SMS fields for the chosen provider; returns the problems. */
export function checkSmsSettings(settings: ConsoleSmsSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (settings.provider === 'twilio') {
    if (!settings.accountSid || !ACCOUNT_SID.test(settings.accountSid))
      problems.push({
        field: 'accountSid',
        message: 'must be a Twilio account SID (AC followed by 32 hex digits)',
      });
    if (!settings.authToken) problems.push({ field: 'authToken', message: 'is required for Twilio' });
    if (!settings.from || !(E164.test(settings.from) || MESSAGING_SERVICE_SID.test(settings.from)))
      problems.push({
        field: 'from',
        message: 'must be a phone number in E.164 form (+15551234567) or a messaging service SID (MG…)',
      });
    if (settings.apiUrl !== null) {
      const problem = checkSecretBearingUrl('apiUrl', settings.apiUrl);
      if (problem) problems.push(problem);
    }
  } else if (settings.provider === 'webhook') {
    if (!settings.webhookUrl) problems.push({ field: 'webhookUrl', message: 'is required for the webhook' });
    else {
      const problem = checkSecretBearingUrl('webhookUrl', settings.webhookUrl);
      if (problem) problems.push(problem);
    }
    if (!settings.webhookSecret || settings.webhookSecret.length < 16)
      problems.push({
        field: 'webhookSecret',
        message: 'is required for the webhook: at least 16 characters',
      });
  }
  return problems;
}
