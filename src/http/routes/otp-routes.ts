import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signInChallengeOf } from '../../factors/index.js';
import { webauthnChallengeSchema } from '../../factors/webauthn/schemas.js';
import type { ServiceContext } from '../../services/context.js';
import { requestMeta } from '../request-meta.js';
import { challengeBody } from '../schemas/auth.js';
import { challengeResultSchema } from '../schemas/responses.js';

/**
 * `POST /api/auth/mfa/challenge`: what a pending sign-in's second step needs first,
 * for the methods whose factor module has a challenge (email/SMS: a code is sent;
 * webauthn: the key's request options). Each type's setup routes are its module's.
 */
export function registerOtpRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // The mfaToken travels in the body, like /api/auth/mfa/verify.
  r.post(
    '/api/auth/mfa/challenge',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        body: challengeBody,
        response: { 200: z.union([challengeResultSchema, webauthnChallengeSchema]) },
      },
    },
    async (request) => {
      const { mfaToken, method } = request.body;
      // The method's factor module sends or prepares its challenge (a code, a key's options).
      return signInChallengeOf(method)(ctx, { mfaToken }, requestMeta(request));
    },
  );
}
