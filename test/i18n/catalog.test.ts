import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_KIND_NAMES, MESSAGE_KINDS } from '../../src/domain/message-templates.js';
import { CATALOGS, translate } from '../../src/i18n/catalog.js';
import { LOCALES, matchLocale, negotiateLocale, resolveLocale } from '../../src/i18n/locales.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value && typeof value === 'object'
      ? flatten(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'locales' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const SOURCES = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'web', 'src'))]
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');

const english = flatten(CATALOGS.en);
const baseKeys = [...new Set(english.map((key) => key.replace(PLURAL, '')))];
const pluralBases = new Set(english.filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalog', () => {
  it.each(LOCALES)(
    '%s holds every key, with the plural forms its language needs, and nothing else',
    (locale) => {
      const keys = new Set(flatten(CATALOGS[locale]));
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const expected = baseKeys.flatMap((base) =>
        pluralBases.has(base) ? categories.map((category) => `${base}_${category}`) : [base],
      );
      expect(
        [...keys].filter((key) => !expected.includes(key)),
        'keys no language should have',
      ).toEqual([]);
      expect(
        expected.filter((key) => !keys.has(key)),
        'missing keys',
      ).toEqual([]);
    },
  );

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s uses the same placeholders as English and translates',
    (locale) => {
      const catalog = flatten(CATALOGS[locale]);
      for (const key of catalog) {
        const base = key.replace(PLURAL, '');
        const text = translate(locale, base, { count: 1, lng: locale });
        const source = pluralBases.has(base) ? `${base}_other` : key;
        const englishText = (english.includes(source) ? source : key)
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], CATALOGS.en) as string;
        const own = key
          .split('.')
          .reduce<unknown>(
            (node, part) => (node as Record<string, unknown>)[part],
            CATALOGS[locale],
          ) as string;
        expect(placeholders(own), `${locale} ${key}`).toEqual(placeholders(englishText));
        expect(text.length, `${locale} ${key}`).toBeGreaterThan(0);
      }
    },
  );

  it('holds no key that no code uses (src/ and web/src are scanned for each key)', () => {
    const unused = baseKeys.filter((key) => !SOURCES.includes(`'${key}'`) && !SOURCES.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it('every key the code asks for exists', () => {
    const asked = [
      ...SOURCES.matchAll(/\b(?:t\(|translate\(\s*[\w.]+\s*,)\s*'([a-zA-Z]+(?:\.[a-zA-Z]+)+)'/g),
    ].map((m) => m[1]!);
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.filter((key) => !baseKeys.includes(key))).toEqual([]);
    for (const kind of MESSAGE_KIND_NAMES)
      for (const key of Object.values(MESSAGE_KINDS[kind].keys)) expect(baseKeys, kind).toContain(key);
  });
});

describe('plurals, durations and numbers through Intl', () => {
  it('chooses plural forms by language', () => {
    expect(translate('en', 'notice.remainingCodes', { count: 1 })).toBe('1 backup code remains');
    expect(translate('en', 'duration.minutes', { count: 4 })).toBe('4 minutes');
    expect(translate('de', 'duration.minutes', { count: 1 })).toBe('1 Minute');
    expect(translate('fr', 'duration.minutes', { count: 1_000_000 })).toBe('1000000 minutes');
    expect(translate('zh-CN', 'duration.minutes', { count: 1 })).toBe('1 分钟');
  });
});

describe('choosing the language', () => {
  it('maps tags to the five languages', () => {
    expect(matchLocale('zh')).toBe('zh-CN');
    expect(matchLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(matchLocale('zh-TW')).toBeNull();
    expect(matchLocale('de-AT')).toBe('de');
    expect(matchLocale('pt-BR')).toBeNull();
  });

  it('negotiates Accept-Language by q-value, then header order', () => {
    expect(negotiateLocale('pt-BR, es;q=0.5, fr;q=0.8')).toBe('fr');
    expect(negotiateLocale('en;q=0, de')).toBe('de');
    expect(negotiateLocale('*')).toBeNull();
    expect(negotiateLocale('')).toBeNull();
  });

  it('saved preference, else Accept-Language, else the default', () => {
    expect(resolveLocale('es', 'de', 'en')).toBe('es');
    expect(resolveLocale(null, 'de', 'en')).toBe('de');
    expect(resolveLocale('xx', 'pt', 'fr')).toBe('fr');
  });
});
