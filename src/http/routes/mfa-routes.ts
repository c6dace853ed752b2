import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { markBrowserKnown, withSessionCookie } from '../session-cookie.js';

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
      const principal = principalOf(request);
      const result = await confirmTOTP(ctx, principal, request.body, requestMeta(request));
      if (result.session) markBrowserKnown(ctx, reply, principal.user.id);
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

  r.get('/api/mfa/activity', { schema: { tags: ['mfa'] } }, async (request) => {
    const { user } = sessionOf(request);
    const { events } = await ctx.stores.audit.list({ userId: user.id, limit: 30 });
    return {
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        at: e.at.toISOString(),
        ip: e.ip,
        userAgent: e.userAgent,
        details: e.details,
      })),
    };
  });
}
