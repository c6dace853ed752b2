import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { requestMeta } from '../../http/request-meta.js';
import { emailSetupBody } from '../../http/schemas/otp.js';
import { codeSetupSchema } from '../../http/schemas/responses.js';
import type { ServiceContext } from '../../services/context.js';
import { setupEmailFactor } from '../delivered-code/enroll.js';
import { registerDeliveredCodeConfirmRoute } from '../delivered-code/routes.js';

/** Binding an email address: a code goes to it (by default the account's own), the code confirms it. */
export function registerEmailRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/mfa/email/setup',
    {
      config: { auth: 'enrollment' },
      schema: { tags: ['mfa'], body: emailSetupBody, response: { 200: codeSetupSchema } },
    },
    async (request) => setupEmailFactor(ctx, principalOf(request), request.body ?? {}, requestMeta(request)),
  );
  registerDeliveredCodeConfirmRoute(app, ctx, 'email');
}
