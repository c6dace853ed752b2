import { backupCodesDescriptor } from './backup-codes/descriptor.js';
import { emailDescriptor } from './email/descriptor.js';
import { smsDescriptor } from './sms/descriptor.js';
import { totpDescriptor } from './totp/descriptor.js';
import { webauthnDescriptor } from './webauthn/descriptor.js';

/**
 * The factor types, in the order the server offers them: the one list every
 * method list derives from (FactorType, the policy's `methods`, request and
 * response enums, public-config). Pure data — the runnable modules are in
 * `./index.ts`, which the compiler holds to this same list.
 */
export const FACTOR_DESCRIPTORS = [
  totpDescriptor,
  emailDescriptor,
  smsDescriptor,
  webauthnDescriptor,
] as const;

/** Backup codes: a method at the second step, not a factor one enrolls. */
export const BACKUP_CODES_DESCRIPTOR = backupCodesDescriptor;

/** Every method a second step may be proved with: the factor types, then backup codes. */
export const METHOD_DESCRIPTORS = [...FACTOR_DESCRIPTORS, BACKUP_CODES_DESCRIPTOR] as const;

type TypesOf<T extends readonly { type: string }[]> = { -readonly [K in keyof T]: T[K]['type'] };

function typesOf<const T extends readonly { type: string }[]>(list: T): TypesOf<T> {
  return list.map((d) => d.type) as TypesOf<T>;
}

/** The second-factor types a user can enroll, in the server's order. Backup codes are a fallback, not a factor. */
export const FACTOR_TYPES = Object.freeze(typesOf(FACTOR_DESCRIPTORS));
export type FactorType = (typeof FACTOR_TYPES)[number];

/** Every `method` of a second step. */
export const VERIFY_METHODS = Object.freeze(typesOf(METHOD_DESCRIPTORS));
export type VerifyMethod = (typeof VERIFY_METHODS)[number];

type PhishingResistant = Extract<(typeof FACTOR_DESCRIPTORS)[number], { phishingResistant: true }>['type'];

/** Factor types that resist phishing (bound to the origin): what `enforcement.phishingResistant` requires. */
export const PHISHING_RESISTANT_TYPES: readonly PhishingResistant[] = FACTOR_DESCRIPTORS.filter(
  (d): d is Extract<(typeof FACTOR_DESCRIPTORS)[number], { phishingResistant: true }> => d.phishingResistant,
).map((d) => d.type);

type MethodDescriptor = (typeof METHOD_DESCRIPTORS)[number];

/** The factor types whose second step starts with `POST /api/auth/mfa/challenge`. */
export type ChallengeMethod = Extract<(typeof FACTOR_DESCRIPTORS)[number], { signInChallenge: true }>['type'];
export const CHALLENGE_METHODS = FACTOR_DESCRIPTORS.filter((d) => d.signInChallenge).map((d) => d.type) as [
  ChallengeMethod,
  ...ChallengeMethod[],
];

/** The factor types whose proof is a code the server sends (email, SMS): what a re-check or the verify API can send. */
export type DeliveredCodeMethod = Extract<
  (typeof FACTOR_DESCRIPTORS)[number],
  { availability: { kind: 'channel' } }
>['type'];
export const DELIVERED_CODE_METHODS = FACTOR_DESCRIPTORS.filter((d) => d.availability.kind === 'channel').map(
  (d) => d.type,
) as [DeliveredCodeMethod, ...DeliveredCodeMethod[]];

/** The body field a method's proof comes in (`code`, or a security key's `response`). */
export function proofFieldOf(method: VerifyMethod): 'code' | 'response' {
  return descriptorOf(method).proof;
}

/** The `methods` section of the system policy: one entry per method, keyed as its descriptor says. */
export type MethodPolicies = {
  [D in MethodDescriptor as D['policy']['key']]: D['policy']['defaults'];
};
export type MethodPolicyKey = keyof MethodPolicies;

/** The policy keys (`totp`, …, `backupCodes`), in the catalog's order. */
export const METHOD_POLICY_KEYS: readonly MethodPolicyKey[] = METHOD_DESCRIPTORS.map((d) => d.policy.key);

/** Every method's defaults, fresh objects each call. */
export function defaultMethodPolicies(): MethodPolicies {
  return Object.fromEntries(
    METHOD_DESCRIPTORS.map((d) => [d.policy.key, { ...d.policy.defaults }]),
  ) as unknown as MethodPolicies;
}

/** `methods` of `PUT /api/admin/mfa/policy`: each method's own partial schema. */
export function methodPoliciesPatchShape(): {
  [D in MethodDescriptor as D['policy']['key']]: D['policy']['patch'];
} {
  return Object.fromEntries(METHOD_DESCRIPTORS.map((d) => [d.policy.key, d.policy.patch])) as unknown as {
    [D in MethodDescriptor as D['policy']['key']]: D['policy']['patch'];
  };
}

/** The descriptor of a method by its wire name. */
export function descriptorOf(method: VerifyMethod): MethodDescriptor {
  const found = METHOD_DESCRIPTORS.find((d) => d.type === method);
  if (!found) throw new Error(`unknown method ${method}`);
  return found;
}

/** The policy key of a factor type is its type (checked here, so `system.methods[type]` holds). */
type KeyIsType = { [D in (typeof FACTOR_DESCRIPTORS)[number] as D['type']]: D['policy']['key'] };
const _keysAreTypes: { [T in FactorType]: T } = {} as KeyIsType;
void _keysAreTypes;
