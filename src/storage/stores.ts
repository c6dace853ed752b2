import { AuditRepository } from './sql/audit-repository.js';
import { BackupCodesRepository } from './sql/backup-codes-repository.js';
import type { SqlDatabase } from './sql/database.js';
import { FactorsRepository } from './sql/factors-repository.js';
import { MfaTokensRepository } from './sql/mfa-tokens-repository.js';
import { OrganizationsRepository } from './sql/organizations-repository.js';
import { OtpChallengesRepository } from './sql/otp-challenges-repository.js';
import { SessionsRepository } from './sql/sessions-repository.js';
import { SettingsRepository } from './sql/settings-repository.js';
import { SqlRateLimiter } from './sql/sql-rate-limiter.js';
import { UsersRepository } from './sql/users-repository.js';
import type { RateLimiter } from './types.js';

/** Every repository, over one database. */
export interface Stores {
  database: SqlDatabase;
  users: UsersRepository;
  organizations: OrganizationsRepository;
  factors: FactorsRepository;
  backupCodes: BackupCodesRepository;
  sessions: SessionsRepository;
  mfaTokens: MfaTokensRepository;
  otpChallenges: OtpChallengesRepository;
  audit: AuditRepository;
  settings: SettingsRepository;
  rateLimiter: RateLimiter;
}

export function createStores(database: SqlDatabase, rateLimiter?: RateLimiter): Stores {
  const { db } = database;
  return {
    database,
    users: new UsersRepository(db),
    organizations: new OrganizationsRepository(db),
    factors: new FactorsRepository(db),
    backupCodes: new BackupCodesRepository(db),
    sessions: new SessionsRepository(db),
    mfaTokens: new MfaTokensRepository(db),
    otpChallenges: new OtpChallengesRepository(db),
    audit: new AuditRepository(db),
    settings: new SettingsRepository(db),
    rateLimiter: rateLimiter ?? new SqlRateLimiter(db),
  };
}
