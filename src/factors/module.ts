import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { challengeResultSchema } from '../http/schemas/responses.js';
import type { RequestMeta, ServiceContext } from '../services/context.js';
import type { CodeRejectionReason } from '../services/sign-in/code-rejection.js';
import type { User } from '../storage/types.js';
import type { webauthnChallengeSchema } from './webauthn/schemas.js';

/**
 * What one factor type is, as data: the part of a factor module that pure code
 * (the domain's policy, request schemas, public-config) reads. It lives in the
 * type's folder (`src/factors/<type>/descriptor.ts`) and imports nothing that runs.
 */
export interface FactorDescriptor<
  Type extends string = string,
  Key extends string = string,
  Settings extends { enabled: boolean } = { enabled: boolean },
> {
  /** The method's name on the wire (`method`, `type`, `allowedMethods`). */
  type: Type;
  /** i18n key of the method's name in messages ("authenticator app"); backup codes have none. */
  labelKey: string | null;
  /** The templates of the security notices sent when a factor of this type is added or removed. */
  notices: {
    added: 'factor_added' | 'security_key_added';
    removed: 'factor_removed' | 'security_key_removed';
  };
  /** Bound to the origin, so a phishing site cannot relay it (what `enforcement.phishingResistant` requires). */
  phishingResistant: boolean;
  /** The body field its proof comes in at the second step: a typed `code`, or a security key's `response`. */
  proof: 'code' | 'response';
  /** It needs `POST /api/auth/mfa/challenge` before its proof (a code to send, a key's options). */
  signInChallenge: boolean;
  /**
   * What it needs to work on this server: nothing (`always`), a delivery channel
   * that is not just the log in production (`channel`), or a relying party a
   * browser accepts (`relying-party`). A method that cannot work is neither offered
   * nor accepted.
   */
  availability:
    | { kind: 'always' }
    | { kind: 'channel'; channel: 'email' | 'sms' }
    | { kind: 'relying-party' };
  /** Its RFC 8176 `amr` value (beyond what its check adds, e.g. WebAuthn's `hwk`/`swk`, `user`). */
  amr: string;
  /** Its section of the system policy: `methods.<key>`, its defaults and the schema of a change to it. */
  policy: {
    key: Key;
    defaults: Settings;
    /** Every field optional and bounded; unknown fields refused (a typo cannot pass for a setting). */
    patch: z.ZodType<Partial<Settings>>;
  };
}

/** The proof a request carries for a method: the body's `code`, or a security key's `response`. */
export interface ProofInput {
  code?: string | undefined;
  response?: unknown;
}

/** What a successful check proved. */
export interface CheckedFactor {
  factorId: string | null;
  details?: Record<string, unknown>;
  /** What the check proved beyond its method (WebAuthn: `hwk` or `swk`, and `user`). */
  amr?: string[];
}

/**
 * Checks one proof for one method. SimpleWebAuthn's shape: a wrong proof is not an
 * exception, `check` answers null; only malformed input throws (from `readProof`,
 * before any attempt is spent).
 *
 * Declared with method syntax so that a table of verifiers over different proofs
 * (`Record<VerifyMethod, Verifier>`) holds each one's own: the caller passes back
 * the proof the same verifier read.
 */
export interface Verifier<Proof = unknown> {
  /** The proof in its own shape, or a 400 naming the field (`code`, `response`). */
  readProof(input: ProofInput): Proof;
  /**
   * The factor the proof matched, or null. Must spend what it matched atomically
   * (a TOTP step, a code row, a key's counter) so one proof is accepted once.
   * `binding` is what email/SMS codes and WebAuthn challenges are bound to (the
   * pending sign-in, the re-check, the verify API or a passkey sign-in).
   */
  check(
    ctx: ServiceContext,
    input: { user: User; proof: Proof; binding: string | null },
  ): Promise<CheckedFactor | null>;
  /**
   * Why a refused proof was refused (`used`, `expired`), told only for a code that
   * matched something; absent: always `wrong`.
   */
  explainRejection?(
    ctx: ServiceContext,
    input: { user: User; proof: Proof; binding: string | null },
  ): Promise<CodeRejectionReason>;
}

/** What `POST /api/auth/mfa/challenge` answers: one of its response schemas. */
export type SignInChallengeAnswer =
  | z.infer<typeof challengeResultSchema>
  | z.infer<typeof webauthnChallengeSchema>;

/** Sends or prepares what a pending sign-in's second step answers (a code by mail, a key's options). */
export type SignInChallenge = (
  ctx: ServiceContext,
  input: { mfaToken: string },
  meta: RequestMeta,
) => Promise<SignInChallengeAnswer>;

/**
 * One factor type: its descriptor, how a proof of it is checked, and what it adds
 * to the server (its setup/confirm routes, a sign-in challenge). Adding a type is a
 * folder that exports one of these, a migration for what it stores, and a UI step.
 */
export interface FactorModule<Type extends string = string> extends FactorDescriptor<Type> {
  verifier: Verifier;
  /** `POST /api/auth/mfa/challenge` for this method; absent: the method needs none (TOTP). */
  challenge?: SignInChallenge;
  /** Registers the type's own routes (setup, confirm, …) in `createApp`. */
  registerRoutes?(app: FastifyInstance, ctx: ServiceContext): void;
}
