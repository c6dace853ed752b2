/**
 * A provider refused a message, failed, or did not answer in time. `message` is
 * written by us and safe to log: it never carries the message body or a code.
 * @example throw new DeliveryError('twilio answered 500', { provider: 'twilio', status: 500 })
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly provider: string;
  /** HTTP status or SMTP reply code of the refusal, when there was one. */
  readonly status: number | null;
  readonly timedOut: boolean;

  constructor(message: string, options: { provider: string; status?: number | null; timedOut?: boolean }) {
    super(message);
    this.provider = options.provider;
    this.status = options.status ?? null;
    this.timedOut = options.timedOut ?? false;
  }
}
