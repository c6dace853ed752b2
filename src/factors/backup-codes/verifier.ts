import { normalizeBackupCode } from '../../domain/backup-codes.js';
import { invalidRequest } from '../../errors.js';
import type { Verifier } from '../module.js';

/**
 * Backup codes: compare against every unused code's salted hash, then spend the
 * matching row with a conditional UPDATE (exactly one of N parallel uses wins).
 * Valid only for a user who has another confirmed factor.
 */
export const backupCodeVerifier: Verifier<string> = {
  /** The canonical code (`xxxxx-xxxxx`, any case, spaces or dash optional), or 400 naming `code`. */
  readProof(input) {
    const canonical = normalizeBackupCode(input.code ?? '');
    if (!canonical)
      throw invalidRequest([{ field: 'code', message: 'must be a backup code like xxxxx-xxxxx' }]);
    return canonical;
  },

  async check(ctx, { user, proof: canonical }) {
    if ((await ctx.stores.factors.listConfirmed(user.id)).length === 0) return null;
    const unused = await ctx.stores.backupCodes.listUnused(user.id);
    let matchId: string | null = null;
    for (const row of unused) {
      if (ctx.keyring.verifyCode(canonical, row.codeHash)) matchId = row.id;
    }
    if (!matchId || !(await ctx.stores.backupCodes.consume(matchId, ctx.now()))) return null;
    const { remaining } = await ctx.stores.backupCodes.counts(user.id);
    return { factorId: null, details: { remainingBackupCodes: remaining } };
  },

  async explainRejection(ctx, { user, proof: canonical }) {
    if ((await ctx.stores.factors.listConfirmed(user.id)).length === 0) return 'wrong';
    let used = false;
    // Every hash is compared (no early exit), as for the unused codes.
    for (const hash of await ctx.stores.backupCodes.listUsedHashes(user.id)) {
      if (ctx.keyring.verifyCode(canonical, hash)) used = true;
    }
    return used ? 'used' : 'wrong';
  },
};
