import { explainOTPCode } from '../../services/sign-in/code-rejection.js';
import type { Verifier } from '../module.js';
import { readSixDigitCode } from '../proofs.js';
import { consumeOTPChallenge } from './otp-codes.js';

/**
 * The second-factor check for email or SMS codes: only a code issued under this
 * binding (the pending sign-in, the re-check or the verify API), for a confirmed
 * factor of this type, unexpired and unspent. An SMS code is no email code and
 * vice versa.
 */
export function deliveredCodeVerifier(type: 'email' | 'sms'): Verifier<string> {
  return {
    readProof: readSixDigitCode,

    async check(ctx, { user, proof: code, binding }) {
      // Codes are bound to what asked for them; without a binding nothing can match.
      if (binding === null) return null;
      const factors = (await ctx.stores.factors.listConfirmed(user.id)).filter((f) => f.type === type);
      const result = await consumeOTPChallenge(ctx, {
        factorIds: factors.map((f) => f.id),
        purpose: 'verify',
        mfaTokenId: binding,
        code,
      });
      if (result.outcome !== 'accepted') return null;
      await ctx.stores.factors.touch(result.factorId, ctx.now());
      return { factorId: result.factorId };
    },

    async explainRejection(ctx, { user, proof: code, binding }) {
      if (binding === null) return 'wrong';
      const factors = await ctx.stores.factors.listConfirmed(user.id);
      return explainOTPCode(ctx, {
        factorIds: factors.filter((f) => f.type === type).map((f) => f.id),
        purpose: 'verify',
        mfaTokenId: binding,
        code,
      });
    },
  };
}
