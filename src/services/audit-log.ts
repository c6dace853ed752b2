import type { NewAuditEvent } from '../storage/types.js';
import type { RequestMeta, ServiceContext } from './context.js';

/** Event types written to the audit log. */
export type AuditType =
  | 'sign_up'
  | 'sign_in_succeeded'
  | 'sign_in_failed'
  | 'second_factor_failed'
  | 'sign_out'
  | 'reauthenticated'
  | 'factor_added'
  | 'factor_removed'
  | 'preferred_factor_changed'
  | 'mfa_disabled'
  | 'backup_code_used'
  | 'backup_codes_regenerated'
  | 'account_locked'
  | 'account_unlocked'
  | 'mfa_reset'
  | 'policy_changed'
  | 'org_policy_changed'
  | 'user_created'
  | 'org_created'
  | 'code_sent'
  | 'code_delivery_failed'
  | 'provider_tested'
  | 'oidc_sign_in'
  | 'oidc_sign_in_refused'
  | 'oidc_consent_given'
  | 'oidc_grant_revoked'
  | 'oidc_sign_out'
  | 'oidc_client_created'
  | 'oidc_client_updated'
  | 'oidc_client_deleted'
  | 'oidc_client_secret_rotated';

/** Appends one event; `meta` supplies IP and user agent. */
export async function recordEvent(
  ctx: ServiceContext,
  type: AuditType,
  event: Partial<Omit<NewAuditEvent, 'type'>> & { meta?: RequestMeta },
): Promise<void> {
  await ctx.stores.audit.append({
    type,
    userId: event.userId ?? null,
    actorId: event.actorId ?? null,
    orgId: event.orgId ?? null,
    ip: event.meta?.ip ?? event.ip ?? null,
    userAgent: event.meta?.userAgent ?? event.userAgent ?? null,
    details: event.details ?? {},
    at: ctx.now(),
  });
}
