import type { Logger } from 'pino';
import type { Delivery } from '../delivery/delivery.js';
import { PRODUCT_NAME, renderEmailHtml } from '../delivery/messages.js';
import type { OutboundMessage } from '../delivery/types.js';
import type { User } from '../storage/types.js';

/** Security events the account owner is told about by email. */
export type SecurityNotice =
  | { type: 'factor_added'; factorType: string; label: string }
  | { type: 'factor_removed'; factorType: string; label: string }
  | { type: 'mfa_disabled' }
  | { type: 'backup_code_used'; remaining: number }
  | { type: 'backup_codes_regenerated' }
  | { type: 'backup_codes_expired' }
  | { type: 'mfa_reset_by_admin' }
  | { type: 'account_locked'; until: Date }
  | { type: 'password_reset' }
  | { type: 'password_changed' }
  | { type: 'remembered_browser_reused' };

/**
 * Tells the user about a security change. Called after the change commits; an
 * implementation must never throw into the caller (a failed notice never fails
 * the user's action).
 */
export interface SecurityNotifier {
  notify(user: User, notice: SecurityNotice): void;
  /** Resolves when every notice sent so far is delivered or has failed (shutdown waits for it). */
  settled?(): Promise<void>;
}

/** Drops notices (the CLI's default before a channel is wired, and tests that do not care). */
export const silentNotifier: SecurityNotifier = { notify() {} };

const FACTOR_NAMES: Record<string, string> = {
  totp: 'authenticator app',
  email: 'email codes',
  sms: 'text message (SMS) codes',
  webauthn: 'security key or passkey',
};

function factorName(notice: { factorType: string; label: string }): string {
  return `"${notice.label}" (${FACTOR_NAMES[notice.factorType] ?? notice.factorType})`;
}

