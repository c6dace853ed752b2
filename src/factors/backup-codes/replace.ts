import { generateBackupCodes } from '../../domain/backup-codes.js';
import type { ServiceContext } from '../../services/context.js';
import type { User } from '../../storage/types.js';

/** Generates, stores (hashed) and returns a fresh set; every older code dies. */
export async function replaceBackupCodes(ctx: ServiceContext, user: User, count: number): Promise<string[]> {
  const codes = generateBackupCodes(count);
  const hashes = codes.map((code) => ctx.keyring.hashCode(code.replace('-', '')));
  await ctx.stores.backupCodes.replaceAll(user.id, hashes, ctx.now());
  return codes;
}
