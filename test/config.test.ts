import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from '../scripts/gen-config-docs.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { devOutboxExposed } from '../src/serve.js';

describe('configuration', () => {
  it('docs/configuration.md is generated from the schema and up to date (npm run docs:config)', () => {
    expect(readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8')).toBe(
      renderConfigDocs(),
    );
  });

  it('has the documented defaults and is deeply frozen', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/twofold.db',
      signupEnabled: true,
    });
    expect(Object.isFrozen(config.twilio)).toBe(true);
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TWOFOLD_ADMIN_EMAIL: 'a@b.co' })).toThrow(/TWOFOLD_ADMIN_PASSWORD/);
  });

  it('checks that a chosen delivery provider has its settings', () => {
    expect(loadConfig({}).deliveryTimeoutMs).toBe(10_000);
    expect(() => loadConfig({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1' })).toThrow(
      /TWILIO_AUTH_TOKEN, TWILIO_FROM/,
    );
    expect(() =>
      loadConfig({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.com/hook' }),
    ).toThrow(/SMS_WEBHOOK_SECRET/);
    expect(() => loadConfig({ SMTP_URL: 'mail.example.com:25' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ DELIVERY_TIMEOUT_MS: '0' })).toThrow(/DELIVERY_TIMEOUT_MS/);
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', SMS_PROVIDER: 'log' })).toMatchObject({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      smsProvider: 'log',
    });
  });

  it('flags a development server whose dev outbox other machines could read', () => {
    expect(devOutboxExposed(loadConfig({}))).toBe(false);
    expect(devOutboxExposed(loadConfig({ HOST: '0.0.0.0' }))).toBe(true);
    expect(devOutboxExposed(loadConfig({ HOST: '0.0.0.0', NODE_ENV: 'production' }))).toBe(false);
  });
});
