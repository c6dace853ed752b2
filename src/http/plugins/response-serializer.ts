import type { FastifyBaseLogger } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { type ZodType, z } from 'zod';

/** The log line a response that does not match its route's declared schema writes. */
export const RESPONSE_MISMATCH = 'response does not match its declared schema';

/**
 * Serializes route responses declared with a zod `response` schema. The schema is checked,
 * but the body goes out as the service built it: a mismatch is logged at `error` (the
 * route, and where and why — never a value) and not turned into a 500 (what
 * fastify-type-provider-zod's compiler does) or into silently dropped fields. The test
 * servers fail their suite on any such line (`test/helpers/server.ts`), so a declared
 * schema that drifts from what a route answers is caught there, not by a user.
 */
export function createResponseSerializerCompiler(log: FastifyBaseLogger): FastifySerializerCompiler<ZodType> {
  return ({ schema, method, url }) => {
    const zodSchema = schema instanceof z.ZodType ? schema : null;
    return (data) => {
      if (zodSchema) {
        const result = zodSchema.safeParse(data);
        if (!result.success) {
          log.error(
            {
              route: `${method} ${url}`,
              issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code })),
            },
            RESPONSE_MISMATCH,
          );
        }
      }
      return JSON.stringify(data);
    };
  };
}
