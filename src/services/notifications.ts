import type { Logger } from 'pino';
import type { Delivery } from '../delivery/delivery.js';
import { PRODUCT_NAME, renderTemplatedEmail, wordingOf } from '../delivery/messages.js';
import type { OutboundMessage } from '../delivery/types.js';
import type { MessageKind, Wording } from '../domain/message-templates.js';
import { FACTOR_DESCRIPTORS } from '../factors/catalog.js';
import { formatInstant, translate } from '../i18n/catalog.js';
import type { Locale } from '../i18n/locales.js';
import type { Repositories } from '../storage/stores.js';
import type { User } from '../storage/types.js';
import type { RequestMeta } from './context.js';
import { productNameFor, recipientLocale, wordingFor } from './message-templates.js';

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
  | { type: 'remembered_browser_reused' }
  /** A WebAuthn factor; `factor_added`/`factor_removed` with factorType `webauthn` send the same notice. */
  | { type: 'security_key_added'; factorType: string; label: string }
  | { type: 'security_key_removed'; factorType: string; label: string };

/**
 * Tells the user about a security change. Called after the change commits; an
 * implementation must never throw into the caller (a failed notice never fails
 * the user's action).
 */
export interface SecurityNotifier {
  /** `meta`: the request that caused the notice (its Accept-Language), null outside one. */
  notify(user: User, notice: SecurityNotice, meta: Pick<RequestMeta, 'acceptLanguage'> | null): void;
  /** Resolves when every notice sent so far is delivered or has failed (shutdown waits for it). */
  settled?(): Promise<void>;
}

/** Drops notices (the CLI's default before a channel is wired, and tests that do not care). */
export const silentNotifier: SecurityNotifier = { notify() {} };

/** The factor module of a notice's factor type, if it names a known one. */
function descriptorOfType(factorType: string) {
  return FACTOR_DESCRIPTORS.find((d) => d.type === factorType);
}

/** The template of each notice: the factor module's own (a security key's notice for a WebAuthn factor). */
function kindOf(notice: SecurityNotice): MessageKind {
  switch (notice.type) {
    case 'factor_added':
      return descriptorOfType(notice.factorType)?.notices.added ?? 'factor_added';
    case 'factor_removed':
      return descriptorOfType(notice.factorType)?.notices.removed ?? 'factor_removed';
    default:
      return notice.type;
  }
}

/** The values of a notice's placeholders, in `locale`. */
export function noticePlaceholders(
  notice: SecurityNotice,
  locale: Locale,
  at: Date,
  user: string,
  product: string = PRODUCT_NAME,
): Record<string, string> {
  const values: Record<string, string> = { product, user, time: formatInstant(locale, at) };
  if ('label' in notice) {
    const typeKey = descriptorOfType(notice.factorType)?.labelKey;
    values.factor = translate(locale, 'factor.label', {
      label: notice.label,
      type: typeKey ? translate(locale, typeKey) : notice.factorType,
    });
  }
  if (notice.type === 'backup_code_used') {
    values.remaining = new Intl.NumberFormat(locale).format(notice.remaining);
    values.remainingCodes = translate(locale, 'notice.remainingCodes', { count: notice.remaining });
  }
  if (notice.type === 'account_locked') values.until = formatInstant(locale, notice.until);
  return values;
}

/**
 * The email for one notice, in the recipient's language: a subject naming the
 * change, the change and its time in the text, and what to do if it was not the
 * owner. `wording` is an administrator's template (else the catalog text).
 * User-chosen text (factor labels) is escaped in the HTML part.
 * @example renderSecurityNotice({ type: 'backup_code_used', remaining: 9 }, { to: 'ann@example.com', at: new Date() })
 */
export function renderSecurityNotice(
  notice: SecurityNotice,
  options: {
    to: string;
    at: Date;
    locale?: Locale;
    wording?: Wording;
    user?: string;
    /** The recipient organization's product name, else the system's. */
    product?: string;
  },
): OutboundMessage {
  const locale = options.locale ?? 'en';
  const kind = kindOf(notice);
  const wording = options.wording ?? wordingOf(kind, locale);
  const values = noticePlaceholders(notice, locale, options.at, options.user ?? options.to, options.product);
  return {
    channel: 'email',
    to: options.to,
    ...renderTemplatedEmail(wording, values, locale),
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
  readonly #stores: Pick<Repositories, 'messageTemplates' | 'organizations'> | null;
  readonly #config: { defaultLocale: Locale };

  constructor(deps: {
    delivery: Delivery;
    log: Logger;
    now: () => Date;
    /** Where administrators' templates and organizations' product names live; without it the catalog text and the system's name are sent. */
    stores?: Pick<Repositories, 'messageTemplates' | 'organizations'>;
    config?: { defaultLocale: Locale };
  }) {
    this.#delivery = deps.delivery;
    this.#log = deps.log;
    this.#now = deps.now;
    this.#stores = deps.stores ?? null;
    this.#config = deps.config ?? { defaultLocale: 'en' };
  }

  async #render(user: User, notice: SecurityNotice, locale: Locale, at: Date): Promise<OutboundMessage> {
    const wording = this.#stores
      ? await wordingFor(this.#stores, user.orgId, kindOf(notice), locale)
      : undefined;
    const product = this.#stores ? await productNameFor(this.#stores, user.orgId) : undefined;
    return renderSecurityNotice(notice, {
      to: user.email,
      at,
      locale,
      user: user.name ?? user.email,
      ...(wording ? { wording } : {}),
      ...(product ? { product } : {}),
    });
  }

  notify(user: User, notice: SecurityNotice, meta: Pick<RequestMeta, 'acceptLanguage'> | null): void {
    // A verify API user without a known address (RFC 2606 `.invalid`): their application hears by webhook.
    if (user.email.endsWith('.invalid')) return;
    try {
      const locale = recipientLocale({ config: this.#config }, user, meta);
      const sending = this.#render(user, notice, locale, this.#now())
        .then((message) => this.#delivery.send(message))
        .then(
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
