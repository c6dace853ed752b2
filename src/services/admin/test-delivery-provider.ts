import { z } from 'zod';
import { renderTestMessage } from '../../delivery/messages.js';
import type { DeliveryChannel } from '../../delivery/types.js';
import { AppError, invalidRequest } from '../../errors.js';
import { recordEvent } from '../audit-log.js';
import type { RequestMeta, ServiceContext } from '../context.js';
import { maskDestination, normalizePhoneNumber } from '../destinations.js';
import { productNameFor, recipientLocale } from '../message-templates.js';
import type { Principal } from '../principal.js';

/** Test messages one administrator may send per hour (each SMS costs money). */
export const PROVIDER_TESTS_PER_HOUR = 20;

/**
 * `POST /api/admin/providers/test` (system admin): sends a test message through
 * the channel's configured provider and answers once the provider accepted it;
 * `502 delivery_failed` when it did not.
 */
export async function testDeliveryProvider(
  ctx: ServiceContext,
  principal: Principal,
  input: { channel: DeliveryChannel; to: string },
  meta: RequestMeta,
) {
  const { user } = principal;
  if (principal.kind !== 'session' || user.role !== 'system_admin') throw new AppError('forbidden');
  let to: string;
  if (input.channel === 'email') {
    const parsed = z.email().safeParse(input.to.trim());
    if (!parsed.success) throw invalidRequest([{ field: 'to', message: 'must be an email address' }]);
    to = parsed.data;
  } else {
    const phone = normalizePhoneNumber(input.to);
    if (!phone)
      throw invalidRequest([
        { field: 'to', message: 'must be a phone number in international (E.164) form' },
      ]);
    to = phone.e164;
  }
  const limit = await ctx.stores.rateLimiter.consume(
    `providers:test:${user.id}`,
    PROVIDER_TESTS_PER_HOUR,
    3600,
    ctx.now(),
  );
  if (!limit.allowed)
    throw new AppError('rate_limited', { extra: { retryAfterSeconds: limit.retryAfterSeconds } });

  const destination = maskDestination(input.channel, to);
  const provider = ctx.delivery.providerName(input.channel);
  try {
    const receipt = await ctx.delivery.send(
      renderTestMessage({
        channel: input.channel,
        to,
        locale: recipientLocale(ctx, user, meta),
        product: await productNameFor(ctx.stores, user.orgId),
      }),
    );
    await recordEvent(ctx, 'provider_tested', {
      userId: user.id,
      actorId: user.id,
      meta,
      details: { channel: input.channel, provider, destination, outcome: 'sent' },
    });
    return {
      status: 'sent' as const,
      channel: input.channel,
      provider,
      destination,
      messageId: receipt.messageId,
    };
  } catch (error) {
    await recordEvent(ctx, 'provider_tested', {
      userId: user.id,
      actorId: user.id,
      meta,
      details: {
        channel: input.channel,
        provider,
        destination,
        outcome: 'failed',
        reason: (error as Error).message,
      },
    });
    throw new AppError('delivery_failed', { cause: error });
  }
}
