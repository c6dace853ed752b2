// Writes web/src/lib/api-types.ts from the server's OpenAPI document (npm run gen:api-types).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { createApp } from '../src/app.js';
import { openStores } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/logger.js';

/** Where the generated types live. */
export const API_TYPES_FILE = new URL('../web/src/lib/api-types.ts', import.meta.url);

/**
 * The OpenAPI document of a development server with the default configuration (so the
 * dev outbox is in it), served from a throw-away SQLite file.
 */
export async function buildOpenAPIDocument(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-openapi-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'openapi.db')}`,
    TWOFOLD_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  const logger = createLogger(config.logLevel);
  const { stores, keyring } = await openStores(config, logger);
  try {
    const { app } = await createApp({ config, stores, keyring, logger, webRoot: null });
    const document = app.swagger() as unknown as Record<string, unknown>;
    await app.close();
    return document;
  } finally {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The TypeScript source of the API types, as `openapi-typescript` renders the document. */
export async function renderAPITypes(): Promise<string> {
  const document = await buildOpenAPIDocument();
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript takes its own OpenAPI3 type
  const ast = await openapiTS(document as any, { alphabetize: true });
  return [
    "// Generated from the server's OpenAPI document (GET /api/openapi.json) by",
    '// `npm run gen:api-types`. Do not edit: a test fails when this file is out of date.',
    '',
    astToString(ast),
  ].join('\n');
}

if (process.argv[1]?.endsWith('gen-api-types.ts')) {
  writeFileSync(API_TYPES_FILE, await renderAPITypes());
  console.log('wrote web/src/lib/api-types.ts');
}
