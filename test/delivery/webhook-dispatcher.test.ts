import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_SECONDS, retryDelaySeconds } from '../../src/delivery/webhook-dispatcher.js';
import { REPEATED_FAILURES, webhookEventOf } from '../../src/services/webhook-events.js';

describe('webhook retry schedule', () => {
  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [10, 2560],
    [11, MAX_RETRY_DELAY_SECONDS],
    [50, MAX_RETRY_DELAY_SECONDS],
  ])('after %i failed attempts waits %i s', (attempts, seconds) => {
    expect(retryDelaySeconds(attempts)).toBe(seconds);
  });
});

describe('which audit events are webhook events', () => {
  it.each([
    ['factor_added', {}, 'factor.added'],
    ['factor_removed', {}, 'factor.removed'],
    ['mfa_disabled', {}, 'factor.removed'],
    ['mfa_reset', {}, 'mfa.reset'],
    ['account_locked', {}, 'account.locked'],
    ['account_unlocked', {}, 'account.unlocked'],
    ['backup_code_used', {}, 'backup_code.used'],
    ['second_factor_failed', { failures: REPEATED_FAILURES }, 'sign_in.failed_repeatedly'],
    ['second_factor_failed', { failures: REPEATED_FAILURES + 1 }, null],
    ['second_factor_failed', { failures: 1 }, null],
    ['sign_in_failed', { step: 'password', failures: REPEATED_FAILURES }, 'sign_in.failed_repeatedly'],
    ['sign_in_failed', { step: 'password', failures: 1 }, null],
    ['sign_in_failed', { step: 'reauth' }, null],
    ['sign_in_succeeded', {}, null],
    ['api_key_created', {}, null],
  ] as const)('%s %j → %s', (type, details, expected) => {
    expect(webhookEventOf(type, details)?.type ?? null).toBe(expected);
  });
});
