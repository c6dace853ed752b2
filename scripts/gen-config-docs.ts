// Writes docs/configuration.md from the configuration schema (npm run docs:config).
import { writeFileSync } from 'node:fs';
import { CONFIG_OPTIONS } from '../src/config/config.js';

export function renderConfigDocs(): string {
  const rows = Object.entries(CONFIG_OPTIONS).map(
    ([name, option]) =>
      `| \`${name}\` | ${option.default === undefined ? '—' : `\`${option.default}\``} | ${option.doc} |`,
  );
  return [
    '# Configuration',
    '',
    'Generated from `src/config/config.ts` by `npm run docs:config`; a test fails when this file is out of date.',
    'Every option is an environment variable, read once at start.',
    '',
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1]?.endsWith('gen-config-docs.ts')) {
  writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigDocs());
  console.log('wrote docs/configuration.md');
}
