/**
 * Following: a pseudonym follows a thread (a question is its thread), a room, a tag or a peer
 * group at a level (Discourse's): WATCHING (notified of every new post), NORMAL (replies and
 * mentions only: the same as no row) or MUTED (nothing, not even replies or mentions). Only the
 * viewer's own rows are read or written, found by their pseudonym in the statement; the table
 * holds no account id and no date.
 *
 * The effective level of a pseudonym in a thread: the thread's own follow when there is one;
 * otherwise the follow of its group (a group thread); otherwise WATCHING if it watches the room or
 * one of the thread's tags, MUTED if it mutes one of them, NORMAL else. That rule is written once,
 * in SQL, in the fan-out of `notify` (mentions.ts).
 *
 * A group thread or a group is followed by its members only: for anyone else it answers as one
 * that does not exist, and leaving or being removed from a group drops its follows (membership.ts).
 */
import type { FollowLevel, FollowTargetKind } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput, forbidden } from '../../errors.ts';
import { visibleThreads } from '../groups/visibility.ts';
import { viewerPseudonym } from './actor.ts';
import { seesHiddenPosts } from './hidden-posts.ts';

export interface FollowTarget {
  targetKind: FollowTargetKind;
  target: string;
}

/** Sets the viewer's level on a target; NORMAL removes the row (it is the default). Returns the level. */
export async function setFollow(ctx: Context, { targetKind, target }: FollowTarget, level: FollowLevel): Promise<FollowLevel> {
  const me = await viewerPseudonym(ctx);
  if (!me) throw forbidden('Only a verified physician with a pseudonym can follow.');
  if (targetKind === 'THREAD' && !(await ctx.db.thread.findFirst({ where: { id: target, ...visibleThreads(ctx) }, select: { id: true } }))) {
    throw badInput('target', 'not_found', 'target: no thread has this id.');
  }
  if (targetKind === 'GROUP' && (await ctx.db.groupMember.count({ where: { groupId: target, pseudonymId: me.id } })) === 0) {
    throw badInput('target', 'not_found', 'target: no group of yours has this id.');
  }
  const where = { pseudonymId_targetKind_target: { pseudonymId: me.id, targetKind, target } };
  if (level === 'NORMAL') await ctx.db.follow.deleteMany({ where: where.pseudonymId_targetKind_target });
  else await ctx.db.follow.upsert({ where, create: { pseudonymId: me.id, targetKind, target, level }, update: { level } });
  return level;
}

/** The viewer's level on one target (NORMAL without a row, or without a pseudonym). */
export async function followLevel(ctx: Context, { targetKind, target }: FollowTarget): Promise<FollowLevel> {
  const me = await viewerPseudonym(ctx);
  if (!me) return 'NORMAL';
  const row = await ctx.db.follow.findUnique({ where: { pseudonymId_targetKind_target: { pseudonymId: me.id, targetKind, target } }, select: { level: true } });
  return row?.level ?? 'NORMAL';
}

/**
 * Every follow of the viewer (the preferences page lists them): threads with their title (and
 * whether they carry a question), groups with their name. A thread or group the viewer may no
 * longer see is left out, as its notifications are.
 */
export async function myFollows(ctx: Context) {
  const me = await viewerPseudonym(ctx);
  if (!me) return [];
  const rows = await ctx.db.follow.findMany({ where: { pseudonymId: me.id }, orderBy: [{ targetKind: 'asc' }, { target: 'asc' }], take: 500 });
  const ids = (kind: FollowTargetKind) => rows.filter((r) => r.targetKind === kind).map((r) => r.target);
  const [threads, groups] = await Promise.all([
    ids('THREAD').length === 0 ? [] : ctx.db.thread.findMany({ where: { id: { in: ids('THREAD') }, ...visibleThreads(ctx) }, select: { id: true, title: true, opening: { select: { hidden: true } }, question: { select: { threadId: true } } } }),
    ids('GROUP').length === 0 ? [] : ctx.db.peerGroup.findMany({ where: { id: { in: ids('GROUP') }, members: { some: { pseudonymId: me.id } } }, select: { id: true, name: true } }),
  ]);
  const threadOf = new Map(threads.map((t) => [t.id, t]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return rows.flatMap((r) => {
    const follow = { targetKind: r.targetKind, target: r.target, level: r.level };
    if (r.targetKind === 'THREAD') {
      const thread = threadOf.get(r.target);
      // A hidden thread's title can carry what moderation removed: "" as on the thread itself.
      const title = thread?.opening?.hidden && !seesHiddenPosts(ctx.viewer) ? '' : thread?.title;
      return thread ? [{ ...follow, label: title ?? '', question: thread.question !== null }] : [];
    }
    if (r.targetKind === 'GROUP') return groupName.has(r.target) ? [{ ...follow, label: groupName.get(r.target)!, question: false }] : [];
    return [{ ...follow, label: r.target, question: false }];
  });
}
