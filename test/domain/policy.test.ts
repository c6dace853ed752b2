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
  policy.enforcement = { scope, organizationIds, gracePeriodDays, startedAt: '2026-05-25T00:00:00Z' };
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
