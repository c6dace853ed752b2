/**
 * Wire types of the Twofold HTTP API, taken from the types generated from the server's
 * OpenAPI document (`api-types.ts`, `npm run gen:api-types`): a route's answer changes
 * there first, and the UI stops compiling where it no longer fits.
 */
import type { components, paths } from './api-types.js';

type JSONBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of the success answer (200, else 201) of `method path`. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer Ok }
    ? JSONBody<Ok>
    : R extends { 201: infer Created }
      ? JSONBody<Created>
      : never
  : never;

/** The body of every error answer: `{"error": {"code", "message", ...}}`. */
export type ErrorBody = components['schemas']['Error'];

export type PublicConfig = ResponseOf<'/api/public-config', 'get'>;
export type LoginResult = ResponseOf<'/api/auth/login', 'post'>;
export type CurrentSession = ResponseOf<'/api/auth/session', 'get'>;
export type User = CurrentSession['user'];
export type Role = User['role'];
export type ChallengeResult = Extract<ResponseOf<'/api/auth/mfa/challenge', 'post'>, { destination: string }>;

export type MfaStatus = ResponseOf<'/api/mfa', 'get'>;
export type Factor = MfaStatus['factors'][number];
export type FactorType = Factor['type'];
export type SecondFactorMethod = Extract<LoginResult, { status: 'mfa_required' }>['methods'][number];
export type TOTPSetup = ResponseOf<'/api/mfa/totp/setup', 'post'>;
export type CodeSetup = ResponseOf<'/api/mfa/email/setup', 'post'>;
export type ConfirmResult = ResponseOf<'/api/mfa/totp/confirm', 'post'>;
/** The session a sign-in or an enrollment's first factor issued. */
export type SessionInfo = NonNullable<ConfirmResult['session']>;
export type SecurityEvent = ResponseOf<'/api/mfa/activity', 'get'>['events'][number];

export type SystemPolicy = ResponseOf<'/api/admin/mfa/policy', 'get'>;
export type OrgPolicy = ResponseOf<'/api/admin/orgs/{orgId}/mfa/policy', 'get'>;
/** An organization; `createdAt` is absent where only its id is known. */
export type Organization = Omit<
  ResponseOf<'/api/admin/orgs', 'get'>['orgs'][number],
  'createdAt' | 'profileId' | 'productName'
> & {
  createdAt?: string;
  profileId?: string;
  productName?: string | null;
};
export type AdminUser = ResponseOf<'/api/admin/users', 'get'>['users'][number];
export type AuditEvent = ResponseOf<'/api/admin/audit', 'get'>['events'][number];
export type AdminStats = ResponseOf<'/api/admin/stats', 'get'>;
export type OutboxMessage = ResponseOf<'/api/dev/outbox', 'get'>['messages'][number];
