// The web UI's device labels come from the server's parser (src/domain/user-agent.ts) and
// only their wording is the UI's: "API client" and "browser on system" in its language.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import de from '../../src/i18n/locales/de.json' with { type: 'json' };
import en from '../../src/i18n/locales/en.json' with { type: 'json' };
import zh from '../../src/i18n/locales/zh-CN.json' with { type: 'json' };
import { I18NEXT_OPTIONS } from '../../src/i18n/locales.js';
import { describeUserAgent } from '../../web/src/lib/format.js';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36';

beforeAll(async () => {
  await i18next.init({
    ...I18NEXT_OPTIONS,
    lng: 'en',
    resources: { en: { translation: en }, de: { translation: de }, 'zh-CN': { translation: zh } },
  });
});

describe('describeUserAgent (web)', () => {
  it('says "browser on system" in the UI language', async () => {
    await i18next.changeLanguage('en');
    expect(describeUserAgent(CHROME_LINUX)).toBe('Chrome on Linux');
    await i18next.changeLanguage('de');
    expect(describeUserAgent(CHROME_LINUX)).toBe('Chrome unter Linux');
    await i18next.changeLanguage('zh-CN');
    expect(describeUserAgent(CHROME_LINUX)).toBe('Linux 上的 Chrome');
  });

  it('names a script in the UI language, and gives nothing without a header', async () => {
    await i18next.changeLanguage('de');
    expect(describeUserAgent('curl/8.5.0')).toBe('API-Client');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0)')).toBe('Windows');
    expect(describeUserAgent(null)).toBe('');
    expect(describeUserAgent('SomeBot/1.0')).toBe('SomeBot/1.0');
  });
});
