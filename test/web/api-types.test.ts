import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, buildOpenAPIDocument, renderAPITypes } from '../../scripts/gen-api-types.js';

describe('the web UI API types', () => {
  it('web/src/lib/api-types.ts is generated from the OpenAPI document and up to date (npm run gen:api-types)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await renderAPITypes());
  }, 60_000);

  it('every API route documents its success answer', async () => {
    const document = (await buildOpenAPIDocument()) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
    };
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/') || path === '/api/openapi.json') continue;
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses ?? {}).filter(([status]) =>
          /^2\d\d$/.test(status),
        );
        const documented = success.some(
          ([status, answer]) => status === '204' || answer.content !== undefined,
        );
        if (!documented) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  }, 60_000);
});
