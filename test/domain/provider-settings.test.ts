import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import {
  type ConsoleSmsSettings,
  checkEmailSettings,
  checkSecretBearingUrl,
  checkSmsSettings,
  lockedEmailFields,
  lockedSmsFields,
  resolveEmailTransport,
  resolveSmsTransport,
} from '../../src/domain/provider-settings.js';

const config = (env: Record<string, string> = {}) => loadConfig({ DATABASE_URL: 'sqlite::memory:', ...env });

const consoleTwilio: ConsoleSmsSettings = {
  provider: 'twilio',
  accountSid: `AC${'1'.repeat(32)}`,
  authToken: 'console-token',
  from: '+15005550006',
  apiUrl: null,
  webhookUrl: null,
  webhookSecret: null,
};
const consoleEmail = {
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls' as const,
  user: 'u',
  password: 'p',
  from: 'Console <c@example.com>',
};

describe('which settings are in force', () => {
  it('uses the console where the environment is silent, and the log with neither', () => {
    expect(resolveEmailTransport(config(), null)).toEqual({ transport: { kind: 'log' }, source: 'default' });
    expect(resolveEmailTransport(config(), consoleEmail)).toMatchObject({
      transport: { kind: 'smtp', host: 'smtp.example.com', from: 'Console <c@example.com>' },
      source: 'console',
    });
    expect(resolveSmsTransport(config(), consoleTwilio)).toMatchObject({
      transport: { kind: 'twilio', authToken: 'console-token', apiUrl: 'https://api.twilio.com' },
      source: 'console',
    });
  });

  it('lets SMTP_URL and SMS_PROVIDER win over the whole channel', () => {
    const env = config({
      SMTP_URL: 'smtp://env.example.com:25',
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: 'https://hook.example.com/sms',
      SMS_WEBHOOK_SECRET: 's'.repeat(32),
    });
    expect(resolveEmailTransport(env, consoleEmail)).toMatchObject({
      transport: { kind: 'smtp-url', smtpUrl: 'smtp://env.example.com:25', from: 'Console <c@example.com>' },
      source: 'environment',
    });
    expect(resolveSmsTransport(env, consoleTwilio)).toMatchObject({
      transport: { kind: 'webhook', url: 'https://hook.example.com/sms' },
      source: 'environment',
    });
    expect(lockedEmailFields(env)).toEqual(['host', 'port', 'security', 'user', 'password']);
    expect(lockedSmsFields(env)).toContain('authToken');
  });

  it('lets single variables win field by field', () => {
    const env = config({ MAIL_FROM: 'Env <e@example.com>', TWILIO_AUTH_TOKEN: 'env-token' });
    expect(resolveEmailTransport(env, consoleEmail).transport).toMatchObject({ from: 'Env <e@example.com>' });
    expect(resolveSmsTransport(env, consoleTwilio).transport).toMatchObject({ authToken: 'env-token' });
    expect(lockedEmailFields(env)).toEqual(['from']);
    expect(lockedSmsFields(env)).toEqual(['authToken']);
    // A defaulted variable (TWILIO_API_URL, MAIL_FROM) fixes nothing.
    expect(lockedSmsFields(config())).toEqual([]);
  });
});

describe('checks of console input', () => {
  it.each([
    ['https://api.example.com', null],
    ['http://127.0.0.1:8080/x', null],
    ['http://localhost/x', null],
    ['http://[::1]:9/x', null],
    ['http://api.example.com', 'must be https (plain http only to a loopback address)'],
    ['https://user:pw@api.example.com', 'must not carry credentials'],
    ['ftp://api.example.com', 'must be https (plain http only to a loopback address)'],
    ['nope', 'must be an absolute URL'],
  ])('URL %s', (url, message) => {
    expect(checkSecretBearingUrl('webhookUrl', url)?.message ?? null).toBe(message);
  });

  it('names each bad field', () => {
    const fields = (problems: Array<{ field: string }>) => problems.map((p) => p.field);
    expect(checkEmailSettings(consoleEmail)).toEqual([]);
    expect(fields(checkEmailSettings({ ...consoleEmail, port: 0 }))).toEqual(['port']);
    expect(fields(checkEmailSettings({ ...consoleEmail, host: 'a b' }))).toEqual(['host']);
    expect(fields(checkEmailSettings({ ...consoleEmail, user: null }))).toEqual(['user']);
    expect(fields(checkEmailSettings({ ...consoleEmail, from: 'Name <x@y.z>\r\nBcc: a@b.c' }))).toEqual([
      'from',
    ]);
    expect(checkSmsSettings(consoleTwilio)).toEqual([]);
    expect(fields(checkSmsSettings({ ...consoleTwilio, from: '15005550006' }))).toEqual(['from']);
    expect(checkSmsSettings({ ...consoleTwilio, from: `MG${'a'.repeat(32)}` })).toEqual([]);
    expect(fields(checkSmsSettings({ ...consoleTwilio, provider: 'webhook' }))).toEqual([
      'webhookUrl',
      'webhookSecret',
    ]);
    expect(checkSmsSettings({ ...consoleTwilio, provider: 'log' })).toEqual([]);
  });
});
