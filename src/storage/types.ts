import type { FactorType, OrgPolicy, ProfilePolicy, Role, SystemPolicy } from '../domain/policy.js';

/** Records as services see them: camelCase, instants as Date. */
export interface User {
  id: string;
  email: string;
  passwordHash: string;
  name: string | null;
  role: Role;
  orgId: string | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Bumped by an unlock: retires every password counter keyed on account and client. */
  throttleEpoch: number;
  /** End of the account-wide password backoff, when one was hit. */
  passwordThrottledUntil: Date | null;
  /** The application's own id, for a user created through the verify API; null otherwise. */
  externalId: string | null;
  /** When the account's address was proved by a link (or an admin created the account); null: not yet. */
  emailVerifiedAt: Date | null;
  /** The saved language (a supported locale); null: Accept-Language, then DEFAULT_LOCALE. */
  locale: string | null;
}

export interface Organization {
  id: string;
  name: string;
  policy: OrgPolicy | null;
  /** The organization's profile (a default one exists). */
  profileId: string;
  /** The product name in the members' emails and SMS; null: the system's ("Twofold"). */
  productName: string | null;
  createdAt: Date;
}

/** A class of organizations ("Enterprise", "Trial") with an optional default policy. */
export interface OrgProfile {
  id: string;
  name: string;
  description: string | null;
  /** The default organization policy; null: none (its organizations use the system's). */
  policy: ProfilePolicy | null;
  /** The stored policy could not be read: treated fail closed. */
  policyUnreadable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface Factor {
  id: string;
  userId: string;
  type: FactorType;
  label: string;
  /** AES-GCM sealed secret (TOTP); never leaves the server after setup. */
  secretSealed: string | null;
  /** Email address or E.164 phone number for email/SMS factors. */
  destination: string | null;
  confirmedAt: Date | null;
  preferred: boolean;
  /** Last accepted TOTP time step (replay refusal). */
  lastStep: number | null;
  lastUsedAt: Date | null;
  confirmAttempts: number;
  createdAt: Date;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Last password or second-factor check. */
  reauthAt: Date;
  ip: string | null;
  userAgent: string | null;
  amr: string[];
  /** Last request seen on this session, to the minute (creation until then). */
  lastSeenAt: Date;
}

/** A password-reset link: single use, short-lived, stored only as the SHA-256 of its token. */
export interface PasswordReset {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A browser whose owner chose "don't ask again" at the second step (SECURITY.md rule 30). */
export interface RememberedBrowser {
  /** The series id. */
  id: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/**
 * `verify`: the second step of a sign-in; `enroll`: a sign-in that must bind a factor;
 * `reenroll`: a sign-in whose factors are all disallowed now — it proves one of them
 * (or a backup code) and only then becomes an `enroll` (SECURITY.md rule 24).
 */
export type MfaTokenPurpose = 'verify' | 'enroll' | 'reenroll';

export interface MfaToken {
  id: string;
  userId: string;
  purpose: MfaTokenPurpose;
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
}

export interface AuditEvent {
  id: string;
  type: string;
  userId: string | null;
  actorId: string | null;
  orgId: string | null;
  ip: string | null;
  userAgent: string | null;
  at: Date;
  details: Record<string, unknown>;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at'> & { at?: Date };

/** Outcome of reserving one evaluation against a counter with a ceiling. */
export type Reservation = { ok: true; used: number } | { ok: false };

export interface RateLimitResult {
  allowed: boolean;
  /** Points consumed in the current window, this request included. */
  consumed: number;
  retryAfterSeconds: number;
}

/**
 * A fixed-window counter shared by every instance (database or Redis, never
 * process memory). `consume` counts first and answers after, atomically.
 */
export interface RateLimiter {
  consume(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

export type { OrgPolicy, SystemPolicy };

/** A key of the verify API, as listed (the key itself is never stored). */
export interface ApiKey {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart in the console. */
  keyPrefix: string;
  /** The one organization the key is limited to, or null for the whole server. */
  orgId: string | null;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A URL that receives signed security events. */
export interface Webhook {
  id: string;
  url: string;
  /** AES-GCM sealed signing secret (bound to the webhook id). */
  secretSealed: string;
  events: string[];
  /** Only events of users of this organization, or every event when null. */
  orgId: string | null;
  createdBy: string | null;
  createdAt: Date;
  deletedAt: Date | null;
}

/** One event bound for one webhook: the outbox row and its delivery record. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  /** The event's id, the same for every webhook: receivers de-duplicate on it. */
  eventId: string;
  eventType: string;
  payload: string;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  failedAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
}
