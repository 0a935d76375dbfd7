/**
 * The account's mails: confirming the address, resetting a forgotten password, changing the
 * address. A request that names an address answers the same whether an account holds it or not,
 * in the same time: the lookup and the sending happen after the answer (`Mailer.later`).
 */
import { isUniqueViolation } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput, badInputs } from '../../errors.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.ts';
import { consume, limitKey } from '../rate-limits.ts';
import { findLink, issueLink, LINK_MINUTES, linkUrl, spendLink } from './links.ts';
import { addressChangedMail, changeConfirmationMail, confirmationMail, resetMail } from '@consilium/jobs/mail-messages';

const PASSWORD_MESSAGES = {
  too_short: 'password must have at least 12 characters.',
  too_long: 'password must have at most 256 characters.',
  common_password: 'password is too common or too easy to guess; choose a longer or less predictable one.',
} as const;

const invalidLink = () => badInput('token', 'invalid_token', 'token: this link is unknown, already used or expired; ask for a new one.');

/** Sends the confirmation link of a just-registered account (after the answer). */
export function sendConfirmation(ctx: Context, accountId: string, email: string): void {
  const { db, env, mailer, locale } = ctx;
  mailer.later('confirm-email', async () => {
    const token = await issueLink(db, accountId, 'CONFIRM_EMAIL');
    const mail = confirmationMail(locale, linkUrl(env.WEB_URL, 'CONFIRM_EMAIL', token), LINK_MINUTES.CONFIRM_EMAIL / 60);
    await mailer.send({ to: email, ...mail, kind: 'confirm-email' });
  });
}

/** `resendEmailConfirmation`: a fresh link for the viewer's unconfirmed address; false when it is confirmed already. */
export async function resendConfirmation(ctx: Context): Promise<boolean> {
  const accountId = ctx.viewer!.accountId;
  await consume([ctx.rateLimits.mailByAccount, accountId]);
  const account = await ctx.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { email: true, emailConfirmed: true } });
  if (account.emailConfirmed) return false;
  sendConfirmation(ctx, accountId, account.email);
  return true;
}

/** `requestPasswordReset`: always true, counted per address and per e-mail whether or not it is known. */
export async function requestPasswordReset(ctx: Context, email: string): Promise<true> {
  await consume([ctx.rateLimits.resetByIp, ctx.ip], [ctx.rateLimits.resetByEmail, limitKey(ctx.env.RATE_LIMIT_KEY_SECRET, 'reset-email', email)]);
  const { db, env, mailer, locale } = ctx;
  mailer.later('reset-password', async () => {
    const account = await db.account.findUnique({ where: { email }, select: { id: true } });
    if (!account) return;
    const token = await issueLink(db, account.id, 'RESET_PASSWORD');
    await mailer.send({ to: email, ...resetMail(locale, linkUrl(env.WEB_URL, 'RESET_PASSWORD', token), LINK_MINUTES.RESET_PASSWORD), kind: 'reset-password' });
  });
  return true;
}

/**
 * `resetPassword`: the new password replaces the old, every session of the account ends, and the
 * address counts as confirmed (the link came to it). The link is used up only when all of it succeeds.
 */
export async function resetPassword(ctx: Context, token: string, password: string): Promise<true> {
  const link = await findLink(ctx.db, token, ['RESET_PASSWORD']);
  if (!link) throw invalidLink();
  const [localPart = '', domain = ''] = link.email.split('@');
  const problem = passwordProblem(password, [link.email, localPart, domain, 'consilium']);
  if (problem) throw badInputs([badInput('password', problem, PASSWORD_MESSAGES[problem])]);
  const passwordHash = await hashPassword(password);
  await ctx.db.$transaction(async (tx) => {
    if (!(await spendLink(tx, token))) throw invalidLink();
    await tx.account.update({ where: { id: link.accountId }, data: { passwordHash, emailConfirmed: true } });
    await tx.session.deleteMany({ where: { accountId: link.accountId } });
  });
  ctx.log.info({ accountId: link.accountId }, 'password reset; every session ended');
  return true;
}

/**
 * `confirmEmail`: follows a confirmation link — of a new account's address, or of the new
 * address of a change, which then becomes the account's (the old one is told).
 */
export async function confirmEmail(ctx: Context, token: string): Promise<true> {
  const link = await findLink(ctx.db, token, ['CONFIRM_EMAIL', 'CHANGE_EMAIL']);
  if (!link) throw invalidLink();
  try {
    await ctx.db.$transaction(async (tx) => {
      if (!(await spendLink(tx, token))) throw invalidLink();
      await tx.account.update({ where: { id: link.accountId }, data: { emailConfirmed: true, ...(link.newEmail ? { email: link.newEmail } : {}) } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw badInput('token', 'already_taken', 'token: another account took this address meanwhile.');
    throw err;
  }
  if (link.newEmail) {
    const { mailer, env, locale } = ctx;
    const mail = addressChangedMail(locale, link.newEmail, `${env.WEB_URL}/forgot-password`);
    mailer.later('address-changed', () => mailer.send({ to: link.email, ...mail, kind: 'address-changed' }));
  }
  ctx.log.info({ accountId: link.accountId, change: Boolean(link.newEmail) }, 'e-mail address confirmed');
  return true;
}

/**
 * `requestEmailChange`: the current password, then a link to the new address; the account keeps
 * its address until the link is followed. An address that another account holds gets no mail,
 * and the answer does not say so.
 */
export async function requestEmailChange(ctx: Context, newEmail: string, password: string): Promise<true> {
  const accountId = ctx.viewer!.accountId;
  await consume([ctx.rateLimits.mailByAccount, accountId]);
  const account = await ctx.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { email: true, passwordHash: true } });
  if (!(await verifyPassword(account.passwordHash, password))) throw badInput('password', 'invalid', 'password: this is not the account’s password.');
  if (newEmail === account.email) throw badInput('newEmail', 'invalid', 'newEmail: this is already the account’s address.');
  const { db, env, mailer, locale } = ctx;
  mailer.later('change-email', async () => {
    if (await db.account.findUnique({ where: { email: newEmail }, select: { id: true } })) return;
    const token = await issueLink(db, accountId, 'CHANGE_EMAIL', newEmail);
    const mail = changeConfirmationMail(locale, linkUrl(env.WEB_URL, 'CHANGE_EMAIL', token), LINK_MINUTES.CHANGE_EMAIL / 60);
    await mailer.send({ to: newEmail, ...mail, kind: 'change-email' });
  });
  return true;
}
