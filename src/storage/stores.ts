import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { WebAuthnRepository } from '../factors/webauthn/repository.js';
import { KeyedRateLimiter } from './keyed-rate-limiter.js';
import { RedisRateLimiter } from './kv/redis-rate-limiter.js';
import { ApiKeysRepository } from './sql/api-keys-repository.js';
import { AuditRepository } from './sql/audit-repository.js';
import { BackupCodesRepository } from './sql/backup-codes-repository.js';
import type { SqlDatabase } from './sql/database.js';
import { FactorsRepository } from './sql/factors-repository.js';
import { MessageTemplatesRepository } from './sql/message-templates-repository.js';
import { MfaTokensRepository } from './sql/mfa-tokens-repository.js';
import { OidcClientsRepository } from './sql/oidc-clients-repository.js';
import { OidcKeysRepository } from './sql/oidc-keys-repository.js';
import { OidcPayloadsRepository } from './sql/oidc-payloads-repository.js';
import { OrgProfilesRepository } from './sql/org-profiles-repository.js';
import { OrganizationsRepository } from './sql/organizations-repository.js';
import { OtpChallengesRepository } from './sql/otp-challenges-repository.js';
import { PasswordResetsRepository } from './sql/password-resets-repository.js';
import { RememberedBrowsersRepository } from './sql/remembered-browsers-repository.js';
import type { Database } from './sql/schema.js';
import { SessionsRepository } from './sql/sessions-repository.js';
import { type PolicyCacheConfig, SettingsRepository } from './sql/settings-repository.js';
import { SqlRateLimiter } from './sql/sql-rate-limiter.js';
import { UsersRepository } from './sql/users-repository.js';
import { WebhooksRepository } from './sql/webhooks-repository.js';
import type { RateLimiter } from './types.js';

/** The typed repositories, one per aggregate, over one database or one transaction. */
export interface Repositories {
  users: UsersRepository;
  organizations: OrganizationsRepository;
  orgProfiles: OrgProfilesRepository;
  factors: FactorsRepository;
  backupCodes: BackupCodesRepository;
  sessions: SessionsRepository;
  mfaTokens: MfaTokensRepository;
  otpChallenges: OtpChallengesRepository;
  passwordResets: PasswordResetsRepository;
  rememberedBrowsers: RememberedBrowsersRepository;
  audit: AuditRepository;
  settings: SettingsRepository;
  apiKeys: ApiKeysRepository;
  webhooks: WebhooksRepository;
  oidcPayloads: OidcPayloadsRepository;
  oidcClients: OidcClientsRepository;
  oidcKeys: OidcKeysRepository;
  /** Security keys and passkeys (src/factors/webauthn). */
  webauthn: WebAuthnRepository;
  messageTemplates: MessageTemplatesRepository;
}

/**
 * Every repository, over one database, plus the rate limiter: in Redis when one is
 * configured, else in the database. Nothing lives in process memory (beyond the
 * policy cache of a second), so any number of instances can serve the same users.
 */
export interface Stores extends Repositories {
  database: SqlDatabase;
  /** The Redis connection, when `REDIS_URL` is set. */
  redis: Redis | null;
  rateLimiter: RateLimiter;
  /** The database's rate-limit table (swept even while Redis holds the live counters). */
  sqlRateLimits: SqlRateLimiter;
  /**
   * Runs `fn` in one database transaction: everything it writes commits together or
   * not at all (a throw rolls back). Inside, use only `tx`: on SQLite the outer
   * repositories would wait for the connection the transaction holds.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Closes the database pool and the Redis connection. */
  close(): Promise<void>;
}

function repositories(db: Kysely<Database>, policyCache: PolicyCacheConfig | null): Repositories {
  return {
    users: new UsersRepository(db),
    organizations: new OrganizationsRepository(db),
    orgProfiles: new OrgProfilesRepository(db),
    factors: new FactorsRepository(db),
    backupCodes: new BackupCodesRepository(db),
    sessions: new SessionsRepository(db),
    mfaTokens: new MfaTokensRepository(db),
    otpChallenges: new OtpChallengesRepository(db),
    passwordResets: new PasswordResetsRepository(db),
    rememberedBrowsers: new RememberedBrowsersRepository(db),
    audit: new AuditRepository(db),
    settings: new SettingsRepository(db, policyCache),
    apiKeys: new ApiKeysRepository(db),
    webhooks: new WebhooksRepository(db),
    oidcPayloads: new OidcPayloadsRepository(db),
    oidcClients: new OidcClientsRepository(db),
    oidcKeys: new OidcKeysRepository(db),
    webauthn: new WebAuthnRepository(db),
    messageTemplates: new MessageTemplatesRepository(db),
  };
}

/**
 * Builds the repositories over `database`; with `redis`, rate limits go to Redis;
 * with `policyCache`, each instance reuses the 2FA policy it read for a moment.
 * @example const stores = createStores(openDatabase('sqlite::memory:'))
 */
export function createStores(
  database: SqlDatabase,
  options: {
    redis?: Redis | null;
    policyCache?: PolicyCacheConfig | null;
    /** Keyed hash applied to every rate-limit key, so no identifier is stored in clear. */
    hashKey?: ((value: string) => string) | null;
  } = {},
): Stores {
  const { db } = database;
  const redis = options.redis ?? null;
  const sqlRateLimits = new SqlRateLimiter(db);
  const limiter: RateLimiter = redis ? new RedisRateLimiter(redis) : sqlRateLimits;
  return {
    ...repositories(db, options.policyCache ?? null),
    database,
    redis,
    rateLimiter: options.hashKey ? new KeyedRateLimiter(limiter, options.hashKey) : limiter,
    sqlRateLimits,
    transaction: (fn) => db.transaction().execute((trx) => fn(repositories(trx, null))),
    async close() {
      redis?.disconnect();
      await database.close();
    },
  };
}
