import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createResponseSerializerCompiler,
  RESPONSE_MISMATCH,
} from '../../src/http/plugins/response-serializer.js';

/** A logger that keeps what `error` was called with. */
function recordingLog() {
  const lines: { object: unknown; message: string }[] = [];
  const log = {
    error: (object: unknown, message: string) => lines.push({ object, message }),
  } as unknown as Parameters<typeof createResponseSerializerCompiler>[0];
  return { log, lines };
}

describe('response serialization against the declared schemas', () => {
  const schema = z.object({ id: z.string(), count: z.number() });

  it('a matching answer goes out as built (extra fields kept), nothing logged', () => {
    const { log, lines } = recordingLog();
    const serialize = createResponseSerializerCompiler(log)({
      schema,
      method: 'GET',
      url: '/api/x',
      httpStatus: '200',
    });
    expect(serialize({ id: 'a', count: 1, extra: true })).toBe('{"id":"a","count":1,"extra":true}');
    expect(lines).toEqual([]);
  });

  it('a mismatch is logged with the route and where — never the value — and still answered unchanged', () => {
    const { log, lines } = recordingLog();
    const serialize = createResponseSerializerCompiler(log)({
      schema,
      method: 'GET',
      url: '/api/x',
      httpStatus: '200',
    });
    expect(serialize({ id: 'secret-value-123', count: 'many' })).toBe(
      '{"id":"secret-value-123","count":"many"}',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toBe(RESPONSE_MISMATCH);
    expect(lines[0]!.object).toEqual({
      route: 'GET /api/x',
      issues: [{ path: 'count', code: 'invalid_type' }],
    });
    expect(JSON.stringify(lines)).not.toContain('secret-value-123');
    expect(JSON.stringify(lines)).not.toContain('many');
  });
});
