import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../../http/plugins/auth.js';
import { requestMeta } from '../../http/request-meta.js';
import { confirmResultSchema, loginResultSchema } from '../../http/schemas/responses.js';
import { markBrowserKnown, withSessionCookie } from '../../http/session-cookie.js';
import type { ServiceContext } from '../../services/context.js';
import {
  passkeyOptionsBody,
  passkeyOptionsSchema,
  passkeyVerifyBody,
  webauthnConfirmBody,
  webauthnSetupBody,
  webauthnSetupSchema,
} from './schemas.js';
import { confirmWebAuthn, passkeyOptions, setupWebAuthn, verifyPasskey } from './service.js';

/** Security keys and passkeys: registering one (session or enrolling mfaToken) and signing in with a passkey. */
export function registerWebAuthnRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const enrollment = { auth: 'enrollment' } as const;

  r.post(
    '/api/mfa/webauthn/setup',
    {
      config: enrollment,
      schema: { tags: ['mfa'], body: webauthnSetupBody, response: { 200: webauthnSetupSchema } },
    },
    async (request) => setupWebAuthn(ctx, principalOf(request), request.body ?? {}),
  );

  r.post(
    '/api/mfa/webauthn/confirm',
    {
      config: enrollment,
      schema: { tags: ['mfa'], body: webauthnConfirmBody, response: { 200: confirmResultSchema } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await confirmWebAuthn(ctx, principal, request.body, requestMeta(request));
      if (result.session) markBrowserKnown(ctx, reply, principal.user.id);
      return withSessionCookie(ctx, reply, result);
    },
  );

  r.post(
    '/api/auth/passkey/options',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: passkeyOptionsBody, response: { 200: passkeyOptionsSchema } },
    },
    async (request) => passkeyOptions(ctx, requestMeta(request)),
  );

  r.post(
    '/api/auth/passkey/verify',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], body: passkeyVerifyBody, response: { 200: loginResultSchema } },
    },
    async (request, reply) => {
      const result = await verifyPasskey(ctx, request.body, requestMeta(request));
      markBrowserKnown(ctx, reply, result.user.id);
      return withSessionCookie(ctx, reply, result);
    },
  );
}
