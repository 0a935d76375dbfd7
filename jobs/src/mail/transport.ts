/**
 * Sending mail through SMTP (nodemailer, from SMTP_URL): one transport for the API, the worker
 * and the CLI, so that every process mails the same way and logs it the same way — the kind of
 * mail and, at most, the account's id; never the address, the subject or the text.
 */
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Tells the log what was sent (never the address or the content). */
  kind: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post on notification mails). */
  headers?: Record<string, string>;
}

/** The log calls a mailer makes (pino's logger has them). */
export interface MailLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MailSettings {
  SMTP_URL: string;
  MAIL_FROM: string;
}

export interface Mailer {
  /** Sends now; rejects when the SMTP server refuses. */
  send(message: MailMessage): Promise<void>;
  /**
   * Runs `work` (which usually sends) after the answer has gone: a request answers in the same
   * time whether or not there is anything to send, and a slow SMTP server does not slow it. A
   * failure is logged with the kind of mail only.
   */
  later(kind: string, work: () => Promise<void>): void;
  close(): void;
}

/** The error's code only: an SMTP refusal quotes the recipient's address, which no log carries. */
const errorCode = (err: unknown) => (err as { code?: unknown }).code ?? 'unknown';

export function createMailer(settings: MailSettings, log: MailLog): Mailer {
  const transport = nodemailer.createTransport(settings.SMTP_URL);
  return {
    async send({ to, subject, text, kind, headers }) {
      await transport.sendMail({ from: settings.MAIL_FROM, to, subject, text, ...(headers && { headers }) });
      log.info({ kind }, 'mail sent');
    },
    later(kind, work) {
      setImmediate(() => {
        work().catch((err: unknown) => log.warn({ kind, code: errorCode(err) }, 'mail not sent'));
      });
    },
    close: () => transport.close(),
  };
}

/** A mail to an account's holder: the account's id goes to the log, the address only to SMTP. */
export type AccountMail = MailMessage & { accountId: string };

/** How a notice to an account's holder leaves (`@consilium/jobs/reverification` mails through it). */
export type SendMail = (message: AccountMail) => Promise<void>;

/**
 * For a request (the API): the mail leaves after the answer, so an SMTP server's pace never
 * shows in the answer's time; a refusal is logged with its code only.
 */
export function sendMailAfterAnswer(mailer: Mailer, log: MailLog): SendMail {
  return async ({ accountId, ...message }) => {
    log.info({ mail: message.kind, accountId }, 'mail queued');
    mailer.later(message.kind, () => mailer.send(message));
  };
}

/**
 * For the worker and the CLI: sends before resolving, so that a job or a command does not end
 * (and its process exit) with mails still in flight. A refusal is logged with its code and does
 * not throw: the other holders of a batch are still mailed, and the state change the mail tells
 * of is already committed (re-sending on a retry would mail the others twice).
 */
export function sendMailNow(mailer: Mailer, log: MailLog): SendMail {
  return async ({ accountId, ...message }) => {
    try {
      await mailer.send(message);
      log.info({ mail: message.kind, accountId }, 'mail sent to the account');
    } catch (err) {
      log.warn({ mail: message.kind, accountId, code: errorCode(err) }, 'mail not sent');
    }
  };
}
