import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { setAccountLocale } from '../../services/account/account-locale.js';
import { endSession, endSessions, listSessions } from '../../services/account/account-sessions.js';
import { changePassword } from '../../services/account/change-password.js';
import { resendEmailVerification, verifyEmail } from '../../services/account/email-verification.js';
import { findManagedUser, requireAdmin } from '../../services/admin/admin-scope.js';
import type { ServiceContext } from '../../services/context.js';
import { requestPasswordReset, resetPassword } from '../../services/sign-in/password-reset.js';
import {
  deviceIdOf,
  forgetDevices,
  listRememberedBrowsers,
} from '../../services/sign-in/remembered-browsers.js';
import { principalOf, sessionOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import {
  adminSessionParams,
  changePasswordBody,
  endSessionsQuery,
  forgotPasswordBody,
  resetPasswordBody,
  sessionParams,
  verifyEmailBody,
} from '../schemas/account.js';
import { userParams } from '../schemas/admin.js';
import {
  emailVerificationSentSchema,
  noContent,
  passwordResetRequestedSchema,
  rememberedBrowsersSchema,
  savedLocaleSchema,
  sessionsSchema,
} from '../schemas/responses.js';
import { localeBody } from '../schemas/templates.js';
import { clearSessionCookie, DEVICE_COOKIE } from '../session-cookie.js';

/**
 * Where links in mail point: PUBLIC_URL. Outside production, without it, the origin
 * this request came to (handy on a laptop). In production the Host header is the
 * client's to choose — a link built from it would carry the reset token to an
 * attacker's host — so without PUBLIC_URL there is no origin and no link is sent.
 */
export function appOrigin(ctx: ServiceContext, request: FastifyRequest): string | null {
  if (ctx.config.publicUrl) return new URL(ctx.config.publicUrl).origin;
  if (ctx.config.production) return null;
  return `${request.protocol}://${request.host}`;
}

/** The caller's sessions and password, account recovery, and admins' view of a user's sessions. */
export function registerAccountRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['account'];
  const self = (request: FastifyRequest) => {
    const principal = sessionOf(request);
    return { principal, actor: { kind: 'user' as const, user: principal.user } };
  };

  r.put(
    '/api/account/locale',
    { schema: { tags, body: localeBody, response: { 200: savedLocaleSchema } } },
    async (request) => {
      const { principal } = self(request);
      return setAccountLocale(ctx, principal.user, request.body.locale);
    },
  );

  r.get('/api/account/sessions', { schema: { tags, response: { 200: sessionsSchema } } }, async (request) => {
    const { principal } = self(request);
    return listSessions(ctx, principal.user, principal.session.id);
  });

  r.delete(
    '/api/account/sessions/:id',
    { schema: { tags, params: sessionParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { principal, actor } = self(request);
      await endSession(ctx, principal.user, request.params.id, actor, requestMeta(request));
      if (request.params.id === principal.session.id) clearSessionCookie(ctx, reply);
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/account/sessions',
    { schema: { tags, querystring: endSessionsQuery, response: { 204: noContent } } },
    async (request, reply) => {
      const { principal, actor } = self(request);
      const keepId = request.query.others ? principal.session.id : null;
      await endSessions(ctx, principal.user, { keepId }, actor, requestMeta(request));
      if (!keepId) clearSessionCookie(ctx, reply);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/account/devices',
    { schema: { tags, response: { 200: rememberedBrowsersSchema } } },
    async (request) => {
      const { principal } = self(request);
      return listRememberedBrowsers(ctx, principal.user, deviceIdOf(request.cookies?.[DEVICE_COOKIE]));
    },
  );

  r.delete(
    '/api/account/devices/:id',
    { schema: { tags, params: sessionParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { principal } = self(request);
      await forgetDevices(ctx, principal.user, request.params.id, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/account/devices',
    { schema: { tags, response: { 204: noContent } } },
    async (request, reply) => {
      const { principal } = self(request);
      await forgetDevices(ctx, principal.user, null, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/account/password',
    { schema: { tags, body: changePasswordBody, response: { 204: noContent } } },
    async (request, reply) => {
      await changePassword(ctx, sessionOf(request), request.body, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/email/verify',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: verifyEmailBody, response: { 204: noContent } },
    },
    async (request, reply) => {
      // Marks the address verified; signs nobody in.
      await verifyEmail(ctx, request.body, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/account/email/verification',
    { schema: { tags, response: { 202: emailVerificationSentSchema } } },
    async (request, reply) => {
      const { principal } = self(request);
      await resendEmailVerification(ctx, principal.user, requestMeta(request), appOrigin(ctx, request));
      return reply.status(202).send({ status: 'sent', message: 'A new verification link is on its way.' });
    },
  );

  r.post(
    '/api/auth/password/forgot',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: forgotPasswordBody, response: { 202: passwordResetRequestedSchema } },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body, requestMeta(request), appOrigin(ctx, request));
      return reply.status(202).send({
        status: 'accepted',
        message: 'If an account uses this address, a link to reset its password is on its way.',
      });
    },
  );

  r.post(
    '/api/auth/password/reset',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: resetPasswordBody, response: { 204: noContent } },
    },
    async (request, reply) => {
      await resetPassword(ctx, request.body, requestMeta(request));
      // Nobody is signed in: no cookie, no token; the next sign-in asks for both factors.
      return reply.status(204).send(null);
    },
  );

  // Administrators see and end a user's sessions, scoped like the other user routes.
  const managedUser = async (request: FastifyRequest, id: string) => {
    const admin = requireAdmin(principalOf(request));
    return { admin, target: await findManagedUser(ctx, admin, id) };
  };

  r.get(
    '/api/admin/users/:id/sessions',
    { schema: { tags: ['admin'], params: userParams, response: { 200: sessionsSchema } } },
    async (request) => {
      const { target } = await managedUser(request, request.params.id);
      const current = request.principal?.kind === 'session' ? request.principal.session.id : null;
      return listSessions(ctx, target, current);
    },
  );

  r.delete(
    '/api/admin/users/:id/sessions',
    { schema: { tags: ['admin'], params: userParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { admin, target } = await managedUser(request, request.params.id);
      await endSessions(ctx, target, { keepId: null }, { kind: 'user', user: admin }, requestMeta(request));
      return reply.status(204).send(null);
    },
  );

  r.delete(
    '/api/admin/users/:id/sessions/:sessionId',
    { schema: { tags: ['admin'], params: adminSessionParams, response: { 204: noContent } } },
    async (request, reply) => {
      const { admin, target } = await managedUser(request, request.params.id);
      await endSession(
        ctx,
        target,
        request.params.sessionId,
        { kind: 'user', user: admin },
        requestMeta(request),
      );
      return reply.status(204).send(null);
    },
  );
}
