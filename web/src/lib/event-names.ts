import i18next from 'i18next';

/**
 * Catalog keys of the security event types the UI names (`factor_added` → "2FA method added"),
 * written out so the catalog test sees each key.
 */
const EVENT_KEYS: Record<string, string> = {
  sign_up: 'web.admin.events.signUp',
  sign_in_succeeded: 'web.admin.events.signInSucceeded',
  sign_in_failed: 'web.admin.events.signInFailed',
  second_factor_failed: 'web.admin.events.secondFactorFailed',
  sign_out: 'web.admin.events.signOut',
  session_ended: 'web.admin.events.sessionEnded',
  sessions_ended: 'web.admin.events.sessionsEnded',
  password_reset_requested: 'web.admin.events.passwordResetRequested',
  password_reset: 'web.admin.events.passwordReset',
  password_changed: 'web.admin.events.passwordChanged',
  browser_remembered: 'web.admin.events.browserRemembered',
  browser_forgotten: 'web.admin.events.browserForgotten',
  remembered_browser_reused: 'web.admin.events.rememberedBrowserReused',
  reauthenticated: 'web.admin.events.reauthenticated',
  factor_added: 'web.admin.events.factorAdded',
  factor_removed: 'web.admin.events.factorRemoved',
  preferred_factor_changed: 'web.admin.events.preferredFactorChanged',
  mfa_disabled: 'web.admin.events.mfaDisabled',
  backup_code_used: 'web.admin.events.backupCodeUsed',
  backup_codes_regenerated: 'web.admin.events.backupCodesRegenerated',
  backup_codes_expired: 'web.admin.events.backupCodesExpired',
  account_locked: 'web.admin.events.accountLocked',
  account_unlocked: 'web.admin.events.accountUnlocked',
  mfa_reset: 'web.admin.events.mfaReset',
  policy_changed: 'web.admin.events.policyChanged',
  org_policy_changed: 'web.admin.events.orgPolicyChanged',
  user_created: 'web.admin.events.userCreated',
  org_created: 'web.admin.events.orgCreated',
  org_updated: 'web.admin.events.orgUpdated',
  message_template_changed: 'web.admin.events.messageTemplateChanged',
  message_template_reset: 'web.admin.events.messageTemplateReset',
  factor_renamed: 'web.admin.events.factorRenamed',
  webauthn_counter_regressed: 'web.admin.events.webauthnCounterRegressed',
  org_profile_created: 'web.admin.events.orgProfileCreated',
  org_profile_changed: 'web.admin.events.orgProfileChanged',
  org_profile_deleted: 'web.admin.events.orgProfileDeleted',
  org_profile_assigned: 'web.admin.events.orgProfileAssigned',
  sign_in_refused: 'web.admin.events.signInRefused',
  factor_replacement_started: 'web.admin.events.factorReplacementStarted',
  email_verification_sent: 'web.admin.events.emailVerificationSent',
  email_verified: 'web.admin.events.emailVerified',
  code_sent: 'web.admin.events.codeSent',
  code_delivery_failed: 'web.admin.events.codeDeliveryFailed',
  provider_tested: 'web.admin.events.providerTested',
  provider_settings_changed: 'web.admin.events.providerSettingsChanged',
  api_key_created: 'web.admin.events.apiKeyCreated',
  api_key_revoked: 'web.admin.events.apiKeyRevoked',
  api_verify_succeeded: 'web.admin.events.apiVerifySucceeded',
  webhook_created: 'web.admin.events.webhookCreated',
  webhook_deleted: 'web.admin.events.webhookDeleted',
  oidc_sign_in: 'web.admin.events.oidcSignIn',
  oidc_sign_in_refused: 'web.admin.events.oidcSignInRefused',
  oidc_consent_given: 'web.admin.events.oidcConsentGiven',
  oidc_grant_revoked: 'web.admin.events.oidcGrantRevoked',
  oidc_sign_out: 'web.admin.events.oidcSignOut',
  oidc_client_created: 'web.admin.events.oidcClientCreated',
  oidc_client_updated: 'web.admin.events.oidcClientUpdated',
  oidc_client_deleted: 'web.admin.events.oidcClientDeleted',
  oidc_client_secret_rotated: 'web.admin.events.oidcClientSecretRotated',
};

/** Human text of a security event type (`factor_added` → "2FA method added"), in the UI's language. */
export function eventName(type: string): string {
  const key = EVENT_KEYS[type];
  if (key) return i18next.t(key);
  const words = type.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
