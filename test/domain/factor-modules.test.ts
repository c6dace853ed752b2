import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  CHALLENGE_METHODS,
  defaultMethodPolicies,
  FACTOR_DESCRIPTORS,
  FACTOR_TYPES,
  METHOD_POLICY_KEYS,
  PHISHING_RESISTANT_TYPES,
  VERIFY_METHODS,
  type VerifyMethod,
} from '../../src/factors/catalog.js';
import {
  FACTOR_MODULES,
  factorVerifiers,
  METHOD_MODULES,
  signInChallengeOf,
} from '../../src/factors/index.js';
import type { Verifier } from '../../src/factors/module.js';

describe('the factor modules', () => {
  it('are the catalog, type for type and in its order', () => {
    expect(FACTOR_MODULES.map((m) => m.type)).toEqual([...FACTOR_TYPES]);
    expect(FACTOR_DESCRIPTORS.map((d) => d.type)).toEqual([...FACTOR_TYPES]);
    expect(METHOD_MODULES.map((m) => m.type)).toEqual([...VERIFY_METHODS]);
    expect(VERIFY_METHODS).toEqual([...FACTOR_TYPES, 'backup_code']);
  });

  it('give every method a verifier, and nothing beyond them', () => {
    const verifiers = factorVerifiers();
    expect(Object.keys(verifiers).sort()).toEqual([...VERIFY_METHODS].sort());
    for (const method of VERIFY_METHODS) {
      expect(typeof verifiers[method].readProof, method).toBe('function');
      expect(typeof verifiers[method].check, method).toBe('function');
    }
  });

  it('make a method without a verifier a compile error, not an invalid_code at run time', () => {
    const { totp, email, sms, backup_code } = factorVerifiers();
    // @ts-expect-error: webauthn has no verifier in this table, and the table must be complete.
    const incomplete: Record<VerifyMethod, Verifier> = { totp, email, sms, backup_code };
    expect(Object.keys(incomplete)).not.toContain('webauthn');
  });

  it('refuse malformed proofs with a 400 naming the field, before anything is checked', () => {
    const verifiers = factorVerifiers();
    const fieldOf = (method: VerifyMethod, input: { code?: string; response?: unknown }) => {
      try {
        verifiers[method].readProof(input);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return ((error as AppError).extra.details as Array<{ field: string }>)[0]?.field;
      }
      return null;
    };
    for (const method of ['totp', 'email', 'sms'] as const) {
      expect(fieldOf(method, { code: '12345' })).toBe('code');
      expect(fieldOf(method, {})).toBe('code');
      expect(fieldOf(method, { code: '123456' })).toBeNull();
    }
    expect(fieldOf('backup_code', { code: '123456' })).toBe('code');
    expect(fieldOf('backup_code', { code: 'abcde-fghjk' })).toBeNull();
    expect(fieldOf('webauthn', { code: '123456' })).toBe('response');
    expect(fieldOf('webauthn', { response: { id: 'x' } })).toBeNull();
  });

  it('derive the policy sections, their defaults and the phishing-resistant types', () => {
    expect(METHOD_POLICY_KEYS).toEqual(['totp', 'email', 'sms', 'webauthn', 'backupCodes']);
    expect(defaultMethodPolicies()).toEqual({
      totp: { enabled: true, issuer: 'Twofold' },
      email: { enabled: true, codeTtlSeconds: 300 },
      sms: { enabled: false, codeTtlSeconds: 300 },
      webauthn: { enabled: true },
      backupCodes: { enabled: true, count: 10 },
    });
    // Fresh objects each time: a change to one policy never leaks into the defaults.
    expect(defaultMethodPolicies().totp).not.toBe(defaultMethodPolicies().totp);
    expect(PHISHING_RESISTANT_TYPES).toEqual(['webauthn']);
  });

  it('answer a challenge only for the methods that have one', () => {
    expect(CHALLENGE_METHODS).toEqual(FACTOR_MODULES.filter((m) => 'challenge' in m).map((m) => m.type));
    expect(() => signInChallengeOf('totp')).toThrow(AppError);
    for (const method of ['email', 'sms', 'webauthn'] as const)
      expect(typeof signInChallengeOf(method)).toBe('function');
  });
});
