import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id`; the enum is an ambient const enum, which verbatimModuleSyntax cannot import. */
const ARGON2ID = 2 as Algorithm;

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first recommended
 * configuration: m = 19 MiB, t = 2, p = 1.
 */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same argon2 work as a real check, for an unknown email, so timing does
 * not tell whether an account exists (SECURITY.md rule 21).
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword('twofold-dummy-password-for-unknown-accounts');
  await verifyPassword(await dummyHash, password);
  return false;
}
