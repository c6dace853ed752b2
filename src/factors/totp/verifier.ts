import { verifyTOTP } from '../../domain/totp.js';
import type { Verifier } from '../module.js';
import { readSixDigitCode } from '../proofs.js';

/**
 * TOTP: try each confirmed authenticator of the user; the matched absolute step
 * is accepted only if later than the factor's last one, by a conditional UPDATE.
 */
export const totpVerifier: Verifier<string> = {
  readProof: readSixDigitCode,

  async check(ctx, { user, proof: code }) {
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
  },

  async explainRejection(ctx, { user, proof: code }) {
    for (const factor of await ctx.stores.factors.listConfirmed(user.id)) {
      if (factor.type !== 'totp' || !factor.secretSealed || factor.lastStep === null) continue;
      const secret = ctx.keyring.open(factor.secretSealed, factor.id);
      const step = verifyTOTP({ secret, code, now: ctx.now() });
      secret.fill(0);
      // A step inside the window but not after the last accepted one: a replay (rule 3).
      if (step !== null && step <= BigInt(factor.lastStep)) return 'used';
    }
    return 'wrong';
  },
};
