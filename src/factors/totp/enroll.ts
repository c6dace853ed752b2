import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { encodeBase32 } from '../../domain/base32.js';
import { buildOtpauthURI, TOTP_SECRET_BYTES, verifyTOTP } from '../../domain/totp.js';
import {
  assertMayAddFactor,
  completeFactorConfirmation,
  refuseConfirmation,
  requirePendingFactor,
} from '../../services/account/enroll-factor.js';
import type { RequestMeta, ServiceContext } from '../../services/context.js';
import { loadEffectivePolicy } from '../../services/effective-policy.js';
import type { Principal } from '../../services/principal.js';
import { readSixDigitCode } from '../proofs.js';

/** `POST /api/mfa/totp/setup`: a new 160-bit secret, sealed at rest, shown this once. */
export async function setupTOTP(
  ctx: ServiceContext,
  principal: Principal,
  input: { label?: string | undefined; account?: string | undefined },
) {
  await assertMayAddFactor(ctx, principal, 'totp');
  const { system } = await loadEffectivePolicy(ctx, principal.user);
  const secret = randomBytes(TOTP_SECRET_BYTES);
  const secretBase32 = encodeBase32(secret);
  const id = ctx.stores.factors.newId();
  await ctx.stores.factors.createPending({
    id,
    userId: principal.user.id,
    type: 'totp',
    label: input.label?.trim() || 'Authenticator app',
    secretSealed: ctx.keyring.seal(secret, id),
    now: ctx.now(),
  });
  secret.fill(0);
  const otpauthUri = buildOtpauthURI({
    secretBase32,
    issuer: system.methods.totp.issuer,
    account: input.account ?? principal.user.email,
  });
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, {
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 240,
  });
  return { factorId: id, secret: secretBase32, otpauthUri, qrCodeDataUrl };
}

/** `POST /api/mfa/totp/confirm`: the first valid code proves the app holds the secret. */
export async function confirmTOTP(
  ctx: ServiceContext,
  principal: Principal,
  input: { factorId: string; code: string },
  meta: RequestMeta,
) {
  const code = readSixDigitCode(input);
  const factor = await requirePendingFactor(ctx, principal.user, input.factorId, 'totp');
  const secret = ctx.keyring.open(factor.secretSealed!, factor.id);
  const step = verifyTOTP({ secret, code, now: ctx.now() });
  secret.fill(0);
  if (step === null) return refuseConfirmation(ctx, principal, factor);
  // The confirming code's step is recorded, so it cannot sign in a second time.
  const confirmed = await completeFactorConfirmation(ctx, principal, factor, {
    lastStep: Number(step),
    meta,
  });
  if (!confirmed) throw new Error('a confirmation without a code to spend cannot be refused');
  return confirmed;
}
