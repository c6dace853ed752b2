import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendReauthChallenge } from '../../factors/delivered-code/send-challenge.js';
import { webauthnChallengeSchema } from '../../factors/webauthn/schemas.js';
import { webAuthnReauthChallenge } from '../../factors/webauthn/service.js';
import { getMfaStatus } from '../../services/account/manage-factors.js';
import type { ServiceContext } from '../../services/context.js';
import { KNOWN_BROWSER_COOKIE } from '../../services/sign-in/known-browser.js';
import { reauthenticate } from '../../services/sign-in/reauthenticate.js';
import { endSession, reauthenticatedUntil } from '../../services/sign-in/sessions.js';
import { signIn, signUp } from '../../services/sign-in/sign-in.js';
import { verifySecondFactor } from '../../services/sign-in/verify-second-factor.js';
import { toPublicUser } from '../../services/user-view.js';
import { sessionOf } from '../plugins/auth.js';
import { requestMeta } from '../request-meta.js';
import { challengeMethodBody, loginBody, reauthBody, signupBody, verifyBody } from '../schemas/auth.js';
import {
  challengeResultSchema,
  currentSessionSchema,
  loginResultSchema,
  noContent,
  reauthResultSchema,
  verifyResultSchema,
} from '../schemas/responses.js';
import {
  clearSessionCookie,
  DEVICE_COOKIE,
  markBrowserKnown,
  withDeviceCookie,
  withSessionCookie,
} from '../session-cookie.js';
import { appOrigin } from './account-routes.js';

/** Sign-up, the two sign-in steps, logout and re-authentication. */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/signup',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: signupBody, response: { 201: loginResultSchema } },
    },
    async (request, reply) => {
      const result = await signUp(ctx, request.body, requestMeta(request), appOrigin(ctx, request));
      return reply.status(201).send(withSessionCookie(ctx, reply, result));
    },
  );

  r.post(
    '/api/auth/login',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: loginBody, response: { 200: loginResultSchema } },
    },
    async (request, reply) => {
      const knownBrowser = request.cookies?.[KNOWN_BROWSER_COOKIE];
      const presented = request.cookies?.[DEVICE_COOKIE] ?? null;
      const result = await signIn(ctx, { ...request.body, knownBrowser }, requestMeta(request), {
        rememberedBrowser: presented,
      });
      return withDeviceCookie(ctx, reply, withSessionCookie(ctx, reply, result));
    },
  );

  r.post(
    '/api/auth/mfa/verify',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: verifyBody, response: { 200: verifyResultSchema } },
    },
    async (request, reply) => {
      const result = await verifySecondFactor(ctx, request.body, requestMeta(request));
      if (result.status === 'authenticated') markBrowserKnown(ctx, reply, result.user.id);
      return withDeviceCookie(ctx, reply, withSessionCookie(ctx, reply, result));
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], response: { 204: noContent } } },
    async (request, reply) => {
      await endSession(ctx, sessionOf(request), requestMeta(request));
      clearSessionCookie(ctx, reply);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/reauth',
    { schema: { tags: ['auth'], body: reauthBody, response: { 200: reauthResultSchema } } },
    async (request) => {
      return reauthenticate(ctx, sessionOf(request), request.body, requestMeta(request));
    },
  );

  r.post(
    '/api/auth/reauth/challenge',
    {
      schema: {
        tags: ['auth'],
        body: challengeMethodBody,
        response: { 200: z.union([challengeResultSchema, webauthnChallengeSchema]) },
      },
    },
    async (request) => {
      const { method } = request.body;
      // A security key re-checks with its options (nothing is sent); email/SMS send a code.
      if (method === 'webauthn') return webAuthnReauthChallenge(ctx, sessionOf(request));
      return sendReauthChallenge(ctx, sessionOf(request), method, requestMeta(request));
    },
  );

  r.get(
    '/api/auth/session',
    { schema: { tags: ['auth'], response: { 200: currentSessionSchema } } },
    async (request) => {
      const principal = sessionOf(request);
      const status = await getMfaStatus(ctx, principal);
      return {
        user: toPublicUser(principal.user, status.enabled),
        session: {
          expiresAt: principal.session.expiresAt.toISOString(),
          reauthenticatedUntil: reauthenticatedUntil(principal.session).toISOString(),
          amr: principal.session.amr,
        },
      };
    },
  );
}
