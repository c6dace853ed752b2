import { normalizeBackupCode } from '../domain/backup-codes.js';
import { verifyTOTP } from '../domain/totp.js';
import type { SecondFactorVerifier } from './context.js';

/**
 * TOTP: try each confirmed authenticator of the user; the matched absolute step
 * is accepted only if later than the factor's last one, by a conditional UPDATE.
 */
export const verifyTOTPFactor: SecondFactorVerifier = async (ctx, { user, code }) => {
  const now = ctx.now();
  const factors = (await ctx.stores.factors.listConfirmed(user.id)).filter((f) => f.type === 'totp');
  for (const factor of factors) {
    if (!factor.secretSealed) continue;
    const secret = ctx.keyring.open(factor.secretSealed, factor.id);
    const step = verifyTOTP({
      secret,
      code,
      now,
      afterStep: factor.lastStep === null ? null : BigInt(factor.lastStep),
    });
    secret.fill(0);
    if (step === null) continue;
    // Refuse a replay: only one request may move the factor past this step.
    if (await ctx.stores.factors.acceptStep(factor.id, Number(step), now)) return { factorId: factor.id };
  }
  return null;
};

/**
 * Backup codes: compare against every unused code's salted hash, then spend the
 * matching row with a conditional UPDATE (exactly one of N parallel uses wins).
 * Valid only for a user who has another confirmed factor.
 */
export const verifyBackupCode: SecondFactorVerifier = async (ctx, { user, code }) => {
  const canonical = normalizeBackupCode(code);
  if (!canonical) return null;
  if ((await ctx.stores.factors.listConfirmed(user.id)).length === 0) return null;
  const unused = await ctx.stores.backupCodes.listUnused(user.id);
  let matchId: string | null = null;
  for (const row of unused) {
    if (ctx.keyring.verifyCode(canonical, row.codeHash)) matchId = row.id;
  }
  if (!matchId || !(await ctx.stores.backupCodes.consume(matchId, ctx.now()))) return null;
  const { remaining } = await ctx.stores.backupCodes.counts(user.id);
  return { factorId: null, details: { remainingBackupCodes: remaining } };
};
