import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listOwnActivity } from '../../services/activity.js';
import type { ServiceContext } from '../../services/context.js';
import { confirmTOTP, setupTOTP } from '../../services/enroll-factor.js';
import {
  disableMfa,
  getMfaStatus,
  regenerateBackupCodes,
  removeFactor,
  setPreferredFactor,
} from '../../services/manage-factors.js';
import { principalOf, sessionOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { confirmBody, factorParams, preferredBody, totpSetupBody } from '../schemas/mfa.js';
import { withSessionCookie } from '../session-cookie.js';

/** The caller's own second factors. Enrollment routes also accept an enrolling mfaToken. */
export function registerMfaRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const enrollment = { auth: 'enrollment' } as const;

  r.get('/api/mfa', { config: enrollment, schema: { tags: ['mfa'] } }, async (request) =>
    getMfaStatus(ctx, principalOf(request)),
  );

  r.post(
    '/api/mfa/totp/setup',
    { config: enrollment, schema: { tags: ['mfa'], body: totpSetupBody } },
    async (request) => setupTOTP(ctx, principalOf(request), request.body ?? {}),
  );

  r.post(
    '/api/mfa/totp/confirm',
    { config: enrollment, schema: { tags: ['mfa'], body: confirmBody } },
    async (request, reply) => {
      const result = await confirmTOTP(ctx, principalOf(request), request.body, requestMeta(request));
      return withSessionCookie(ctx, reply, result);
    },
  );

  r.put('/api/mfa/preferred', { schema: { tags: ['mfa'], body: preferredBody } }, async (request) =>
    setPreferredFactor(ctx, sessionOf(request), request.body.factorId, requestMeta(request)),
  );

  r.delete(
    '/api/mfa/factors/:id',
    { schema: { tags: ['mfa'], params: factorParams } },
    async (request, reply) => {
      await removeFactor(ctx, sessionOf(request), request.params.id, requestMeta(request));
      return reply.status(204).send();
    },
  );

  r.post('/api/mfa/backup-codes', { schema: { tags: ['mfa'] } }, async (request) =>
    regenerateBackupCodes(ctx, sessionOf(request), requestMeta(request)),
  );

  r.delete('/api/mfa', { schema: { tags: ['mfa'] } }, async (request, reply) => {
    await disableMfa(ctx, sessionOf(request), requestMeta(request));
    return reply.status(204).send();
  });

  r.get('/api/mfa/activity', { schema: { tags: ['mfa'] } }, async (request) =>
    listOwnActivity(ctx, sessionOf(request).user),
  );
}
