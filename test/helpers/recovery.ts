import { startTestServer, type TestServer } from './server.js';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from './smtp-sink.js';

/** A test server that mails through a real SMTP sink. */
export interface MailHarness {
  server: TestServer;
  smtp: SmtpSink;
  close(): Promise<void>;
}

export async function startMailHarness(env: Record<string, string> = {}): Promise<MailHarness> {
  const smtp = await startSmtpSink();
  const server = await startTestServer({
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Twofold <no-reply@twofold.test>',
      DELIVERY_TIMEOUT_MS: '2000',
      ...env,
    },
  });
  return {
    server,
    smtp,
    async close() {
      await server.close();
      await smtp.close();
    },
  };
}

const RESET_LINK = /(https?:\/\/[^\s"<>]+\/reset-password#token=([A-Za-z0-9_-]+))/;

/** The reset link and its token in a "reset your password" mail. */
export function resetLinkIn(mail: ReceivedMail): { link: string; token: string } {
  const match = RESET_LINK.exec(mail.text);
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  return { link: match[1]!, token: match[2]! };
}

/**
 * Asks for a reset link for `email` and returns it, read from the SMTP sink (the
 * first reset mail to that address after the messages already there).
 */
export async function requestResetLink(
  h: MailHarness,
  email: string,
): Promise<{ link: string; token: string }> {
  const mark = h.smtp.messages.length;
  const res = await h.server.request('POST', '/api/auth/password/forgot', { body: { email } });
  if (res.status !== 202) throw new Error(`forgot: ${res.status} ${JSON.stringify(res.body)}`);
  const mail = await h.smtp.waitFor(
    (m) =>
      h.smtp.messages.indexOf(m) >= mark && m.to.includes(email) && /reset your password/.test(m.subject),
  );
  return resetLinkIn(mail);
}
