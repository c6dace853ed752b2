import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { requestMeta } from '../../http/request-meta.js';
import { smsSetupBody } from '../../http/schemas/otp.js';
import { codeSetupSchema } from '../../http/schemas/responses.js';
import type { ServiceContext } from '../../services/context.js';
import { setupSMSFactor } from '../delivered-code/enroll.js';
import { registerDeliveredCodeConfirmRoute } from '../delivered-code/routes.js';

/** Binding a phone: a code goes to the E.164 number, the code confirms it. */
export function registerSMSRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/mfa/sms/setup',
    {
      config: { auth: 'enrollment' },
      schema: { tags: ['mfa'], body: smsSetupBody, response: { 200: codeSetupSchema } },
    },
    async (request) => setupSMSFactor(ctx, principalOf(request), request.body, requestMeta(request)),
  );
  registerDeliveredCodeConfirmRoute(app, ctx, 'sms');
}
