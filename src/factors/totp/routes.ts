import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { requestMeta } from '../../http/request-meta.js';
import { confirmBody, totpSetupBody } from '../../http/schemas/mfa.js';
import { confirmResultSchema, totpSetupSchema } from '../../http/schemas/responses.js';
import { markBrowserKnown, withSessionCookie } from '../../http/session-cookie.js';
import type { ServiceContext } from '../../services/context.js';
import { confirmTOTP, setupTOTP } from './enroll.js';

/** Binding an authenticator app (a session, or an mfaToken that is enrolling). */
export function registerTOTPRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const enrollment = { auth: 'enrollment' } as const;

  r.post(
    '/api/mfa/totp/setup',
    {
      config: enrollment,
      schema: { tags: ['mfa'], body: totpSetupBody, response: { 200: totpSetupSchema } },
    },
    async (request) => setupTOTP(ctx, principalOf(request), request.body ?? {}),
  );

  r.post(
    '/api/mfa/totp/confirm',
    {
      config: enrollment,
      schema: { tags: ['mfa'], body: confirmBody, response: { 200: confirmResultSchema } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await confirmTOTP(ctx, principal, request.body, requestMeta(request));
      if (result.session) markBrowserKnown(ctx, reply, principal.user.id);
      return withSessionCookie(ctx, reply, result);
    },
  );
}
