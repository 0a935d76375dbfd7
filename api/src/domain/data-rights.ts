/**
 * Data rights (GDPR Art. 15, 17, 20): the export of everything held on an account, computed at
 * request time and never stored, and the deletion of an account (docs/data-rights.md).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
import { leaveAllGroups } from './groups/membership.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { pseudonymKey } from './pseudonyms.ts';
import { dayOf } from './sessions.ts';

/** Everything held on the account, as one JSON document. Nothing of it is written anywhere. */
export async function exportOf(ctx: Context, accountId: string) {
  const db = ctx.db;
  const account = await db.account.findUniqueOrThrow({
    where: { id: accountId },
    select: {
      id: true, email: true, role: true, language: true, createdAt: true,
      organization: { select: { id: true, name: true, type: true, billingAddress: true, postalCode: true, city: true, country: true, vatNumber: true } },
      credential: {
        select: {
          country: true, registry: true, licenseNumber: true, specialty: true, region: true, practiceStartYear: true,
          status: true, reviewReason: true, submittedAt: true, decidedAt: true,
        },
      },
      sessions: { select: { device: true, createdAt: true, lastSeenAt: true, expiresAt: true }, orderBy: { createdAt: 'asc' } },
      honoraria: { select: { surveyId: true, amountCents: true, createdAt: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      tokenIssues: { select: { surveyId: true } },
      // The public key is the member's own passkey's; its name and days are what they see on the account page.
      passkeys: { select: { name: true, credentialId: true, transports: true, createdOn: true, lastUsedOn: true }, orderBy: [{ createdOn: 'asc' }, { name: 'asc' }] },
      // Whether and since which day: never the secret (sealed) nor the recovery codes (hashed), which
      // would hand whoever holds the document the factor itself.
      totpFactor: { select: { confirmed: true } },
    },
  });
  const { sessions, honoraria, tokenIssues, credential, organization, passkeys, totpFactor, ...identity } = account;
  const totpOn = totpFactor?.confirmed === true;
  return {
    format: 'consilium-export/1',
    generatedAt: new Date().toISOString(),
    account: identity,
    organization,
    credential,
    sessions,
    passkeys,
    totp: { enrolled: totpOn },
    honoraria,
    // That the account took a survey's token, never what it answered: answers hold no link to anyone.
    surveysTaken: tokenIssues.map((issue) => issue.surveyId),
    // No notification preferences are held: in-app notifications belong to the pseudonym, below.
    notificationPreferences: null,
    pseudonym: account.role === 'PHYSICIAN' ? await pseudonymousData(ctx, accountId) : null,
  };
}

/** The member's pseudonymous data, found through the key computed now from the secret. */
async function pseudonymousData(ctx: Context, accountId: string) {
  const pseudonym = await ctx.db.pseudonym.findUnique({
    where: { key: pseudonymKey(ctx.env.PSEUDONYM_SECRET, accountId) },
    select: {
      handle: true, specialty: true, country: true, suspended: true,
      threads: { select: { id: true, room: true, title: true, tags: true, createdAt: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      posts: { select: { id: true, threadId: true, parentId: true, body: true, hidden: true, createdAt: true, editedAt: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      postVotes: { select: { postId: true, value: true } },
      pollVotes: { select: { pollId: true, optionId: true } },
      bookmarks: { select: { threadId: true } },
      reports: { select: { postId: true, reason: true } },
      notifications: { select: { kind: true, postId: true, read: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
      attachments: { select: { id: true, postId: true, mimeType: true, width: true, height: true, bytes: true, createdAt: true } },
      conversations: { select: { conversationId: true } },
      messages: { select: { id: true, conversationId: true, seq: true, body: true, day: true }, orderBy: [{ conversationId: 'asc' }, { seq: 'asc' }] },
      blocks: { select: { blockedId: true } },
      messageReports: { select: { messageId: true, reason: true, day: true } },
      groups: { select: { groupId: true, role: true } },
      follows: { select: { targetKind: true, target: true, level: true } },
    },
  });
  return pseudonym;
}

/**
 * Deletes a physician's account after the password is entered again. The account, its sessions,
 * its credential (freeing the licence claim) and its survey participations go; the honoraria
 * ledger moves to a stand-in account with a random id and no e-mail (payments must be kept);
 * the pseudonym and its posts stay, under a random key that no stored id can reproduce.
 */
export async function deleteAccount(ctx: Context, accountId: string, password: string): Promise<void> {
  const account = await ctx.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { passwordHash: true } });
  if (!(await verifyPassword(account.passwordHash, password))) {
    throw badInput('password', 'invalid', 'The password is wrong.');
  }
  const key = pseudonymKey(ctx.env.PSEUDONYM_SECRET, accountId);
  // The stand-in's password is random and never told: nobody can log in as it.
  const standInHash = await hashPassword(randomBytes(32).toString('base64url'));
  await ctx.db.$transaction(async (tx) => {
    // The ledger's and the audit log's triggers let this transaction, and only it, move the
    // entries and erase the account's own audit rows (migrations 20261205111100, 20261205123000).
    await tx.$executeRaw`SELECT set_config('consilium.erasure', 'on', true), set_config('consilium.erasure_account', ${accountId}, true)`;
    const ledger = await tx.honorariumEntry.count({ where: { accountId } });
    if (ledger > 0) {
      const standIn = await tx.account.create({
        data: { email: `deleted-${randomBytes(16).toString('hex')}@deleted.invalid`, passwordHash: standInHash, role: 'PHYSICIAN', createdAt: dayOf(new Date()) },
        select: { id: true },
      });
      await tx.honorariumEntry.updateMany({ where: { accountId }, data: { accountId: standIn.id } });
    }
    // Its sign-in tallies and its own entries (exports, factor changes) go with it; the log keeps
    // that an account was deleted, on which day, naming nobody.
    await tx.signInTally.deleteMany({ where: { accountId } });
    await tx.auditEntry.deleteMany({ where: { OR: [{ actorId: accountId }, { targetId: accountId }] } });
    await tx.auditEntry.create({ data: { actorId: null, action: 'account.delete', targetType: 'account', targetId: null, reason: 'at its holder\'s request', at: dayOf(new Date()) } });
    await tx.account.delete({ where: { id: accountId } });
  });
  // Apart from the account's transaction, so that the pseudonym's row does not share its
  // transaction id with the stand-in; unsettled, so the worker's sweep rewrites the table.
  await ctx.db.$transaction(async (tx) => {
    const pseudonym = await tx.pseudonym.findUnique({ where: { key }, select: { id: true } });
    if (!pseudonym) return;
    await tx.bookmark.deleteMany({ where: { pseudonymId: pseudonym.id } });
    await tx.notification.deleteMany({ where: { recipientId: pseudonym.id } });
    // No questions reach a pseudonym nobody holds any more.
    await tx.specialistAvailability.deleteMany({ where: { pseudonymId: pseudonym.id } });
    await tx.pseudonymBlock.deleteMany({ where: { blockerId: pseudonym.id } });
    // Nobody holds it any more: it leaves its groups (an owned one passes to a mentor or the
    // longest-standing member, docs/groups.md) and follows nothing.
    await leaveAllGroups(tx, pseudonym.id);
    await tx.follow.deleteMany({ where: { pseudonymId: pseudonym.id } });
    await tx.pseudonym.update({ where: { id: pseudonym.id }, data: { key: new Uint8Array(randomBytes(32)), settled: false } });
  });
  ctx.log.info('an account was deleted at its holder\'s request');
}
