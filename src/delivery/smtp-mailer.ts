import nodemailer, { type NodemailerError, type Transporter } from 'nodemailer';
import { DeliveryError } from './delivery-error.js';
import type { DeliveryProvider, DeliveryReceipt, OutboundMessage } from './types.js';

export interface SmtpMailerConfig {
  /**
   * `smtp://[user:pass@]host[:port]` (STARTTLS whenever the server offers it) or
   * `smtps://…` (TLS from the first byte, port 465). Nodemailer options can ride
   * along as query parameters, e.g. `?requireTLS=true` or `?tls.rejectUnauthorized=false`.
   */
  smtpUrl?: string;
  /** The server as fields (the console's form), instead of {@link smtpUrl}. */
  smtp?: {
    host: string;
    port: number;
    /** `none`: never STARTTLS; `starttls`: STARTTLS required; `tls`: TLS from the first byte. */
    security: 'none' | 'starttls' | 'tls';
    user: string | null;
    password: string | null;
  };
  /** From header of every message, e.g. `Twofold <no-reply@example.com>`. */
  mailFrom: string;
  /** Connect, greeting and socket-inactivity timeout, in milliseconds. */
  timeoutMs: number;
}

/**
 * Email over SMTP through nodemailer: one connection per message (no pool to leak
 * or to go stale), a text and an HTML part, STARTTLS when offered.
 * @example new SmtpMailer({ smtpUrl: 'smtp://mail:secret@smtp.example.com:587', mailFrom: 'Twofold <no-reply@example.com>', timeoutMs: 10_000 })
 */
export class SmtpMailer implements DeliveryProvider {
  readonly name = 'smtp';
  readonly #transport: Transporter;
  readonly #from: string;

  constructor(config: SmtpMailerConfig) {
    this.#from = config.mailFrom;
    const { smtp } = config;
    const server = smtp
      ? {
          host: smtp.host,
          port: smtp.port,
          secure: smtp.security === 'tls',
          requireTLS: smtp.security === 'starttls',
          ignoreTLS: smtp.security === 'none',
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
        }
      : { url: config.smtpUrl };
    this.#transport = nodemailer.createTransport({
      ...server,
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      dnsTimeout: config.timeoutMs,
      socketCloseTimeout: 1000,
    });
  }

  async send(message: OutboundMessage, options: { signal: AbortSignal }): Promise<DeliveryReceipt> {
    if (message.channel !== 'email')
      throw new DeliveryError('the SMTP provider sends email only', { provider: this.name });
    try {
      const info = await this.#transport.sendMail({
        from: this.#from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        // RFC 3834: an automatic message; auto-responders should not answer it.
        headers: { 'Auto-Submitted': 'auto-generated' },
        signal: options.signal,
      });
      return { provider: this.name, messageId: info.messageId ?? null };
    } catch (error) {
      throw toDeliveryError(error as NodemailerError, options.signal);
    }
  }

  /** Releases the transport (nothing is pooled, so this only stops future sends). */
  close(): void {
    this.#transport.close();
  }
}

/** Describes a nodemailer failure in our own words: error code, SMTP reply code and command. */
function toDeliveryError(error: NodemailerError, signal: AbortSignal): DeliveryError {
  const timedOut = signal.aborted || error.code === 'ETIMEDOUT' || error.code === 'EABORT';
  const parts = [`SMTP ${timedOut ? 'timed out' : 'failed'}`];
  if (error.code) parts.push(`(${error.code})`);
  if (error.responseCode) parts.push(`reply ${error.responseCode}`);
  if (error.command) parts.push(`to ${error.command.split(' ')[0]}`);
  if (error.response) parts.push(`: ${error.response.slice(0, 200)}`);
  return new DeliveryError(parts.join(' '), {
    provider: 'smtp',
    status: error.responseCode ?? null,
    timedOut,
  });
}
