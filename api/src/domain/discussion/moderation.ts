/**
 * Moderation acts on posts and pseudonyms, never on accounts: an admin hides or restores a post
 * and suspends a pseudonym, each with a reason, audited (the audit names the post or pseudonym).
 */
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';

export async function moderatePost(ctx: Context, postId: string, action: 'HIDE' | 'RESTORE', reason: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.post.updateMany({ where: { id: postId }, data: { hidden: action === 'HIDE' } });
    if (count === 0) throw badInput('postId', 'not_found', 'postId: no post has this id.');
    await tx.postReport.updateMany({ where: { postId, resolved: false }, data: { resolved: true } });
    await tx.auditEntry.create({
      data: { actorId: ctx.viewer!.accountId, action: action === 'HIDE' ? 'post.hide' : 'post.restore', targetType: 'post', targetId: postId, reason },
    });
  });
  ctx.log.info({ postId, action }, 'post moderated');
}

export async function setSuspended(ctx: Context, pseudonymId: string, suspended: boolean, reason: string): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.pseudonym.updateMany({ where: { id: pseudonymId }, data: { suspended } });
    if (count === 0) throw badInput('pseudonymId', 'not_found', 'pseudonymId: no pseudonym has this id.');
    await tx.auditEntry.create({
      data: { actorId: ctx.viewer!.accountId, action: suspended ? 'pseudonym.suspend' : 'pseudonym.unsuspend', targetType: 'pseudonym', targetId: pseudonymId, reason },
    });
  });
  ctx.log.info({ pseudonymId, suspended }, 'pseudonym suspension changed');
}

export interface QueueRow {
  postId: string;
  open: boolean;
  lastReportedAt: Date;
}

/**
 * Reported posts, those with open reports first, then the most recently reported: a page of
 * post_report_summary rows (kept by trigger in each report's statement) read by its index, the
 * cursor a row comparison on the index's columns, so no page groups the reports of every post.
 */
export async function reportedPosts(ctx: Context, first: number, includeResolved: boolean, after: { open: boolean; at: Date; id: string } | null) {
  return ctx.db.$queryRaw<QueueRow[]>`
    SELECT post_id AS "postId", open, last_reported_at AS "lastReportedAt" FROM post_report_summary
    WHERE open >= ${!includeResolved}
      AND (open, last_reported_at, post_id) < (${after ? after.open : true}, ${after?.at ?? new Date('9999-12-31T00:00:00Z')}::timestamptz, ${after?.id ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff'}::uuid)
    ORDER BY open DESC, last_reported_at DESC, post_id DESC
    LIMIT ${first + 1}`;
}
