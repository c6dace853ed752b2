import { randomBytes, randomUUID } from 'node:crypto';
import type { Keyring } from '../../src/crypto/keyring.js';
import { hashToken, randomToken } from '../../src/crypto/random.js';
import { generateBackupCodes } from '../../src/domain/backup-codes.js';
import { encodeBase32 } from '../../src/domain/base32.js';
import { TOTP_SECRET_BYTES } from '../../src/domain/totp.js';
import type { Stores } from '../../src/storage/stores.js';

/** A user seeded straight into the stores, with a confirmed authenticator app. */
export interface SeededUser {
  userId: string;
  email: string;
  password: string;
  factorId: string;
  /** Base32 TOTP secret, as an authenticator app would hold it. */
  secret: string;
  backupCodes: string[];
}

/**
 * Seeds a user with a confirmed TOTP factor (secret sealed under `keyring`, so a
 * server sharing the same `TWOFOLD_SECRET_KEY` opens it) and backup codes,
 * through the repositories — no HTTP, no argon2 per user (pass one `passwordHash`
 * computed once). The factor has no accepted step yet: any current code works.
 */
export async function seedUserWithTOTP(
  stores: Stores,
  keyring: Keyring,
  options: { passwordHash: string; password: string; now: Date; email?: string; backupCodeCount?: number },
): Promise<SeededUser> {
  const email = options.email ?? `seed-${randomUUID()}@example.com`;
  const user = await stores.users.create({
    email,
    passwordHash: options.passwordHash,
    role: 'member',
    now: options.now,
  });
  const secret = randomBytes(TOTP_SECRET_BYTES);
  const factorId = stores.factors.newId();
  await stores.factors.createPending({
    id: factorId,
    userId: user.id,
    type: 'totp',
    label: 'Authenticator app',
    secretSealed: keyring.seal(secret, factorId),
    now: options.now,
  });
  await stores.factors.confirm(factorId, user.id, options.now, null);
  const backupCodes = generateBackupCodes(options.backupCodeCount ?? 10);
  if (backupCodes.length) {
    await stores.backupCodes.replaceAll(
      user.id,
      backupCodes.map((code) => keyring.hashCode(code.replace('-', ''))),
      options.now,
    );
  }
  return {
    userId: user.id,
    email,
    password: options.password,
    factorId,
    secret: encodeBase32(secret),
    backupCodes,
  };
}

/**
 * A pending sign-in (what a correct password step creates) stored directly;
 * returns the mfaToken to send to `POST /api/auth/mfa/verify`.
 */
export async function seedPendingSignIn(
  stores: Stores,
  userId: string,
  now: Date,
  ttlSeconds = 600,
): Promise<string> {
  const token = randomToken(32);
  await stores.mfaTokens.create({
    tokenHash: hashToken(token),
    userId,
    purpose: 'verify',
    now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    ip: null,
  });
  return token;
}

/** A session stored directly; returns its bearer token. */
export async function seedSession(
  stores: Stores,
  userId: string,
  now: Date,
  ttlSeconds = 43_200,
): Promise<string> {
  const token = randomToken(32);
  await stores.sessions.create({
    tokenHash: hashToken(token),
    userId,
    now,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    ip: null,
    userAgent: null,
    amr: ['pwd', 'totp'],
  });
  return token;
}
