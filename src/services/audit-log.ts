import type { NewAuditEvent } from '../storage/types.js';
import type { RequestMeta, ServiceContext } from './context.js';
import { enqueueWebhookEvent } from './webhook-events.js';

/** Event types written to the audit log. */
export type AuditType =
  | 'sign_up'
  | 'sign_in_succeeded'
  | 'sign_in_failed'
  | 'second_factor_failed'
  | 'sign_out'
  | 'session_ended'
  | 'sessions_ended'
  | 'password_reset_requested'
  | 'email_verification_sent'
  | 'email_verified'
  | 'password_reset'
  | 'password_changed'
  | 'browser_remembered'
  | 'browser_forgotten'
  | 'remembered_browser_reused'
  | 'reauthenticated'
  | 'factor_added'
  | 'factor_removed'
  | 'factor_renamed'
  | 'webauthn_counter_regressed'
  | 'preferred_factor_changed'
  | 'mfa_disabled'
  | 'backup_code_used'
  | 'backup_codes_regenerated'
  | 'backup_codes_expired'
  | 'account_locked'
  | 'account_unlocked'
  | 'mfa_reset'
  | 'policy_changed'
  | 'org_policy_changed'
  | 'user_created'
  | 'org_created'
  | 'org_updated'
  | 'org_profile_created'
  | 'org_profile_changed'
  | 'org_profile_deleted'
  | 'org_profile_assigned'
  | 'code_sent'
  | 'code_delivery_failed'
  | 'provider_tested'
  | 'provider_settings_changed'
  | 'sign_in_refused'
  | 'factor_replacement_started'
  | 'api_key_created'
  | 'api_key_revoked'
  | 'api_verify_succeeded'
  | 'webhook_created'
  | 'webhook_deleted'
  | 'oidc_sign_in'
  | 'oidc_sign_in_refused'
  | 'oidc_consent_given'
  | 'oidc_grant_revoked'
  | 'oidc_sign_out'
  | 'oidc_client_created'
  | 'oidc_client_updated'
  | 'oidc_client_deleted'
  | 'oidc_client_secret_rotated'
  | 'message_template_changed'
  | 'message_template_reset';

/**
 * Every event type, for the console's type filter (`GET /api/admin/audit/types`). The
 * compiler keeps this list and the union above equal.
 */
export const AUDIT_TYPES = [
  'sign_up',
  'sign_in_succeeded',
  'sign_in_failed',
  'second_factor_failed',
  'sign_out',
  'session_ended',
  'sessions_ended',
  'password_reset_requested',
  'email_verification_sent',
  'email_verified',
  'password_reset',
  'password_changed',
  'browser_remembered',
  'browser_forgotten',
  'remembered_browser_reused',
  'reauthenticated',
  'factor_added',
  'factor_removed',
  'preferred_factor_changed',
  'factor_renamed',
  'webauthn_counter_regressed',
  'mfa_disabled',
  'backup_code_used',
  'backup_codes_regenerated',
  'backup_codes_expired',
  'account_locked',
  'account_unlocked',
  'mfa_reset',
  'policy_changed',
  'org_policy_changed',
  'user_created',
  'org_created',
  'org_updated',
  'org_profile_created',
  'org_profile_changed',
  'org_profile_deleted',
  'org_profile_assigned',
  'code_sent',
  'code_delivery_failed',
  'provider_tested',
  'provider_settings_changed',
  'sign_in_refused',
  'factor_replacement_started',
  'api_key_created',
  'api_key_revoked',
  'api_verify_succeeded',
  'webhook_created',
  'webhook_deleted',
  'oidc_sign_in',
  'oidc_sign_in_refused',
  'oidc_consent_given',
  'oidc_grant_revoked',
  'oidc_sign_out',
  'oidc_client_created',
  'oidc_client_updated',
  'oidc_client_deleted',
  'oidc_client_secret_rotated',
  'message_template_changed',
  'message_template_reset',
] as const satisfies readonly AuditType[];
type UnlistedAuditType = Exclude<AuditType, (typeof AUDIT_TYPES)[number]>;
const everyTypeListed: [UnlistedAuditType] extends [never] ? true : UnlistedAuditType = true;
void everyTypeListed;

/**
 * Appends one event; `meta` supplies IP and user agent, and during a verify API
 * call the API key, which becomes the actor (its name). The webhook event it
 * stands for, if any, goes into the outbox through the same stores — so inside a
 * transaction both commit together.
 */
export async function recordEvent(
  ctx: ServiceContext,
  type: AuditType,
  event: Partial<Omit<NewAuditEvent, 'type'>> & { meta?: RequestMeta },
): Promise<void> {
  const apiKey = event.meta?.apiKey;
  const details = apiKey ? { ...event.details, apiKeyId: apiKey.id } : (event.details ?? {});
  const userId = event.userId ?? null;
  const orgId = event.orgId ?? null;
  await ctx.stores.audit.append({
    type,
    userId,
    actorId: apiKey ? apiKey.name : (event.actorId ?? null),
    orgId,
    ip: event.meta?.ip ?? event.ip ?? null,
    userAgent: event.meta?.userAgent ?? event.userAgent ?? null,
    details,
    at: ctx.now(),
  });
  await enqueueWebhookEvent(ctx, { type, userId, orgId, details: event.details ?? {} });
}
