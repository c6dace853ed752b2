import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { requestMeta } from '../../http/request-meta.js';
import { confirmBody } from '../../http/schemas/mfa.js';
import { confirmResultSchema } from '../../http/schemas/responses.js';
import { markBrowserKnown, withSessionCookie } from '../../http/session-cookie.js';
import type { ServiceContext } from '../../services/context.js';
import { confirmOTPFactor } from './enroll.js';

/**
 * `POST /api/mfa/{email,sms}/confirm`: the code sent at setup proves the address
 * or phone (a session, or an mfaToken that is enrolling). The same for both types.
 */
export function registerDeliveredCodeConfirmRoute(
  app: FastifyInstance,
  ctx: ServiceContext,
  type: 'email' | 'sms',
): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    `/api/mfa/${type}/confirm`,
    {
      config: { auth: 'enrollment' },
      schema: { tags: ['mfa'], body: confirmBody, response: { 200: confirmResultSchema } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await confirmOTPFactor(ctx, principal, type, request.body, requestMeta(request));
      if (result.session) markBrowserKnown(ctx, reply, principal.user.id);
      return withSessionCookie(ctx, reply, result);
    },
  );
}
