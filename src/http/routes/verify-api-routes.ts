import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { DELIVERED_CODE_METHODS } from '../../factors/catalog.js';
import type { RequestMeta, ServiceContext } from '../../services/context.js';
import {
  confirmApiOTPFactor,
  confirmApiTOTP,
  enrollApiOTPFactor,
  enrollApiTOTP,
  getApiUserStatus,
  sendApiChallenge,
  verifyApiCode,
} from '../../services/verify-api.js';
import type { ApiKey } from '../../storage/types.js';
import { requestMeta } from '../request-meta.js';
import {
  apiChallengeResultSchema,
  apiConfirmResultSchema,
  apiUserStatusSchema,
  apiVerifyResultSchema,
  codeSetupSchema,
  totpSetupSchema,
} from '../schemas/responses.js';
import {
  apiChallengeBody,
  apiConfirmBody,
  apiEnrollEmailBody,
  apiEnrollSMSBody,
  apiEnrollTOTPBody,
  apiVerifyBody,
  externalIdParams,
} from '../schemas/verify-api.js';

/** The key of an `api_key` route (the gate guarantees it). */
function apiKeyOf(request: FastifyRequest): ApiKey {
  if (!request.apiKey) throw new AppError('unauthenticated');
  return request.apiKey;
}

/** Request meta with the key, so every audit event of the call names it as the actor. */
function apiMeta(request: FastifyRequest): RequestMeta {
  const key = apiKeyOf(request);
  return { ...requestMeta(request), apiKey: { id: key.id, name: key.name } };
}

/**
 * `/api/v1/*`, the verify API for applications that keep their own passwords.
 * Every route takes an API key as `Authorization: Bearer` and nothing else
 * (SECURITY.md rule 31): no session, no cookie.
 */
export function registerVerifyApiRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { auth: 'api_key' } as const;
  const tags = ['verify-api'];
  const security = [{ apiKey: [] }];

  r.post(
    '/api/v1/users/:externalId/enroll/totp',
    {
      config,
      schema: {
        tags,
        security,
        params: externalIdParams,
        body: apiEnrollTOTPBody,
        response: { 200: totpSetupSchema },
      },
    },
    async (request) =>
      enrollApiTOTP(ctx, apiKeyOf(request), request.params.externalId, request.body ?? {}, apiMeta(request)),
  );

  r.post(
    '/api/v1/users/:externalId/enroll/totp/confirm',
    {
      config,
      schema: {
        tags,
        security,
        params: externalIdParams,
        body: apiConfirmBody,
        response: { 200: apiConfirmResultSchema },
      },
    },
    async (request) =>
      confirmApiTOTP(ctx, apiKeyOf(request), request.params.externalId, request.body, apiMeta(request)),
  );

  r.post(
    '/api/v1/users/:externalId/enroll/email',
    {
      config,
      schema: {
        tags,
        security,
        params: externalIdParams,
        body: apiEnrollEmailBody,
        response: { 200: codeSetupSchema },
      },
    },
    async (request) =>
      enrollApiOTPFactor(
        ctx,
        apiKeyOf(request),
        request.params.externalId,
        'email',
        request.body,
        apiMeta(request),
      ),
  );

  r.post(
    '/api/v1/users/:externalId/enroll/sms',
    {
      config,
      schema: {
        tags,
        security,
        params: externalIdParams,
        body: apiEnrollSMSBody,
        response: { 200: codeSetupSchema },
      },
    },
    async (request) =>
      enrollApiOTPFactor(
        ctx,
        apiKeyOf(request),
        request.params.externalId,
        'sms',
        request.body,
        apiMeta(request),
      ),
  );

  for (const type of DELIVERED_CODE_METHODS) {
    r.post(
      `/api/v1/users/:externalId/enroll/${type}/confirm`,
      {
        config,
        schema: {
          tags,
          security,
          params: externalIdParams,
          body: apiConfirmBody,
          response: { 200: apiConfirmResultSchema },
        },
      },
      async (request) =>
        confirmApiOTPFactor(
          ctx,
          apiKeyOf(request),
          request.params.externalId,
          type,
          request.body,
          apiMeta(request),
        ),
    );
  }

  r.get(
    '/api/v1/users/:externalId',
    { config, schema: { tags, security, params: externalIdParams, response: { 200: apiUserStatusSchema } } },
    async (request) => getApiUserStatus(ctx, apiKeyOf(request), request.params.externalId),
  );

  r.post(
    '/api/v1/verify',
    { config, schema: { tags, security, body: apiVerifyBody, response: { 200: apiVerifyResultSchema } } },
    async (request) => verifyApiCode(ctx, apiKeyOf(request), request.body, apiMeta(request)),
  );

  r.post(
    '/api/v1/challenge',
    {
      config,
      schema: { tags, security, body: apiChallengeBody, response: { 200: apiChallengeResultSchema } },
    },
    async (request) => sendApiChallenge(ctx, apiKeyOf(request), request.body, apiMeta(request)),
  );
}