function when(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const NOT_YOU =
  'If this was not you, sign in and review your security settings, change your password, and tell your administrator.';

/**
 * The email for one notice: a subject naming the change, the change and its time
 * in the text, and what to do if it was not the owner. User-chosen text (factor
 * labels) is escaped in the HTML part.
 * @example renderSecurityNotice({ type: 'backup_code_used', remaining: 9 }, { to: 'ann@example.com', at: new Date() })
 */
export function renderSecurityNotice(
  notice: SecurityNotice,
  options: { to: string; at: Date },
): OutboundMessage {
  const at = when(options.at);
  let subject: string;
  let lines: string[];
  switch (notice.type) {
    case 'factor_added':
      subject = 'A sign-in method was added to your account';
      lines = [
        `A 2FA method was added to your ${PRODUCT_NAME} account on ${at}: ${factorName(notice)}.`,
        NOT_YOU,
      ];
      break;
    case 'factor_removed':
      subject = 'A sign-in method was removed from your account';
      lines = [
        `A 2FA method was removed from your ${PRODUCT_NAME} account on ${at}: ${factorName(notice)}.`,
        NOT_YOU,
      ];
      break;
    case 'mfa_disabled':
      subject = 'Two-factor authentication was turned off';
      lines = [
        `Two-factor authentication was turned off for your ${PRODUCT_NAME} account on ${at}. Your password alone now signs you in.`,
        NOT_YOU,
      ];
      break;
    case 'backup_code_used': {
      const left = `${notice.remaining} backup code${notice.remaining === 1 ? '' : 's'} remain${notice.remaining === 1 ? 's' : ''}`;
      subject = `A backup code was used to sign in (${notice.remaining} left)`;
      lines = [
        `A backup code was used to sign in to your ${PRODUCT_NAME} account on ${at}. ${left}.`,
        notice.remaining <= 3 ? 'Create a new set of backup codes on your security page soon.' : '',
        NOT_YOU,
      ].filter(Boolean);
      break;
    }
    case 'backup_codes_regenerated':
      subject = 'New backup codes were created';
      lines = [
        `New backup codes were created for your ${PRODUCT_NAME} account on ${at}. The old codes no longer work.`,
        NOT_YOU,
      ];
      break;
    case 'backup_codes_expired':
      subject = 'Your backup codes were invalidated';
      lines = [
        `An administrator invalidated the unused backup codes of your ${PRODUCT_NAME} account on ${at}, after restoring the server from a backup (codes used since that backup would otherwise work again).`,
        'Sign in with your other method and create a new set of backup codes on your security page.',
      ];
      break;
    case 'mfa_reset_by_admin':
      subject = 'An administrator reset your two-factor authentication';
      lines = [
        `An administrator removed every 2FA method and backup code from your ${PRODUCT_NAME} account on ${at}, and signed you out everywhere.`,
        'You may be asked to set up two-factor authentication again at your next sign-in.',
        'If you did not ask for this, contact your administrator.',
      ];
      break;
    case 'account_locked':
      subject = 'Your account was locked after too many wrong codes';
      lines = [
        `Too many wrong second-factor codes were entered for your ${PRODUCT_NAME} account. It is locked until ${when(notice.until)}.`,
        'Whoever entered them knew your password. If it was not you, change your password as soon as you can sign in.',
      ];
      break;
    case 'password_reset':
      subject = 'Your password was reset';
      lines = [
        `The password of your ${PRODUCT_NAME} account was reset with a link sent to this address on ${at}. Every session was signed out.`,
        'Your two-factor authentication is unchanged: the next sign-in asks for the new password and then your second step.',
        NOT_YOU,
      ];
      break;
    case 'password_changed':
      subject = 'Your password was changed';
      lines = [
        `The password of your ${PRODUCT_NAME} account was changed on ${at}. Your other sessions were signed out.`,
        NOT_YOU,
      ];
      break;
    case 'remembered_browser_reused':
      subject = 'A copied sign-in cookie was refused';
      lines = [
        `On ${at}, an old "don't ask again" cookie of a remembered browser was presented at sign-in to your ${PRODUCT_NAME} account. It may have been copied, so that browser is forgotten and the sign-in had to pass your second step.`,
        'Whoever presented it knew your password. If it was not you, change your password now.',
      ];
      break;
  }
  const fullSubject = `${PRODUCT_NAME}: ${subject}`;
  return {
    channel: 'email',
    to: options.to,
    subject: fullSubject,
    text: `${lines.join('\n\n')}\n\n— ${PRODUCT_NAME}\n`,
    html: renderEmailHtml(fullSubject, lines),
    purpose: 'notice',
  };
}

/**
 * Sends security notices by email to the account address. Fire-and-forget: the
 * send runs after `notify` returns, and a failure is logged, never thrown (the
 * user's action has already happened and must not fail because mail did).
 */
export class MailNotifier implements SecurityNotifier {
  readonly #delivery: Delivery;
  readonly #log: Logger;
  readonly #now: () => Date;
  readonly #pending = new Set<Promise<void>>();

  constructor(deps: { delivery: Delivery; log: Logger; now: () => Date }) {
    this.#delivery = deps.delivery;
    this.#log = deps.log;
    this.#now = deps.now;
  }

  notify(user: User, notice: SecurityNotice): void {
    // A verify API user without a known address (RFC 2606 `.invalid`): their application hears by webhook.
    if (user.email.endsWith('.invalid')) return;
    try {
      const message = renderSecurityNotice(notice, { to: user.email, at: this.#now() });
      const sending = this.#delivery.send(message).then(
        () => undefined,
        (error: unknown) => {
          this.#log.warn(
            { userId: user.id, notice: notice.type, reason: (error as Error).message },
            'security notification failed',
          );
        },
      );
      this.#pending.add(sending);
      void sending.finally(() => this.#pending.delete(sending));
    } catch (error) {
      this.#log.error({ userId: user.id, notice: notice.type, err: error }, 'security notification failed');
    }
  }

  /** Resolves once every notice handed over so far was sent or failed (the CLI waits for it before exiting). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
