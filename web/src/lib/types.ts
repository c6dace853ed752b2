/** Wire types of the Twofold HTTP API (see shared/spec/API.md). */

export type Role = 'system_admin' | 'org_admin' | 'member';
export type FactorType = 'totp' | 'email' | 'sms';
export type SecondFactorMethod = FactorType | 'backup_code';

export interface User {
  id: string;
  email: string;
  name?: string | null;
  role: Role;
  orgId?: string | null;
  mfaEnabled?: boolean;
}

export interface SessionInfo {
  token?: string;
  expiresAt: string;
  reauthenticatedUntil?: string | null;
}

export interface CurrentSession {
  user: User;
  session: SessionInfo;
}

export interface PublicConfig {
  productName: string;
  signupEnabled: boolean;
  methods: { totp: boolean; email: boolean; sms: boolean; backupCodes: boolean };
  devOutbox: boolean;
}

export type LoginResult =
  | { status: 'authenticated'; session: SessionInfo; user: User; mfaEnrollmentDeadline?: string }
  | {
      status: 'mfa_required';
      mfaToken: string;
      expiresAt: string;
      methods: SecondFactorMethod[];
      preferredMethod?: SecondFactorMethod | null;
      /** Every factor is disallowed now: prove one of `methods`, then enroll one of `allowedMethods`. */
      replaceFactor?: boolean;
      allowedMethods?: FactorType[];
      /** Present where policy lets this browser be remembered at the second step. */
      rememberBrowserDays?: number;
    }
  | { status: 'mfa_enrollment_required'; mfaToken: string; expiresAt: string; allowedMethods: FactorType[] };

export interface ChallengeResult {
  method: 'email' | 'sms';
  destination: string;
  expiresAt: string;
  resendAfterSeconds: number;
}

export interface Factor {
  id: string;
  type: FactorType;
  label?: string | null;
  createdAt: string;
  lastUsedAt?: string | null;
  preferred?: boolean;
}

export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  factors: Factor[];
  backupCodes: { remaining: number; total: number };
  allowedMethods?: FactorType[];
  /** Inside an enforcement grace period: when setting up 2FA stops being optional. */
  enrollmentDeadline?: string | null;
}

export interface TOTPSetup {
  factorId: string;
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

export interface CodeSetup {
  factorId: string;
  destination: string;
  expiresAt: string;
  resendAfterSeconds: number;
}

export interface ConfirmResult {
  factor: Factor;
  backupCodes: string[] | null;
  session?: SessionInfo;
}

export interface SecurityEvent {
  id: string;
  type: string;
  at: string;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown> | null;
}

export interface SystemPolicy {
  methods: {
    totp: { enabled: boolean; issuer: string };
    email: { enabled: boolean; codeTtlSeconds: number };
    sms: { enabled: boolean; codeTtlSeconds: number };
    backupCodes: { enabled: boolean; count: number };
  };
  enforcement: {
    scope: 'none' | 'all' | 'system_admins' | 'org_admins' | 'organizations';
    organizationIds: string[];
    gracePeriodDays: number;
  };
  limits: {
    maxAttemptsPerChallenge: number;
    maxConsecutiveFailures: number;
    lockoutSeconds: number;
    resendIntervalSeconds: number;
    mfaTokenTtlSeconds: number;
  };
  /** "Don't ask again on this browser" at the second step (absent on servers before it existed). */
  rememberBrowser?: { enabled: boolean; days: number };
}

export interface OrgPolicy {
  orgId?: string;
  useSystemPolicy: boolean;
  requireForAllMembers?: boolean;
  /** The subset of methods the organization allows; null = all the system enables. */
  methods?: FactorType[] | null;
  /** What the system enables (the choices an org admin has). */
  systemMethods?: FactorType[];
}

export interface Organization {
  id: string;
  name: string;
  createdAt?: string;
}

export interface AdminUser {
  id: string;
  email: string;
  name?: string | null;
  role: Role;
  orgId?: string | null;
  mfaEnabled: boolean;
  mfaMethods: string[];
  locked: boolean;
  lockedUntil?: string | null;
  /** The account-wide password backoff: unknown browsers get 429 until `throttledUntil`. */
  throttled?: boolean;
  throttledUntil?: string | null;
  lastSignInAt?: string | null;
  createdAt?: string;
  /** Created by an application through the verify API, named by its own id. */
  apiUser?: boolean;
  externalId?: string | null;
}

export interface AuditEvent {
  id: string;
  type: string;
  userId?: string | null;
  actorId?: string | null;
  ip?: string | null;
  at: string;
  details?: Record<string, unknown> | null;
}

export interface AdminStats {
  users: number;
  withMfa: number;
  byMethod: Record<string, number>;
  locked: number;
  nonCompliant: number;
  /** Of the non-compliant, those still inside a grace period. */
  inGracePeriod?: number;
  /** Users who have or need a factor while policy leaves them no usable method. */
  strandedUsers?: number;
  /** Recent sign-ins refused because no method was usable. */
  alerts?: Array<{ type: string; userId: string | null; at: string; reason: string | null }>;
}

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  subject?: string | null;
  text: string;
  at: string;
}
