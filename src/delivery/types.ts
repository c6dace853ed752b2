/** The two ways a message leaves the server. */
export type DeliveryChannel = 'email' | 'sms';

/** Why a message is sent; providers pass it on (the SMS webhook does) and logs record it. */
export type DeliveryPurpose =
  | 'verify'
  | 'enroll'
  | 'notice'
  | 'test'
  | 'password_reset'
  | 'email_verification';

/**
 * One message to one recipient, already rendered. SMS providers send `text` only;
 * `subject` and `html` matter for email.
 */
export interface OutboundMessage {
  channel: DeliveryChannel;
  /** Email address, or E.164 phone number for SMS. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  purpose: DeliveryPurpose;
  /**
   * The one-time code inside the message, when it carries one. The SMS webhook
   * hands it to the receiver as a field; failure logs scrub it from provider
   * answers; nothing else may read it (SECURITY.md rule 22).
   */
  code?: string;
}

/** What a provider answers once it accepted a message. */
export interface DeliveryReceipt {
  /** The provider's name: `smtp`, `twilio`, `webhook`, `log`. */
  provider: string;
  /** The provider's id of the message (SMTP Message-ID, Twilio SID), when it gives one. */
  messageId: string | null;
}

/**
 * A way out for one channel: SMTP for email; Twilio, a signed webhook or the log
 * for SMS. `send` resolves once the provider accepted the message and rejects
 * with a {@link DeliveryError} otherwise; it must stop its work when `signal`
 * aborts (the dispatcher's timeout).
 */
export interface DeliveryProvider {
  readonly name: string;
  send(message: OutboundMessage, options: { signal: AbortSignal }): Promise<DeliveryReceipt>;
}
