import type { Redis } from 'ioredis';
import { RedisRateLimiter } from './kv/redis-rate-limiter.js';
import { AuditRepository } from './sql/audit-repository.js';
import { BackupCodesRepository } from './sql/backup-codes-repository.js';
import type { SqlDatabase } from './sql/database.js';
import { FactorsRepository } from './sql/factors-repository.js';
import { MfaTokensRepository } from './sql/mfa-tokens-repository.js';
import { OrganizationsRepository } from './sql/organizations-repository.js';
import { SessionsRepository } from './sql/sessions-repository.js';
import { SettingsRepository } from './sql/settings-repository.js';
import { SqlRateLimiter } from './sql/sql-rate-limiter.js';
import { UsersRepository } from './sql/users-repository.js';
import type { RateLimiter } from './types.js';

/**
 * Every repository, over one database, plus the rate limiter: in Redis when one is
 * configured, else in the database. Nothing lives in process memory, so any
 * number of instances can serve the same users.
 */
export interface Stores {
  database: SqlDatabase;
  /** The Redis connection, when `REDIS_URL` is set. */
  redis: Redis | null;
  users: UsersRepository;
  organizations: OrganizationsRepository;
  factors: FactorsRepository;
  backupCodes: BackupCodesRepository;
  sessions: SessionsRepository;
  mfaTokens: MfaTokensRepository;
  audit: AuditRepository;
  settings: SettingsRepository;
  rateLimiter: RateLimiter;
  /** Closes the database pool and the Redis connection. */
  close(): Promise<void>;
}

/**
 * Builds the repositories over `database`; with `redis`, rate limits go to Redis.
 * @example const stores = createStores(openDatabase('sqlite::memory:'))
 */
export function createStores(database: SqlDatabase, options: { redis?: Redis | null } = {}): Stores {
  const { db } = database;
  const redis = options.redis ?? null;
  return {
    database,
    redis,
    users: new UsersRepository(db),
    organizations: new OrganizationsRepository(db),
    factors: new FactorsRepository(db),
    backupCodes: new BackupCodesRepository(db),
    sessions: new SessionsRepository(db),
    mfaTokens: new MfaTokensRepository(db),
    audit: new AuditRepository(db),
    settings: new SettingsRepository(db),
    rateLimiter: redis ? new RedisRateLimiter(redis) : new SqlRateLimiter(db),
    async close() {
      redis?.disconnect();
      await database.close();
    },
  };
}
