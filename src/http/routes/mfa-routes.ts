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
  renameFactor,
  setPreferredFactor,
} from '../../services/manage-factors.js';
import { principalOf, sessionOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { confirmBody, factorParams, preferredBody, renameFactorBody, totpSetupBody } from '../schemas/mfa.js';
import {
  backupCodesSchema,
  confirmResultSchema,
  factorSchema,
  mfaStatusSchema,
  noContent,
  ownActivitySchema,
  totpSetupSchema,
} from '../schemas/responses.js';
import { markBrowserKnown, withSessionCookie } from '../session-cookie.js';

/** The caller's own second factors. Enrollment routes also accept an enrolling mfaToken. */
export function registerMfaRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const enrollment = { auth: 'enrollment' } as const;

  r.get(
    '/api/mfa',
    { config: enrollment, schema: { tags: ['mfa'], response: { 200: mfaStatusSchema } } },
    async (request) => getMfaStatus(ctx, principalOf(request)),
  );

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

  r.put(
    '/api/mfa/preferred',
    { schema: { tags: ['mfa'], body: preferredBody, response: { 200: mfaStatusSchema } } },
    async (request) =>
      setPreferredFactor(ctx, sessionOf(request), request.body.factorId, requestMeta(request)),
  );

  r.patch(
    '/api/mfa/factors/:id',
    {
      schema: {
        tags: ['mfa'],
        params: factorParams,
        body: renameFactorBody,
        response: { 200: factorSchema },
      },
    },
    async (request) =>
      renameFactor(ctx, sessionOf(request), request.params.id, request.body.label, requestMeta(request)),
  );

  r.delete(
    '/api/mfa/factors/:id',
    { schema: { tags: ['mfa'], params: factorParams, response: { 204: noContent } } },
    async (request, reply) => {
      await removeFactor(ctx, sessionOf(request), request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/mfa/backup-codes',
    { schema: { tags: ['mfa'], response: { 200: backupCodesSchema } } },
    async (request) => regenerateBackupCodes(ctx, sessionOf(request), requestMeta(request)),
  );

  r.delete(
    '/api/mfa',
    { schema: { tags: ['mfa'], response: { 204: noContent } } },
    async (request, reply) => {
      await disableMfa(ctx, sessionOf(request), requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/mfa/activity',
    { schema: { tags: ['mfa'], response: { 200: ownActivitySchema } } },
    async (request) => listOwnActivity(ctx, sessionOf(request).user),
  );
}
