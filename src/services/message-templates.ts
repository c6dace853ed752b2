import {
  codePlaceholders,
  originBoundSuffix,
  PRODUCT_NAME,
  renderTemplatedEmail,
  wordingOf,
} from '../delivery/messages.js';
import {
  fillPlaceholders,
  isMessageKind,
  MESSAGE_KIND_NAMES,
  MESSAGE_KINDS,
  type MessageKind,
  partsOf,
  smsSize,
  type TemplatePart,
  validateWording,
  type Wording,
} from '../domain/message-templates.js';
import { messageProductName } from '../domain/product-name.js';
import { AppError, invalidRequest } from '../errors.js';
import { formatInstant, translate } from '../i18n/catalog.js';
import { isLocale, LOCALES, type Locale, resolveLocale } from '../i18n/locales.js';
import { SYSTEM_SCOPE } from '../storage/sql/message-templates-repository.js';
import type { Repositories } from '../storage/stores.js';
import type { User } from '../storage/types.js';
import { recordEvent } from './audit-log.js';
import type { RequestMeta, ServiceContext } from './context.js';

/**
 * The language a message to `user` goes out in: their saved language, else the
 * Accept-Language of the request being served (`meta`, null outside a request),
 * else DEFAULT_LOCALE.
 */
export function recipientLocale(
  ctx: { config: { defaultLocale: Locale } },
  user: Pick<User, 'locale'> | null,
  meta: Pick<RequestMeta, 'acceptLanguage'> | null,
): Locale {
  return resolveLocale(user?.locale ?? null, meta?.acceptLanguage ?? null, ctx.config.defaultLocale);
}

/**
 * The wording of `kind` in `locale` for a user of `orgId`: per part, the
 * organization's template, else the system's, else the catalog text.
 */
export async function wordingFor(
  stores: Pick<Repositories, 'messageTemplates'>,
  orgId: string | null,
  kind: MessageKind,
  locale: Locale,
): Promise<Wording> {
  const rows = await stores.messageTemplates.listByScopes(orgId ? [orgId, SYSTEM_SCOPE] : [SYSTEM_SCOPE]);
  const pick = (scope: string) =>
    rows.find((r) => r.scope === scope && r.kind === kind && r.locale === locale);
  const own = orgId ? pick(orgId) : undefined;
  const system = pick(SYSTEM_SCOPE);
  const custom: Wording = {};
  for (const [part, column] of [
    ['emailSubject', 'emailSubject'],
    ['emailBody', 'emailBody'],
    ['sms', 'smsText'],
  ] as const) {
    const text = own?.[column] ?? system?.[column] ?? null;
    if (text !== null) custom[part] = text;
  }
  return wordingOf(kind, locale, custom);
}

/**
 * The product name in messages to a member of `orgId` (`{product}`, the signature):
 * the organization's own when it set one, else the system's. Null `orgId`: the system's.
 */
export async function productNameFor(
  stores: Pick<Repositories, 'organizations'>,
  orgId: string | null,
): Promise<string> {
  return messageProductName(orgId ? await stores.organizations.findProductName(orgId) : null);
}

/**
 * Sample values of every placeholder, for previews and the SMS length check;
 * `product` is the organization's product name where the template is an organization's.
 */
export function samplePlaceholders(
  locale: Locale,
  kind: MessageKind,
  now: Date,
  product: string = PRODUCT_NAME,
): Record<string, string> {
  const values: Record<string, string> = {
    ...codePlaceholders(locale, '123456', 300, 'ann@example.com', product),
    time: formatInstant(locale, now),
    until: formatInstant(locale, new Date(now.getTime() + 15 * 60_000)),
    factor: translate(locale, 'factor.label', { label: 'Phone', type: translate(locale, 'factor.totp') }),
    remaining: '9',
    remainingCodes: translate(locale, 'notice.remainingCodes', { count: 9 }),
  };
  const allowed: readonly string[] = MESSAGE_KINDS[kind].placeholders;
  return Object.fromEntries(Object.entries(values).filter(([name]) => allowed.includes(name)));
}

/** A template scope an admin may edit: `system` (system admins) or their organization. */
export interface TemplateScope {
  scope: string;
  orgId: string | null;
}

function parseKind(kind: string): MessageKind {
  if (!isMessageKind(kind)) throw new AppError('not_found');
  return kind;
}

function parseLocale(locale: string): Locale {
  if (!isLocale(locale)) throw new AppError('not_found');
  return locale;
}

