import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  assertCanManageOrg,
  requireAdmin,
  requireRecentAdmin,
  requireSystemAdmin,
} from '../../services/admin/admin-scope.js';
import type { ServiceContext } from '../../services/context.js';
import {
  getTemplate,
  listTemplates,
  previewTemplate,
  resetTemplate,
  saveTemplate,
  type TemplateScope,
} from '../../services/message-templates.js';
import { SYSTEM_SCOPE } from '../../storage/sql/message-templates-repository.js';
import { principalOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { orgParams } from '../schemas/admin.js';
import {
  orgTemplateParams,
  templateBody,
  templateListSchema,
  templateParams,
  templatePreviewSchema,
  templateSchema,
} from '../schemas/templates.js';

/**
 * Message templates (issue 17): system admins word the system's code messages and
 * security notices (`/api/admin/templates`), org admins their organization's
 * (`/api/admin/orgs/:orgId/templates`), per kind and language. Saving and
 * resetting need a recent password or second-factor check: a code message is
 * what users trust, so a stolen admin session must not quietly reword it.
 */
export function registerTemplateAdminRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const system: TemplateScope = { scope: SYSTEM_SCOPE, orgId: null };
  const org = (orgId: string): TemplateScope => ({ scope: orgId, orgId });

  /** The scope of a request and the admin acting on it; `recent` for changes. */
  const target = (request: FastifyRequest, orgId: string | undefined, recent: boolean) => {
    const principal = principalOf(request);
    if (orgId === undefined) {
      const admin = recent ? requireRecentAdmin(ctx, principal) : requireAdmin(principal);
      requireSystemAdmin(principal);
      return { admin, scope: system };
    }
    const admin = recent ? requireRecentAdmin(ctx, principal) : requireAdmin(principal);
    assertCanManageOrg(admin, orgId);
    return { admin, scope: org(orgId) };
  };

  for (const prefix of ['/api/admin/templates', '/api/admin/orgs/:orgId/templates'] as const) {
    const scoped = prefix !== '/api/admin/templates';
    const listParams = scoped ? orgParams : undefined;
    const params = scoped ? orgTemplateParams : templateParams;
    const orgIdOf = (request: FastifyRequest) => (request.params as { orgId?: string }).orgId;

    r.get(
      prefix,
      {
        schema: {
          tags,
          ...(listParams ? { params: listParams } : {}),
          response: { 200: templateListSchema },
        },
      },
      async (request) => {
        const { scope } = target(request, orgIdOf(request), false);
        return listTemplates(ctx, scope);
      },
    );

    r.get(
      `${prefix}/:kind/:locale`,
      { schema: { tags, params, response: { 200: templateSchema } } },
      async (request) => {
        const { scope } = target(request, orgIdOf(request), false);
        const { kind, locale } = request.params as { kind: string; locale: string };
        return getTemplate(ctx, scope, kind, locale);
      },
    );

    r.put(
      `${prefix}/:kind/:locale`,
      { schema: { tags, params, body: templateBody, response: { 200: templateSchema } } },
      async (request) => {
        const { admin, scope } = target(request, orgIdOf(request), true);
        const { kind, locale } = request.params as { kind: string; locale: string };
        return saveTemplate(ctx, scope, admin, kind, locale, request.body, requestMeta(request));
      },
    );

    r.delete(
      `${prefix}/:kind/:locale`,
      { schema: { tags, params, response: { 200: templateSchema } } },
      async (request) => {
        const { admin, scope } = target(request, orgIdOf(request), true);
        const { kind, locale } = request.params as { kind: string; locale: string };
        return resetTemplate(ctx, scope, admin, kind, locale, requestMeta(request));
      },
    );

    r.post(
      `${prefix}/:kind/:locale/preview`,
      { schema: { tags, params, body: templateBody, response: { 200: templatePreviewSchema } } },
      async (request) => {
        const { scope } = target(request, orgIdOf(request), false);
        const { kind, locale } = request.params as { kind: string; locale: string };
        return previewTemplate(ctx, scope, kind, locale, request.body);
      },
    );
  }
}
