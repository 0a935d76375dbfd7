/**
 * The demo's unconfirmed physician registered and was mailed a confirmation link, as a new member
 * is: `pnpm start` runs the development mail catcher before seeding, so the mail is in its inbox.
 */
import type { Db } from '@consilium/db';
import type { Env } from '../env.ts';
import { issueLink, LINK_MINUTES, linkUrl } from '../domain/mail/links.ts';
import { confirmationMail } from '@consilium/jobs/mail-messages';
import type { Mailer } from '@consilium/jobs/mail';
import { DEMO_ACCOUNTS } from './demo-seed.ts';

/** An SMTP server that does not answer should not hold the seed up for nodemailer's minutes. */
const SEND_TIMEOUT_MS = 5_000;

/** Mails each unconfirmed demo account its confirmation link (in French); returns the lines to print. */
export async function mailDemoConfirmations(db: Db, env: Pick<Env, 'WEB_URL' | 'SMTP_URL'>, mailer: Mailer): Promise<string[]> {
  const lines: string[] = [];
  for (const demo of DEMO_ACCOUNTS.filter((a) => a.emailUnconfirmed)) {
    const account = await db.account.findUniqueOrThrow({ where: { email: demo.email }, select: { id: true } });
    const token = await issueLink(db, account.id, 'CONFIRM_EMAIL');
    const mail = confirmationMail('fr', linkUrl(env.WEB_URL, 'CONFIRM_EMAIL', token), LINK_MINUTES.CONFIRM_EMAIL / 60);
    const where = new URL(env.SMTP_URL).host;
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), SEND_TIMEOUT_MS)));
      await Promise.race([mailer.send({ to: demo.email, ...mail, kind: 'confirm-email' }), timeout]).finally(() => clearTimeout(timer));
      lines.push(`Demo mail: the confirmation link of ${demo.email} was mailed through ${where} (the development inbox \`pnpm start\` prints).`);
    } catch (err) {
      lines.push(`Demo mail: the confirmation link of ${demo.email} could not be mailed through ${where} (${(err as Error).message}); "Send the link again" on their page mails a new one.`);
    }
  }
  return lines;
}
