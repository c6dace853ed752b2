import { describe, expect, it } from 'vitest';
import {
  computeEffectivePolicy,
  DEFAULT_ORG_POLICY,
  defaultSystemPolicy,
  type EnforcementScope,
  type OrgPolicy,
  type Role,
} from '../../src/domain/policy.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const CREATED = new Date('2026-01-01T00:00:00Z');

function system(scope: EnforcementScope, organizationIds: string[] = [], gracePeriodDays = 0) {
  const policy = defaultSystemPolicy();
  policy.enforcement = {
    scope,
    organizationIds,
    profileIds: [],
    gracePeriodDays,
    startedAt: '2026-05-25T00:00:00Z',
  };
  return policy;
}

describe('computeEffectivePolicy — enforcement matrix', () => {
  const cases: Array<{ scope: EnforcementScope; role: Role; orgId: string | null; required: boolean }> = [
    { scope: 'none', role: 'system_admin', orgId: null, required: false },
    { scope: 'none', role: 'member', orgId: 'a', required: false },
    { scope: 'all', role: 'member', orgId: null, required: true },
    { scope: 'all', role: 'org_admin', orgId: 'a', required: true },
    { scope: 'system_admins', role: 'system_admin', orgId: null, required: true },
    { scope: 'system_admins', role: 'org_admin', orgId: 'a', required: false },
    { scope: 'system_admins', role: 'member', orgId: 'a', required: false },
    { scope: 'org_admins', role: 'org_admin', orgId: 'a', required: true },
    { scope: 'org_admins', role: 'system_admin', orgId: null, required: false },
    { scope: 'org_admins', role: 'member', orgId: 'a', required: false },
    { scope: 'organizations', role: 'member', orgId: 'a', required: true },
    { scope: 'organizations', role: 'org_admin', orgId: 'a', required: true },
    { scope: 'organizations', role: 'member', orgId: 'b', required: false },
    { scope: 'organizations', role: 'member', orgId: null, required: false },
  ];
  it.each(cases)(
    'scope $scope, $role in org $orgId → required=$required',
    ({ scope, role, orgId, required }) => {
      const result = computeEffectivePolicy(
        system(scope, ['a']),
        null,
        { role, orgId, createdAt: CREATED },
        NOW,
      );
      expect(result.required).toBe(required);
    },
  );
});

describe('computeEffectivePolicy — system ∩ organization', () => {
  const member = { role: 'member' as Role, orgId: 'a', createdAt: CREATED };

  it('an org using the system policy changes nothing', () => {
    const result = computeEffectivePolicy(system('none'), DEFAULT_ORG_POLICY, member, NOW);
    expect(result).toMatchObject({ required: false, allowedMethods: ['totp', 'email', 'webauthn'] });
  });

  it('an org can require 2FA for all members and narrow the methods', () => {
    const org: OrgPolicy = {
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: ['totp'],
      startedAt: null,
    };
    expect(computeEffectivePolicy(system('none'), org, member, NOW)).toMatchObject({
      required: true,
      allowedMethods: ['totp'],
    });
  });

  it('an org cannot enable a method the system disabled', () => {
    const org: OrgPolicy = {
      useSystemPolicy: false,
      requireForAllMembers: false,
      methods: ['sms', 'totp'],
      startedAt: null,
    };
    expect(computeEffectivePolicy(system('none'), org, member, NOW).allowedMethods).toEqual(['totp']);
  });

  it('an org cannot relax a system enforcement', () => {
    const org: OrgPolicy = {
      useSystemPolicy: false,
      requireForAllMembers: false,
      methods: null,
      startedAt: null,
    };
    expect(computeEffectivePolicy(system('all'), org, member, NOW).required).toBe(true);
  });
});

describe('computeEffectivePolicy — grace period', () => {
  const subject = { role: 'member' as Role, orgId: null, createdAt: CREATED };
  it('gives a deadline counted from when enforcement started', () => {
    const result = computeEffectivePolicy(system('all', [], 14), null, subject, NOW);
    expect(result.enrollmentDeadline?.toISOString()).toBe('2026-06-08T00:00:00.000Z');
  });
  it('counts from account creation for accounts made after enforcement started', () => {
    const late = { ...subject, createdAt: new Date('2026-05-31T00:00:00Z') };
    expect(
      computeEffectivePolicy(system('all', [], 14), null, late, NOW).enrollmentDeadline?.toISOString(),
    ).toBe('2026-06-14T00:00:00.000Z');
  });
  it('has no deadline once the grace period passed', () => {
    const later = new Date('2026-06-09T00:00:00Z');
    expect(computeEffectivePolicy(system('all', [], 14), null, subject, later)).toMatchObject({
      required: true,
      enrollmentDeadline: null,
    });
  });
});

describe('computeEffectivePolicy — organization profiles (issue 17)', () => {
  const member = { role: 'member' as Role, orgId: 'a', profileId: 'p', createdAt: CREATED };

  it('an organization without its own policy inherits its profile default', () => {
    const profile = { requireForAllMembers: true, methods: ['totp' as const], startedAt: null };
    expect(computeEffectivePolicy(system('none'), DEFAULT_ORG_POLICY, member, NOW, profile)).toMatchObject({
      required: true,
      allowedMethods: ['totp'],
      requiredBy: 'organization',
    });
  });

  it('limits only ever tighten, whatever is stored', () => {
    const profile = {
      requireForAllMembers: false,
      methods: null,
      startedAt: null,
      limits: { maxAttemptsPerChallenge: 50, lockoutSeconds: 10, codeTtlSeconds: 120 },
    };
    const { limits } = computeEffectivePolicy(system('none'), null, member, NOW, profile);
    expect(limits).toMatchObject({
      maxAttemptsPerChallenge: 5,
      lockoutSeconds: 900,
      codeTtlSeconds: { email: 120, sms: 120 },
    });
  });

  it('an unreadable profile requires 2FA at once; an unknown profile id is counted in a profile scope', () => {
    expect(computeEffectivePolicy(system('none'), null, member, NOW, 'unreadable')).toMatchObject({
      required: true,
      enrollmentDeadline: null,
    });
    const scoped = system('org_admins');
    scoped.enforcement.profileIds = ['p2'];
    const orgAdmin = { role: 'org_admin' as Role, orgId: 'a', profileId: undefined, createdAt: CREATED };
    expect(computeEffectivePolicy(scoped, null, orgAdmin, NOW).required).toBe(true);
    expect(computeEffectivePolicy(scoped, null, { ...orgAdmin, profileId: 'p' }, NOW).required).toBe(false);
  });

  it('system and organization both enforce: the earlier deadline wins', () => {
    const sys = system('all', [], 10);
    const org: OrgPolicy = {
      useSystemPolicy: false,
      requireForAllMembers: true,
      methods: null,
      gracePeriodDays: 20,
      startedAt: '2026-05-25T00:00:00Z',
    };
    const result = computeEffectivePolicy(sys, org, member, NOW);
    expect(result.requiredBy).toBe('system');
    expect(result.enrollmentDeadline?.toISOString()).toBe('2026-06-04T00:00:00.000Z');
    const orgNow = computeEffectivePolicy(sys, { ...org, gracePeriodDays: 0 }, member, NOW);
    expect(orgNow).toMatchObject({ requiredBy: 'organization', enrollmentDeadline: null });
  });
});