/** One template as the API shows it: the effective text per part, and whether it was customised here. */
async function describe(ctx: ServiceContext, target: TemplateScope, kind: MessageKind, locale: Locale) {
  const rows = await ctx.stores.messageTemplates.listByScopes([target.scope]);
  const row = rows.find((r) => r.kind === kind && r.locale === locale);
  const wording = await wordingFor(ctx.stores, target.orgId, kind, locale);
  const defaults = target.orgId ? await wordingFor(ctx.stores, null, kind, locale) : wordingOf(kind, locale);
  return {
    kind,
    locale,
    parts: partsOf(kind),
    placeholders: [...MESSAGE_KINDS[kind].placeholders],
    customized: row !== undefined,
    emailSubject: wording.emailSubject ?? '',
    emailBody: wording.emailBody ?? '',
    sms: wording.sms ?? null,
    defaults: {
      emailSubject: defaults.emailSubject ?? '',
      emailBody: defaults.emailBody ?? '',
      sms: defaults.sms ?? null,
    },
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}

/** `GET /api/admin/templates`: every kind in every language, with what is customised. */
export async function listTemplates(ctx: ServiceContext, target: TemplateScope) {
  const rows = await ctx.stores.messageTemplates.listByScopes([target.scope]);
  return {
    locales: [...LOCALES],
    kinds: MESSAGE_KIND_NAMES.map((kind) => ({
      kind,
      parts: partsOf(kind),
      placeholders: [...MESSAGE_KINDS[kind].placeholders],
      customizedLocales: rows.filter((r) => r.kind === kind).map((r) => r.locale),
    })),
  };
}

/** `GET /api/admin/templates/:kind/:locale`. */
export async function getTemplate(ctx: ServiceContext, target: TemplateScope, kind: string, locale: string) {
  return describe(ctx, target, parseKind(kind), parseLocale(locale));
}

function refuseProblems(
  kind: MessageKind,
  locale: Locale,
  wording: Wording,
  now: Date,
  host: string | null,
  product: string,
) {
  const sample = samplePlaceholders(locale, kind, now, product);
  const problems = validateWording(kind, wording, sample);
  // The WebOTP line is appended to every SMS code: it counts towards the segments too.
  if (wording.sms !== undefined && problems.length === 0) {
    const size = smsSize(fillPlaceholders(wording.sms, sample) + originBoundSuffix(host, sample.code ?? ''));
    if (size.segments > 3)
      problems.push({
        part: 'sms',
        message: `too long: ${size.segments} SMS segments (${size.encoding}, ${size.units} units, with the @host #code line); at most 3`,
      });
  }
  if (problems.length)
    throw invalidRequest(
      problems.map((p) => ({ field: p.part, message: p.message })),
      `Invalid template: ${problems.map((p) => `${p.part} ${p.message}`).join('; ')}.`,
    );
}

/**
 * `PUT /api/admin/templates/:kind/:locale`: saves the parts given (a part left out
 * keeps its current wording). Refuses a code message without `{code}`, an SMS
 * over three segments, an unknown placeholder.
 */
export async function saveTemplate(
  ctx: ServiceContext,
  target: TemplateScope,
  actor: User,
  kind: string,
  locale: string,
  input: Wording,
  meta: RequestMeta,
) {
  const k = parseKind(kind);
  const l = parseLocale(locale);
  const host = ctx.config.publicUrl ? new URL(ctx.config.publicUrl).host : null;
  // An organization's SMS is measured with its own product name, which may be longer than the system's.
  refuseProblems(k, l, input, ctx.now(), host, await productNameFor(ctx.stores, target.orgId));
  const rows = await ctx.stores.messageTemplates.listByScopes([target.scope]);
  const current = rows.find((r) => r.kind === k && r.locale === l);
  await ctx.stores.messageTemplates.upsert({
    scope: target.scope,
    kind: k,
    locale: l,
    emailSubject: input.emailSubject ?? current?.emailSubject ?? null,
    emailBody: input.emailBody ?? current?.emailBody ?? null,
    smsText: input.sms ?? current?.smsText ?? null,
    updatedAt: ctx.now(),
    updatedBy: actor.id,
  });
  await recordEvent(ctx, 'message_template_changed', {
    userId: null,
    actorId: actor.id,
    orgId: target.orgId,
    meta,
    details: {
      kind: k,
      locale: l,
      scope: target.orgId ? 'organization' : 'system',
      parts: Object.keys(input),
    },
  });
  return describe(ctx, target, k, l);
}

/** `DELETE /api/admin/templates/:kind/:locale`: back to the default (the catalog text, or the system's wording for an organization). */
export async function resetTemplate(
  ctx: ServiceContext,
  target: TemplateScope,
  actor: User,
  kind: string,
  locale: string,
  meta: RequestMeta,
) {
  const k = parseKind(kind);
  const l = parseLocale(locale);
  const removed = await ctx.stores.messageTemplates.remove(target.scope, k, l);
  if (removed)
    await recordEvent(ctx, 'message_template_reset', {
      userId: null,
      actorId: actor.id,
      orgId: target.orgId,
      meta,
      details: { kind: k, locale: l, scope: target.orgId ? 'organization' : 'system' },
    });
  return describe(ctx, target, k, l);
}

/**
 * `POST /api/admin/templates/:kind/:locale/preview`: the message as it would go
 * out, filled with sample values — the wording given (validated like a save), or
 * the saved one. Nothing is stored or sent.
 */
export async function previewTemplate(
  ctx: ServiceContext,
  target: TemplateScope,
  kind: string,
  locale: string,
  input: Wording,
) {
  const k = parseKind(kind);
  const l = parseLocale(locale);
  const host = ctx.config.publicUrl ? new URL(ctx.config.publicUrl).host : null;
  const product = await productNameFor(ctx.stores, target.orgId);
  refuseProblems(k, l, input, ctx.now(), host, product);
  const saved = await wordingFor(ctx.stores, target.orgId, k, l);
  const wording: Wording = { ...saved, ...input };
  const values = samplePlaceholders(l, k, ctx.now(), product);
  const email = renderTemplatedEmail(wording, values, l);
  const sms =
    wording.sms !== undefined
      ? `${fillPlaceholders(wording.sms, values)}${originBoundSuffix(host, values.code ?? '')}`
      : null;
  return {
    kind: k,
    locale: l,
    values,
    email,
    sms: sms === null ? null : { text: sms, ...smsSize(sms) },
  };
}

export type { TemplatePart };
export { PRODUCT_NAME };
