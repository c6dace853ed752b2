import { DeliveryError } from './delivery-error.js';
import { postToProvider } from './http-post.js';
import type { DeliveryProvider, DeliveryReceipt, OutboundMessage } from './types.js';

export interface TwilioSmsConfig {
  accountSid: string;
  authToken: string;
  /** A sender number (E.164) or a Messaging Service SID (`MG…`). */
  from: string;
  /** Base URL of the API, `https://api.twilio.com` (a stand-in in tests). */
  apiUrl: string;
}

/**
 * SMS through Twilio's Messages API: one form POST to
 * `{apiUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic auth
 * (`AccountSid:AuthToken`) and the fields `To`, `From` (or `MessagingServiceSid`)
 * and `Body`. Twilio answers `201` with the message resource once it queued it.
 * @example new TwilioSms({ accountSid: 'AC…', authToken: '…', from: '+15005550006', apiUrl: 'https://api.twilio.com' })
 */
export class TwilioSms implements DeliveryProvider {
  readonly name = 'twilio';
  readonly #config: TwilioSmsConfig;

  constructor(config: TwilioSmsConfig) {
    this.#config = config;
  }

  async send(message: OutboundMessage, options: { signal: AbortSignal }): Promise<DeliveryReceipt> {
    if (message.channel !== 'sms')
      throw new DeliveryError('the Twilio provider sends SMS only', { provider: this.name });
    const { accountSid, authToken, from, apiUrl } = this.#config;
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    if (/^MG[0-9a-f]{32}$/i.test(from)) form.set('MessagingServiceSid', from);
    else form.set('From', from);
    const { json } = await postToProvider(
      this.name,
      `${apiUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
      {
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: options.signal,
      },
    );
    const sid = (json as { sid?: unknown } | null)?.sid;
    return { provider: this.name, messageId: typeof sid === 'string' ? sid : null };
  }
}
