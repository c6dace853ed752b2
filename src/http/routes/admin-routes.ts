import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, invalidRequest } from '../../errors.js';
import { listAuditEvents } from '../../services/account/activity.js';
import {
  assertAdminSessionCurrent,
  assertCanManageOrg,
  findManagedUser,
  requireAdmin,
  requireRecentAdmin,
  requireSystemAdmin,
  scopeOrgId,
} from '../../services/admin/admin-scope.js';
import { getAdoptionStats } from '../../services/admin/admin-stats.js';
import {
  adminUserRow,
  createUser,
  listUsers,
  resetUserMfa,
  unlockUser,
} from '../../services/admin/admin-users.js';
import { exportAuditEvents } from '../../services/admin/audit-export.js';
import {
  createOrganization,
  listOrganizations,
  setOrganizationProductName,
  setOrganizationProfile,
} from '../../services/admin/organizations.js';
import { previewOrgPolicy, previewSystemPolicy } from '../../services/admin/policy-preview.js';
import {
  getOrgPolicy,
  getSystemPolicy,
  updateOrgPolicy,
  updateSystemPolicy,
} from '../../services/admin/system-policy.js';
import { AUDIT_TYPES } from '../../services/audit-log.js';
import type { ServiceContext } from '../../services/context.js';
import { requireRecentAuth } from '../../services/principal.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import {
  auditExportQuery,
  auditQuery,
  createOrgBody,
  createUserBody,
  listUsersQuery,
  orgParams,
  orgPolicyBody,
  statsQuery,
  systemPolicyPatch,
  updateOrgBody,
  userParams,
} from '../schemas/admin.js';
import {
  adminStatsSchema,
  adminUserSchema,
  adminUsersSchema,
  auditEventsSchema,
  auditExportSchema,
  auditTypesSchema,
  noContent,
  organizationSchema,
  organizationsSchema,
  orgPolicySchema,
  policyPreviewSchema,
  systemPolicySchema,
} from '../schemas/responses.js';

