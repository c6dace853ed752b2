import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, invalidRequest } from '../../errors.js';
import {
  assertAdminSessionCurrent,
  assertCanManageOrg,
  assertCanManageUser,
  requireAdmin,
  requireRecentAdmin,
  requireSystemAdmin,
  scopeOrgId,
} from '../../services/admin-scope.js';
import { getAdoptionStats } from '../../services/admin-stats.js';
import { createUser, resetUserMfa, unlockUser } from '../../services/admin-users.js';
import { recordEvent } from '../../services/audit-log.js';
import type { ServiceContext } from '../../services/context.js';
import { requireRecentAuth } from '../../services/principal.js';
import { getOrgPolicy, updateOrgPolicy, updateSystemPolicy } from '../../services/system-policy.js';
import type { User } from '../../storage/types.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import {
  auditQuery,
  createOrgBody,
  createUserBody,
  listUsersQuery,
  orgParams,
  orgPolicyBody,
  systemPolicyPatch,
  userParams,
} from '../schemas/admin.js';

/** `/api/admin/*`: system admins fully, org admins for their own organization only. */
export function registerAdminRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  // A password-only session from before enforcement began opens no admin route (SECURITY.md rule 23).
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.url?.startsWith('/api/admin/'))
      await assertAdminSessionCurrent(ctx, request.principal);
  });

  const toUserRow = (user: User, mfaMethods: string[]) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    orgId: user.orgId,
    mfaEnabled: mfaMethods.length > 0,
    mfaMethods,
    // Locked out of the second step, or held by the account-wide password backoff (unknown
    // browsers get 429 until `throttledUntil`); `unlock` clears both.
    locked:
      (user.lockedUntil !== null && user.lockedUntil > ctx.now()) ||
      (user.passwordThrottledUntil !== null && user.passwordThrottledUntil > ctx.now()),
    lockedUntil: user.lockedUntil && user.lockedUntil > ctx.now() ? user.lockedUntil.toISOString() : null,
    throttled: user.passwordThrottledUntil !== null && user.passwordThrottledUntil > ctx.now(),
    throttledUntil:
      user.passwordThrottledUntil && user.passwordThrottledUntil > ctx.now()
        ? user.passwordThrottledUntil.toISOString()
        : null,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    // A user an application created through the verify API, named by its own id.
    apiUser: user.externalId !== null,
    externalId: user.externalId,
  });

  const loadManagedUser = async (admin: User, id: string) => {
    const target = await ctx.stores.users.findById(id);
    if (!target) throw new AppError('not_found', { message: 'No such user.' });
    assertCanManageUser(admin, target);
    return target;
  };

  r.get('/api/admin/mfa/policy', { schema: { tags } }, async (request) => {
    requireSystemAdmin(principalOf(request));
    return ctx.stores.settings.getPolicy();
  });

  r.put('/api/admin/mfa/policy', { schema: { tags, body: systemPolicyPatch } }, async (request) => {
    const principal = principalOf(request);
    const admin = requireSystemAdmin(principal);
    requireRecentAuth(ctx, principal);
    const sessionId = principal.kind === 'session' ? principal.session.id : undefined;
    return updateSystemPolicy(ctx, admin, request.body, requestMeta(request), sessionId);
  });

  r.get('/api/admin/orgs', { schema: { tags } }, async (request) => {
    const admin = requireAdmin(principalOf(request));
    const orgs = await ctx.stores.organizations.list();
    const visible = admin.role === 'system_admin' ? orgs : orgs.filter((o) => o.id === admin.orgId);
    return { orgs: visible.map((o) => ({ id: o.id, name: o.name, createdAt: o.createdAt.toISOString() })) };
  });

  r.post('/api/admin/orgs', { schema: { tags, body: createOrgBody } }, async (request, reply) => {
    const admin = requireSystemAdmin(principalOf(request));
    const org = await ctx.stores.organizations.create(request.body.name, ctx.now());
    await recordEvent(ctx, 'org_created', {
      actorId: admin.id,
      orgId: org.id,
      meta: requestMeta(request),
      details: { name: org.name },
    });
    return reply.status(201).send({ id: org.id, name: org.name, createdAt: org.createdAt.toISOString() });
  });

  r.get('/api/admin/orgs/:orgId/mfa/policy', { schema: { tags, params: orgParams } }, async (request) => {
    const admin = requireAdmin(principalOf(request));
    assertCanManageOrg(admin, request.params.orgId);
    return getOrgPolicy(ctx, request.params.orgId);
  });

  r.put(
    '/api/admin/orgs/:orgId/mfa/policy',
    { schema: { tags, params: orgParams, body: orgPolicyBody } },
    async (request) => {
      const principal = principalOf(request);
      const admin = requireRecentAdmin(ctx, principal);
      assertCanManageOrg(admin, request.params.orgId);
      const sessionId = principal.kind === 'session' ? principal.session.id : undefined;
      const meta = requestMeta(request);
      return updateOrgPolicy(ctx, admin, request.params.orgId, request.body, meta, sessionId);
    },
  );

  r.post('/api/admin/users', { schema: { tags, body: createUserBody } }, async (request, reply) => {
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
    return reply.status(201).send(toUserRow(user, []));
  });

  r.get('/api/admin/users', { schema: { tags, querystring: listUsersQuery } }, async (request) => {
    const admin = requireAdmin(principalOf(request));
    const scope = scopeOrgId(admin);
    if (scope && request.query.orgId && request.query.orgId !== scope) throw new AppError('forbidden');
    const { entries, nextCursor } = await ctx.stores.users.list({
      ...request.query,
      orgId: scope ?? request.query.orgId,
    });
    return { users: entries.map((e) => toUserRow(e.user, e.mfaMethods)), nextCursor };
  });

  r.post(
    '/api/admin/users/:id/mfa/reset',
    { schema: { tags, params: userParams } },
    async (request, reply) => {
      const admin = requireRecentAdmin(ctx, principalOf(request));
      const target = await loadManagedUser(admin, request.params.id);
      // Self-service rules (recent auth, policy) apply to an admin's own factors (SECURITY.md rule 25).
      if (target.id === admin.id)
        throw new AppError('forbidden', {
          message: 'Manage your own two-step verification from your security page.',
        });
      await resetUserMfa(ctx, target, { kind: 'user', user: admin }, requestMeta(request));
      return reply.status(204).send();
    },
  );

  r.post('/api/admin/users/:id/unlock', { schema: { tags, params: userParams } }, async (request, reply) => {
    const admin = requireRecentAdmin(ctx, principalOf(request));
    const target = await loadManagedUser(admin, request.params.id);
    await unlockUser(ctx, target, { kind: 'user', user: admin }, requestMeta(request));
    return reply.status(204).send();
  });

  r.get('/api/admin/audit', { schema: { tags, querystring: auditQuery } }, async (request) => {
    const admin = requireAdmin(principalOf(request));
    const scope = scopeOrgId(admin);
    if (scope && request.query.orgId && request.query.orgId !== scope) throw new AppError('forbidden');
    const { events, nextCursor } = await ctx.stores.audit.list({
      ...request.query,
      orgId: scope ?? request.query.orgId,
    });
    return {
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        userId: e.userId,
        actorId: e.actorId,
        orgId: e.orgId,
        ip: e.ip,
        userAgent: e.userAgent,
        at: e.at.toISOString(),
        details: e.details,
      })),
      nextCursor,
    };
  });

  r.get('/api/admin/stats', { schema: { tags } }, async (request) => {
    const admin = requireAdmin(principalOf(request));
    return getAdoptionStats(ctx, scopeOrgId(admin));
  });
}
