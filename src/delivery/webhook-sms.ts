import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeliveryError } from './delivery-error.js';
import { postToProvider } from './http-post.js';
import type { DeliveryProvider, DeliveryReceipt, OutboundMessage } from './types.js';

/** Header carrying the signature of a webhook delivery. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Twofold-Signature';

export interface WebhookSmsConfig {
  url: string;
  /** HMAC-SHA256 key shared with the receiver. */
  secret: string;
  /** The clock; the signature's timestamp comes from it. */
  now: () => Date;
}

/** The JSON body POSTed to the webhook. `code` is null for messages that carry none. */
export interface WebhookSmsPayload {
  to: string;
  body: string;
  code: string | null;
  purpose: OutboundMessage['purpose'];
}

/**
 * The signature header value for `body` sent at `timestampSeconds`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (the timestamp is
 * signed too, so a captured request cannot be replayed later with a fresh `t`).
 * @example signWebhookBody('s3cret', '{"to":"+15551234567"}', 1767225600)
 */
export function signWebhookBody(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * What a receiver runs: true when `header` is a valid signature of `body` made
 * within `toleranceSeconds` of `nowSeconds`. Compares in constant time.
 * @example verifyWebhookSignature(secret, rawBody, req.headers['x-twofold-signature'], Date.now() / 1000)
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, body, t).split('v1=')[1]!, 'hex');
  const actual = Buffer.from(match[2]!, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * SMS through any gateway of your own: POST `{"to","body","code","purpose"}` as
 * JSON to `SMS_WEBHOOK_URL`, signed with {@link signWebhookBody} in the
 * {@link WEBHOOK_SIGNATURE_HEADER} header. Any 2xx answer means accepted.
 */
export class WebhookSms implements DeliveryProvider {
  readonly name = 'webhook';
  readonly #config: WebhookSmsConfig;

  constructor(config: WebhookSmsConfig) {
    this.#config = config;
  }

  async send(message: OutboundMessage, options: { signal: AbortSignal }): Promise<DeliveryReceipt> {
    if (message.channel !== 'sms')
      throw new DeliveryError('the webhook provider sends SMS only', { provider: this.name });
    const payload: WebhookSmsPayload = {
      to: message.to,
      body: message.text,
      code: message.code ?? null,
      purpose: message.purpose,
    };
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(this.#config.now().getTime() / 1000);
    const { json } = await postToProvider(this.name, this.#config.url, {
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(this.#config.secret, body, timestamp),
      },
      body,
      signal: options.signal,
    });
    const id = (json as { id?: unknown } | null)?.id;
    return { provider: this.name, messageId: typeof id === 'string' ? id : null };
  }
}