/** `/api/admin/*`: system admins fully, org admins for their own organization only. */
export function registerAdminRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  // A password-only session from before enforcement began opens no admin route (SECURITY.md rule 23).
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.url?.startsWith('/api/admin/'))
      await assertAdminSessionCurrent(ctx, request.principal);
  });

  r.get(
    '/api/admin/mfa/policy',
    { schema: { tags, response: { 200: systemPolicySchema } } },
    async (request) => {
      requireSystemAdmin(principalOf(request));
      return getSystemPolicy(ctx);
    },
  );

  r.put(
    '/api/admin/mfa/policy',
    { schema: { tags, body: systemPolicyPatch, response: { 200: systemPolicySchema } } },
    async (request) => {
      const principal = principalOf(request);
      const admin = requireSystemAdmin(principal);
      // A policy change can weaken every account: a recent check first (SECURITY.md rule 25).
      requireRecentAuth(ctx, principal);
      const sessionId = principal.kind === 'session' ? principal.session.id : undefined;
      return updateSystemPolicy(ctx, admin, request.body, requestMeta(request), sessionId);
    },
  );

  // The dry run of the PUT above: what the change would do, nothing saved. Same checks as the PUT.
  r.post(
    '/api/admin/mfa/policy/preview',
    { schema: { tags, body: systemPolicyPatch, response: { 200: policyPreviewSchema } } },
    async (request) => {
      const principal = principalOf(request);
      const admin = requireSystemAdmin(principal);
      requireRecentAuth(ctx, principal);
      return previewSystemPolicy(ctx, admin, request.body);
    },
  );

  r.get('/api/admin/orgs', { schema: { tags, response: { 200: organizationsSchema } } }, async (request) => {
    const admin = requireAdmin(principalOf(request));
    return { orgs: await listOrganizations(ctx, admin) };
  });

  r.post(
    '/api/admin/orgs',
    { schema: { tags, body: createOrgBody, response: { 201: organizationSchema } } },
    async (request, reply) => {
      const admin = requireSystemAdmin(principalOf(request));
      const { name, profileId, productName } = request.body;
      const meta = requestMeta(request);
      const org = await createOrganization(ctx, admin, name, meta, profileId, productName ?? null);
      return reply.status(201).send(org);
    },
  );

  // An organization's settings: its profile (system admins: it decides enforcement) and the
  // product name in its members' messages (its own admins too). A recent check, as for its policy.
  r.put(
    '/api/admin/orgs/:orgId',
    { schema: { tags, params: orgParams, body: updateOrgBody, response: { 200: organizationSchema } } },
    async (request) => {
      const principal = principalOf(request);
      const admin = requireRecentAdmin(ctx, principal);
      const { orgId } = request.params;
      assertCanManageOrg(admin, orgId);
      const { profileId, productName } = request.body;
      if (profileId !== undefined && admin.role !== 'system_admin') throw new AppError('forbidden');
      const meta = requestMeta(request);
      const sessionId = principal.kind === 'session' ? principal.session.id : undefined;
      // The profile first: it is the change that can still be refused (an unknown profile), and
      // the name (already validated) must not be saved by a request that answers 400.
      let org =
        profileId !== undefined
          ? await setOrganizationProfile(ctx, admin, orgId, profileId, meta, sessionId)
          : null;
      if (productName !== undefined)
        org = await setOrganizationProductName(ctx, admin, orgId, productName, meta);
      return org!;
    },
  );

  r.get(
    '/api/admin/orgs/:orgId/mfa/policy',
    { schema: { tags, params: orgParams, response: { 200: orgPolicySchema } } },
    async (request) => {
      const admin = requireAdmin(principalOf(request));
      assertCanManageOrg(admin, request.params.orgId);
      return getOrgPolicy(ctx, request.params.orgId);
    },
  );

  r.put(
    '/api/admin/orgs/:orgId/mfa/policy',
    { schema: { tags, params: orgParams, body: orgPolicyBody, response: { 200: orgPolicySchema } } },
    async (request) => {
      const principal = principalOf(request);
      const admin = requireRecentAdmin(ctx, principal);
      assertCanManageOrg(admin, request.params.orgId);
      const sessionId = principal.kind === 'session' ? principal.session.id : undefined;
      const meta = requestMeta(request);
      return updateOrgPolicy(ctx, admin, request.params.orgId, request.body, meta, sessionId);
    },
  );

  r.post(
    '/api/admin/orgs/:orgId/mfa/policy/preview',
    { schema: { tags, params: orgParams, body: orgPolicyBody, response: { 200: policyPreviewSchema } } },
    async (request) => {
      const admin = requireRecentAdmin(ctx, principalOf(request));
      assertCanManageOrg(admin, request.params.orgId);
      return previewOrgPolicy(ctx, admin, request.params.orgId, request.body);
    },
  );

  r.post(
    '/api/admin/users',
    { schema: { tags, body: createUserBody, response: { 201: adminUserSchema } } },
    async (request, reply) => {
      const admin = requireAdmin(principalOf(request));
      const body = request.body;
      // An org admin creates members and org admins of their own organization only.
      if (admin.role === 'org_admin') {
        if (body.role === 'system_admin' || (body.orgId && body.orgId !== admin.orgId))
          throw new AppError('forbidden');
      }
      const orgId = admin.role === 'org_admin' ? admin.orgId : (body.orgId ?? null);
      if (body.role === 'org_admin' && !orgId) {
        throw invalidRequest([{ field: 'orgId', message: 'an org admin needs an organization' }]);
      }
      const user = await createUser(
        ctx,
        { email: body.email, password: body.password, role: body.role, orgId, name: body.name ?? null },
        { kind: 'user', user: admin },
        requestMeta(request),
      );
      return reply.status(201).send(await adminUserRow(ctx, user, []));
    },
  );

  r.get(
    '/api/admin/users',
    { schema: { tags, querystring: listUsersQuery, response: { 200: adminUsersSchema } } },
    async (request) => {
      const admin = requireAdmin(principalOf(request));
      const scope = scopeOrgId(admin);
      if (scope && request.query.orgId && request.query.orgId !== scope) throw new AppError('forbidden');
      return listUsers(ctx, scope, request.query);
    },
  );

  r.post(
    '/api/admin/users/:id/mfa/reset',
    { schema: { tags, params: userParams, response: { 204: noContent } } },
    async (request, reply) => {
      const admin = requireRecentAdmin(ctx, principalOf(request));
      const target = await findManagedUser(ctx, admin, request.params.id);
      // Self-service rules (recent auth, policy) apply to an admin's own factors (SECURITY.md rule 25).
      if (target.id === admin.id)
        throw new AppError('forbidden', {
          message: 'Manage your own two-factor authentication from your security page.',
        });
      await resetUserMfa(ctx, target, { kind: 'user', user: admin }, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/admin/users/:id/unlock',
    { schema: { tags, params: userParams, response: { 204: noContent } } },
    async (request, reply) => {
      const admin = requireRecentAdmin(ctx, principalOf(request));
      const target = await findManagedUser(ctx, admin, request.params.id);
      await unlockUser(ctx, target, { kind: 'user', user: admin }, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/admin/audit',
    { schema: { tags, querystring: auditQuery, response: { 200: auditEventsSchema } } },
    async (request) => {
      const admin = requireAdmin(principalOf(request));
      const scope = scopeOrgId(admin);
      if (scope && request.query.orgId && request.query.orgId !== scope) throw new AppError('forbidden');
      return listAuditEvents(ctx, scope, request.query);
    },
  );

  r.get(
    '/api/admin/audit/types',
    { schema: { tags, response: { 200: auditTypesSchema } } },
    async (request) => {
      requireAdmin(principalOf(request));
      return { types: [...AUDIT_TYPES].sort() };
    },
  );

  // Streamed page by page from the database (never built in memory), for a SIEM.
  r.get(
    '/api/admin/audit/export',
    { schema: { tags, querystring: auditExportQuery, response: { 200: auditExportSchema } } },
    async (request, reply) => {
      const admin = requireAdmin(principalOf(request));
      const scope = scopeOrgId(admin);
      const { format, ...filter } = request.query;
      if (scope && filter.orgId && filter.orgId !== scope) throw new AppError('forbidden');
      const stamp = ctx.now().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      const extension = format === 'csv' ? 'csv' : 'jsonl';
      reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="twofold-audit-${stamp}.${extension}"`)
        .header('cache-control', 'no-store');
      // A stream bypasses the serializer; the declared schema documents the text it carries.
      const body = Readable.from(exportAuditEvents(ctx, scope, filter, format));
      return reply.send(body as unknown as string);
    },
  );

  r.get(
    '/api/admin/stats',
    { schema: { tags, querystring: statsQuery, response: { 200: adminStatsSchema } } },
    async (request) => {
      const admin = requireAdmin(principalOf(request));
      return getAdoptionStats(ctx, scopeOrgId(admin), request.query.profileId);
    },
  );
}
