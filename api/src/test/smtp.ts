/** A real SMTP server on loopback for the mail tests: it accepts everything and keeps each mail parsed. */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  /** Every header, by lower-case name (the last one when repeated), unfolded. */
  headers: Record<string, string>;
}

export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const waiting: Array<{ to: string; resolve: (mail: ReceivedMail) => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed: ParsedMail) => {
          for (const rcpt of session.envelope.rcptTo) {
            const mail = { to: rcpt.address.toLowerCase(), from: parsed.from?.text ?? '', subject: parsed.subject ?? '', text: parsed.text ?? '', headers: Object.fromEntries(parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim()])) };
            received.push(mail);
            const i = waiting.findIndex((w) => w.to === mail.to);
            if (i >= 0) waiting.splice(i, 1)[0]!.resolve(mail);
          }
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The next mail to this address not yet taken by an earlier call (waits for it, up to 10 s). */
    next(to: string, timeoutMs = 10_000): Promise<ReceivedMail> {
      const already = received.find((m) => m.to === to.toLowerCase());
      if (already) {
        received.splice(received.indexOf(already), 1);
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
        waiting.push({
          to: to.toLowerCase(),
          resolve: (mail) => {
            clearTimeout(timer);
            received.splice(received.indexOf(mail), 1);
            resolve(mail);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token of the first link in a mail to a page of the web app. */
export function linkToken(text: string, path: string): string {
  const match = new RegExp(`https?://\\S+${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[1]!;
}

type Gql = (query: string, variables?: Record<string, unknown>, options?: { ip?: string }) => Promise<{ errors?: Array<{ extensions?: Record<string, unknown> }> }>;

/**
 * "Open the last mail, follow the link": takes the next mail to `to` (waiting for it), and
 * confirms the address with the token of its /confirm-email link, as the web page's button does.
 * Returns the mail, for tests that look at it too.
 */
export async function confirmByMail(smtp: Awaited<ReturnType<typeof startSmtpServer>>, gql: Gql, to: string): Promise<ReceivedMail> {
  const mail = await smtp.next(to);
  const res = await gql('mutation ($t: String!) { confirmEmail(token: $t) }', { t: linkToken(mail.text, '/confirm-email') });
  if (res.errors) throw new Error(`the link in the mail to ${to} did not confirm: ${JSON.stringify(res.errors)}`);
  return mail;
}
