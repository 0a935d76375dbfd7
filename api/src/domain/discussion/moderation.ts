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

/** Reported posts, those with open reports first, then the most recently reported. */
export async function reportedPosts(ctx: Context, first: number, includeResolved: boolean, after: { open: boolean; at: Date; id: string } | null) {
  return ctx.db.$queryRaw<QueueRow[]>`
    SELECT post_id AS "postId", open, last AS "lastReportedAt" FROM (
      SELECT post_id, bool_or(NOT resolved) AS open, max(created_at) AS last FROM post_report GROUP BY post_id
    ) r
    WHERE (${includeResolved} OR open)
      AND (${after === null} OR (open::int, last, post_id) < (${after ? Number(after.open) : 0}::int, ${after?.at ?? new Date(0)}::timestamptz, ${after?.id ?? '00000000-0000-0000-0000-000000000000'}::uuid))
    ORDER BY open DESC, last DESC, post_id DESC
    LIMIT ${first + 1}`;
}
