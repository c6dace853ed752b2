import { availableParallelism } from 'node:os';
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

/**
 * argon2 computations run at once: one per core. Each holds 19 MiB while it runs
 * (and the allocator of the thread that ran it may keep the pages afterwards), so
 * memory grows with this number; more than one per core only waits in libuv's
 * thread pool (delaying file and DNS work queued behind it) with no gain in
 * throughput. One per core kept the password step at ≥ 85 % of the argon2id
 * ceiling and peak RSS under 250 MB (docs/benchmarks.md).
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism());
let runningHashes = 0;
const waitingHashes: Array<() => void> = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (runningHashes < MAX_CONCURRENT_HASHES) runningHashes += 1;
  else await new Promise<void>((resolve) => waitingHashes.push(resolve)); // the slot is handed over
  try {
    return await work();
  } finally {
    const next = waitingHashes.shift();
    if (next) next();
    else runningHashes -= 1;
  }
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await withHashSlot(() => verify(stored, password));
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
