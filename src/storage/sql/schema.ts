import type { Generated } from 'kysely';

/**
 * Table shapes, shared by SQLite and PostgreSQL. Instants are integer epoch
 * milliseconds (bigint columns); flags are 0/1 integers; JSON is text.
 */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  name: string | null;
  role: string;
  org_id: string | null;
  failed_attempts: Generated<number>;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  last_sign_in_at: number | null;
  throttle_epoch: Generated<number>;
  password_throttled_until: number | null;
  /** The application's own id of an API user (005); null for everyone else. */
  external_id: string | null;
  /** When the account's address was proved (008); null: not yet. */
  email_verified_at: number | null;
  /** SHA-256 of the one outstanding verification link's token (008). */
  email_verify_token_hash: string | null;
  email_verify_expires_at: number | null;
  /** The user's saved language (012); null: Accept-Language, then DEFAULT_LOCALE. */
  locale: string | null;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  policy: string | null;
  created_at: number;
  /** The organization's profile (011); 'default' for every organization before it. */
  profile_id: Generated<string>;
  /** The product name in the members' messages (013); null: the system's. */
  product_name: string | null;
}

export interface OrgProfilesTable {
  id: string;
  name: string;
  description: string | null;
  /** JSON ProfilePolicy: the default organization policy of the profile; null: none. */
  policy: string | null;
  created_at: number;
  updated_at: number;
}

export interface FactorsTable {
  id: string;
  user_id: string;
  type: string;
  label: string;
  secret_enc: string | null;
  destination: string | null;
  confirmed_at: number | null;
  preferred: Generated<number>;
  last_step: number | null;
  last_used_at: number | null;
  confirm_attempts: Generated<number>;
  created_at: number;
}

export interface BackupCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: number | null;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  reauth_at: number;
  revoked_at: number | null;
  ip: string | null;
  user_agent: string | null;
  amr: string;
  /** Last request seen, written at most once a minute. */
  last_seen_at: number | null;
}

export interface PasswordResetsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
  ip: string | null;
}

export interface RememberedBrowsersTable {
  /** The series id (in the cookie, with the token). */
  id: string;
  user_id: string;
  /** SHA-256 of the current token of the series; it rotates on every use. */
  token_hash: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  revoked_at: number | null;
  ip: string | null;
  user_agent: string | null;
}

export interface MfaTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  purpose: string;
  attempts: Generated<number>;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  revoked_at: number | null;
  ip: string | null;
}

export interface OtpChallengesTable {
  id: string;
  user_id: string;
  factor_id: string;
  mfa_token_id: string | null;
  purpose: string;
  code_hash: string;
  attempts: Generated<number>;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface AuditEventsTable {
  id: string;
  type: string;
  user_id: string | null;
  actor_id: string | null;
  org_id: string | null;
  ip: string | null;
  user_agent: string | null;
  at: number;
  details: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface RateLimitsTable {
  key: string;
  points: number;
  reset_at: number;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  org_id: string | null;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface WebhooksTable {
  id: string;
  url: string;
  secret_enc: string;
  /** JSON array of event types. */
  events: string;
  org_id: string | null;
  created_by: string | null;
  created_at: number;
  deleted_at: number | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  created_at: number;
  attempts: Generated<number>;
  next_attempt_at: number;
  lease_token: string | null;
  lease_until: number | null;
  delivered_at: number | null;
  failed_at: number | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
}

export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: string;
  expires_at: number | null;
  consumed_at: number | null;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  account_id: string | null;
  client_id: string | null;
}

export interface OidcClientsTable {
  client_id: string;
  name: string;
  secret_hash: string | null;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  type: string;
  first_party: number;
  require_mfa: number;
  created_at: number;
  updated_at: number;
}

export interface OidcKeysTable {
  id: string;
  kind: string;
  alg: string;
  sealed: string;
  created_at: number;
  retired_at: number | null;
}

/** An administrator's wording of one message in one language (012); null parts use the catalog. */
export interface MessageTemplatesTable {
  /** `system` or an organization id. */
  scope: string;
  kind: string;
  locale: string;
  email_subject: string | null;
  email_body: string | null;
  sms_text: string | null;
  updated_at: number;
  updated_by: string | null;
}

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  org_profiles: OrgProfilesTable;
  factors: FactorsTable;
  backup_codes: BackupCodesTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  remembered_browsers: RememberedBrowsersTable;
  mfa_tokens: MfaTokensTable;
  otp_challenges: OtpChallengesTable;
  audit_events: AuditEventsTable;
  settings: SettingsTable;
  rate_limits: RateLimitsTable;
  api_keys: ApiKeysTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  oidc_payloads: OidcPayloadsTable;
  oidc_clients: OidcClientsTable;
  oidc_keys: OidcKeysTable;
  message_templates: MessageTemplatesTable;
}
