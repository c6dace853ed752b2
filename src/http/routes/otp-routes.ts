import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webauthnChallengeSchema } from '../../factors/webauthn/schemas.js';
import { webAuthnSignInChallenge } from '../../factors/webauthn/service.js';
import type { ServiceContext } from '../../services/context.js';
import { confirmOTPFactor, setupEmailFactor, setupSMSFactor } from '../../services/enroll-email-sms.js';
import { sendSignInChallenge } from '../../services/send-challenge.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { challengeBody } from '../schemas/auth.js';
import { confirmBody } from '../schemas/mfa.js';
import { emailSetupBody, smsSetupBody } from '../schemas/otp.js';
import { challengeResultSchema, codeSetupSchema, confirmResultSchema } from '../schemas/responses.js';
import { markBrowserKnown, withSessionCookie } from '../session-cookie.js';

/**
 * Email and SMS codes: binding an address or phone (session, or an enrolling
 * mfaToken, like TOTP), and sending a code for a pending sign-in.
 */
export function registerOtpRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const enrollment = { auth: 'enrollment' } as const;

  r.post(
    '/api/mfa/email/setup',
    {
      config: enrollment,
      schema: { tags: ['mfa'], body: emailSetupBody, response: { 200: codeSetupSchema } },
    },
    async (request) => setupEmailFactor(ctx, principalOf(request), request.body ?? {}, requestMeta(request)),
  );

  r.post(
    '/api/mfa/sms/setup',
    { config: enrollment, schema: { tags: ['mfa'], body: smsSetupBody, response: { 200: codeSetupSchema } } },
    async (request) => setupSMSFactor(ctx, principalOf(request), request.body, requestMeta(request)),
  );

  for (const type of ['email', 'sms'] as const) {
    r.post(
      `/api/mfa/${type}/confirm`,
      {
        config: enrollment,
        schema: { tags: ['mfa'], body: confirmBody, response: { 200: confirmResultSchema } },
      },
      async (request, reply) => {
        const result = await confirmOTPFactor(
          ctx,
          principalOf(request),
          type,
          request.body,
          requestMeta(request),
        );
        if (result.session) markBrowserKnown(ctx, reply, principalOf(request).user.id);
        return withSessionCookie(ctx, reply, result);
      },
    );
  }

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
      if (method === 'webauthn') return webAuthnSignInChallenge(ctx, { mfaToken });
      return sendSignInChallenge(ctx, { mfaToken, method }, requestMeta(request));
    },
  );
}
