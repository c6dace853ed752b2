import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listOwnActivity } from '../../services/account/activity.js';
import {
  disableMfa,
  getMfaStatus,
  regenerateBackupCodes,
  removeFactor,
  renameFactor,
  setPreferredFactor,
} from '../../services/account/manage-factors.js';
import type { ServiceContext } from '../../services/context.js';
import { principalOf, sessionOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { factorParams, preferredBody, renameFactorBody } from '../schemas/mfa.js';
import {
  backupCodesSchema,
  factorSchema,
  mfaStatusSchema,
  noContent,
  ownActivitySchema,
} from '../schemas/responses.js';

/** The caller's own second factors. Enrollment routes also accept an enrolling mfaToken. */
export function registerMfaRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const enrollment = { auth: 'enrollment' } as const;

  r.get(
    '/api/mfa',
    { config: enrollment, schema: { tags: ['mfa'], response: { 200: mfaStatusSchema } } },
    async (request) => getMfaStatus(ctx, principalOf(request)),
  );

  // Each factor type's setup and confirm routes are its module's (src/factors/<type>/routes.ts).

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
