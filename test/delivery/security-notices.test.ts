import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/delivery/messages.js';
import { renderSecurityNotice } from '../../src/services/notifications.js';

const at = new Date('2026-01-15T12:00:00Z');

describe('security notice emails', () => {
  it('escapes user-chosen labels in the HTML of a notice', () => {
    const notice = renderSecurityNotice(
      { type: 'factor_added', factorType: 'totp', label: '<img src=x onerror=alert(1)>' },
      { to: 'a@b.co', at },
    );
    expect(notice.html).not.toContain('<img');
    expect(notice.html).toContain(escapeHtml('<img src=x onerror=alert(1)>'));
    expect(notice.text).toContain('<img src=x onerror=alert(1)>');
  });

  it('tells how many backup codes remain', () => {
    expect(
      renderSecurityNotice({ type: 'backup_code_used', remaining: 1 }, { to: 'a@b.co', at }).text,
    ).toContain('1 backup code remains');
    expect(
      renderSecurityNotice({ type: 'backup_code_used', remaining: 9 }, { to: 'a@b.co', at }).text,
    ).toContain('9 backup codes remain');
  });

  it('has a subject naming the change and a text and an HTML part for every notice', () => {
    const notices = [
      { type: 'factor_added', factorType: 'sms', label: 'SMS +1 *** *** **67' },
      { type: 'factor_removed', factorType: 'totp', label: 'Phone' },
      { type: 'mfa_disabled' },
      { type: 'backup_code_used', remaining: 3 },
      { type: 'backup_codes_regenerated' },
      { type: 'mfa_reset_by_admin' },
      { type: 'account_locked', until: new Date('2026-01-15T12:15:00Z') },
    ] as const;
    for (const notice of notices) {
      const message = renderSecurityNotice(notice, { to: 'ann@example.com', at });
      expect(message, notice.type).toMatchObject({
        channel: 'email',
        to: 'ann@example.com',
        purpose: 'notice',
      });
      expect(message.subject, notice.type).toMatch(/^Twofold: /);
      expect(message.text, notice.type).toContain('Twofold');
      expect(message.html, notice.type).toMatch(/<html/);
      expect(message.code).toBeUndefined();
    }
    expect(renderSecurityNotice(notices[6], { to: 'a@b.co', at }).text).toContain(
      'Jan 15, 2026, 12:15 PM UTC',
    );
  });
});
