/** Sending mail through SMTP (nodemailer, from SMTP_URL). */
import type { SendMail } from '@consilium/jobs/reverification';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Env } from '../../env.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Tells the log what was sent (never the address or the content). */
  kind: string;
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

export function createMailer(env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'>, log: Logger): Mailer {
  const transport = nodemailer.createTransport(env.SMTP_URL);
  return {
    async send({ to, subject, text, kind }) {
      await transport.sendMail({ from: env.MAIL_FROM, to, subject, text });
      log.info({ kind }, 'mail sent');
    },
    later(kind, work) {
      setImmediate(() => {
        // The error's code only: an SMTP refusal quotes the recipient's address, which no log carries.
        work().catch((err: unknown) => log.warn({ kind, code: (err as { code?: unknown }).code ?? 'unknown' }, 'mail not sent'));
      });
    },
    close: () => transport.close(),
  };
}

/**
 * The re-verification notices' `SendMail` (`@consilium/jobs/reverification`) over this mailer: the
 * mail leaves after the answer (a refusal is logged with its code only), and the log says which
 * kind of mail went to which account, never the address.
 */
export function smtpSendMail(mailer: Mailer, log: Logger): SendMail {
  return async ({ accountId, ...message }) => {
    log.info({ mail: message.kind, accountId }, 'mail queued');
    mailer.later(message.kind, () => mailer.send(message));
  };
}
