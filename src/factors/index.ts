import { invalidRequest } from '../errors.js';
import { backupCodesModule } from './backup-codes/index.js';
import type { FACTOR_DESCRIPTORS, FactorType, VerifyMethod } from './catalog.js';
import { emailFactor } from './email/index.js';
import type { FactorModule, SignInChallenge, Verifier } from './module.js';
import { smsFactor } from './sms/index.js';
import { totpFactor } from './totp/index.js';
import { webauthnFactor } from './webauthn/index.js';

/**
 * The factor modules, in the catalog's order (src/factors/catalog.ts): what
 * `createApp` registers routes from and takes the verifiers of. Adding a type:
 * its folder (descriptor, verifier, routes, index), its entry here and in the
 * catalog — the compiler refuses the one without the other — a migration for
 * what it stores, and its step in the web UI's setup wizard.
 */
export const FACTOR_MODULES = [totpFactor, emailFactor, smsFactor, webauthnFactor] as const;

/** Every method of a second step: the factor modules, then backup codes. */
export const METHOD_MODULES = [...FACTOR_MODULES, backupCodesModule] as const;

// The modules are the catalog's types, in its order: a type in one list and not the other does not compile.
type TypesOf<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends { type: infer X } ? X : never;
};
type ModuleTypes = TypesOf<typeof FACTOR_MODULES>;
type CatalogTypes = TypesOf<typeof FACTOR_DESCRIPTORS>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const modulesMatchCatalog: Same<ModuleTypes, CatalogTypes> = true;
void modulesMatchCatalog;

// A module has a sign-in challenge exactly when its descriptor says so (the request enum derives from that).
type ChallengeConsistent<M> = M extends { signInChallenge: true }
  ? M extends { challenge: SignInChallenge }
    ? true
    : false
  : 'challenge' extends keyof M
    ? false
    : true;
type AllTrue<T extends readonly unknown[]> = {
  [K in keyof T]: ChallengeConsistent<T[K]>;
}[number] extends true
  ? true
  : false;
const challengesMatchDescriptors: AllTrue<typeof FACTOR_MODULES> = true;
void challengesMatchDescriptors;

/**
 * The verifier of every method. `Record<VerifyMethod, Verifier>`: a method whose
 * module has no verifier (or is missing here) does not compile — there is no
 * "no verifier" path that would answer `invalid_code` and spend a failure slot.
 */
export function factorVerifiers(): Record<VerifyMethod, Verifier> {
  return {
    totp: totpFactor.verifier,
    email: emailFactor.verifier,
    sms: smsFactor.verifier,
    webauthn: webauthnFactor.verifier,
    backup_code: backupCodesModule.verifier,
  };
}

/** The module of a factor type. */
export function factorModuleOf(type: FactorType): FactorModule {
  const found: FactorModule | undefined = FACTOR_MODULES.find((m) => m.type === type);
  if (!found) throw new Error(`no factor module for ${type}`);
  return found;
}

/** `POST /api/auth/mfa/challenge` for `method`, or 400 naming `method` when its module has none. */
export function signInChallengeOf(method: FactorType): SignInChallenge {
  const challenge = factorModuleOf(method).challenge;
  if (!challenge) throw invalidRequest([{ field: 'method', message: 'needs no challenge' }]);
  return challenge;
}
