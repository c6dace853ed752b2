import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireRecentAdmin, requireSystemAdmin } from '../../services/admin/admin-scope.js';
import {
  createOrgProfile,
  deleteOrgProfile,
  getOrgProfile,
  listOrgProfiles,
  updateOrgProfile,
} from '../../services/admin/org-profiles.js';
import type { ServiceContext } from '../../services/context.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { createOrgProfileBody, profileParams, updateOrgProfileBody } from '../schemas/admin.js';
import { noContent, orgProfileSchema, orgProfilesSchema } from '../schemas/responses.js';

/**
 * `/api/admin/org-profiles` (system admins only): classes of organizations that
 * enforcement can choose and that carry a default organization policy. Moving an
 * organization between them is `PUT /api/admin/orgs/:orgId` (admin-routes.ts).
 */
export function registerOrgProfileRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const sessionIdOf = (principal: ReturnType<typeof principalOf>) =>
    principal.kind === 'session' ? principal.session.id : undefined;

  r.get(
    '/api/admin/org-profiles',
    { schema: { tags, response: { 200: orgProfilesSchema } } },
    async (request) => {
      requireSystemAdmin(principalOf(request));
      return { profiles: await listOrgProfiles(ctx) };
    },
  );

  r.post(
    '/api/admin/org-profiles',
    { schema: { tags, body: createOrgProfileBody, response: { 201: orgProfileSchema } } },
    async (request, reply) => {
      const admin = requireSystemAdmin(principalOf(request));
      const profile = await createOrgProfile(ctx, admin, request.body, requestMeta(request));
      return reply.status(201).send(profile);
    },
  );

  r.get(
    '/api/admin/org-profiles/:id',
    { schema: { tags, params: profileParams, response: { 200: orgProfileSchema } } },
    async (request) => {
      requireSystemAdmin(principalOf(request));
      return getOrgProfile(ctx, request.params.id);
    },
  );

  r.put(
    '/api/admin/org-profiles/:id',
    {
      schema: {
        tags,
        params: profileParams,
        body: updateOrgProfileBody,
        response: { 200: orgProfileSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // A profile's policy applies to many organizations at once: a recent check, as for the system policy.
      const admin = requireSystemAdmin(principal);
      requireRecentAdmin(ctx, principal);
      const meta = requestMeta(request);
      return updateOrgProfile(ctx, admin, request.params.id, request.body, meta, sessionIdOf(principal));
    },
  );

  r.delete(
    '/api/admin/org-profiles/:id',
    { schema: { tags, params: profileParams, response: { 204: noContent } } },
    async (request, reply) => {
      const admin = requireSystemAdmin(principalOf(request));
      await deleteOrgProfile(ctx, admin, request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );
}
