import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message the sink accepted, with its MIME parts decoded. */
export interface ReceivedMail {
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  raw: string;
  /** The connection was TLS (smtps, or upgraded with STARTTLS). */
  secure: boolean;
  /** The user name the client authenticated with, if it did. */
  user: string | null;
}

export interface SmtpSink {
  port: number;
  /** An SMTP_URL for this sink (with the credentials when it requires auth). */
  url: string;
  messages: ReceivedMail[];
  /** While set, every message is refused at DATA with this SMTP reply code. */
  refuseWith: number | null;
  /** Resolves with the first (already or later) received message matching `predicate`. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Messages to `address`, oldest first. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (random port) that keeps what it receives.
 * Plain by default (STARTTLS off); `tls: 'starttls'` offers STARTTLS and
 * `tls: 'implicit'` speaks TLS from the first byte (smtps), both with
 * smtp-server's built-in self-signed certificate.
 */
export async function startSmtpSink(
  options: { auth?: { user: string; pass: string }; tls?: 'none' | 'starttls' | 'implicit' } = {},
): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<{ predicate: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }>();
  const tls = options.tls ?? 'none';
  const sink = { refuseWith: null as number | null };

  const serverOptions: SMTPServerOptions = {
    secure: tls === 'implicit',
    disabledCommands: [...(tls === 'none' ? ['STARTTLS'] : []), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (sink.refuseWith) {
          const error = Object.assign(new Error('Message refused by the test sink'), {
            responseCode: sink.refuseWith,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMail(raw);
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.headers.subject ?? '',
          text: parsed.text ?? '',
          html: parsed.html,
          raw,
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : null,
        };
        messages.push(mail);
        for (const waiter of waiters) {
          if (waiter.predicate(mail)) {
            waiters.delete(waiter);
            waiter.resolve(mail);
          }
        }
        callback(null, 'queued');
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  const scheme = tls === 'implicit' ? 'smtps' : 'smtp';
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';
  const query = tls === 'none' ? '' : '?tls.rejectUnauthorized=false';

  return Object.assign(sink, {
    port,
    url: `${scheme}://${credentials}127.0.0.1:${port}${query}`,
    messages,
    waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter))
            reject(new Error(`no matching mail within ${timeoutMs} ms (got ${messages.length})`));
        }, timeoutMs).unref();
      });
    },
    to(address: string) {
      return messages.filter((m) => m.to.includes(address));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** The 6-digit code in a message (the first one in its text). */
export function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error(`no 6-digit code in: ${text}`);
  return match[1]!;
}

// --- A minimal MIME reader: enough for what nodemailer writes (mailparser is not installed). ---

interface MimePart {
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
}

function splitHeadBody(raw: string): [string, string] {
  const index = raw.search(/\r?\n\r?\n/);
  if (index < 0) return [raw, ''];
  const separator = /\r?\n\r?\n/.exec(raw.slice(index))![0];
  return [raw.slice(0, index), raw.slice(index + separator.length)];
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return headers;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

/** RFC 2045 quoted-printable: soft line breaks removed, `=XX` bytes decoded as UTF-8. */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

export function parseMail(raw: string): MimePart {
  const [head, body] = splitHeadBody(raw);
  const headers = parseHeaders(head);
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const result: MimePart = { headers, text: null, html: null };
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const part = parseMail(section.replace(/^\r?\n/, ''));
      result.text ??= part.text;
      result.html ??= part.html;
    }
    return result;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']).replace(/\r?\n$/, '');
  return {
    headers,
    text: /^text\/plain/i.test(contentType) ? decoded : null,
    html: /^text\/html/i.test(contentType) ? decoded : null,
  };
}
