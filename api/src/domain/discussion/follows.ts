/**
 * Following: a pseudonym follows a thread, a room or a tag at a level (Discourse's): WATCHING
 * (notified of every new post), NORMAL (replies and mentions only: the same as no row) or MUTED
 * (nothing, not even replies or mentions). Only the viewer's own rows are read or written, found
 * by their pseudonym in the statement; the table holds no account id and no date.
 *
 * The effective level of a pseudonym in a thread: the thread's own follow when there is one;
 * otherwise WATCHING if it watches the room or one of the thread's tags, MUTED if it mutes one of
 * them, NORMAL else. `EFFECTIVE_LEVEL` is that rule in SQL, used by the fan-out in `notify`.
 */
import type { FollowLevel, FollowTargetKind } from '@consilium/db';
import type { Context } from '../../context.ts';
import { badInput, forbidden } from '../../errors.ts';
import { viewerPseudonym } from './actor.ts';

export interface FollowTarget {
  targetKind: FollowTargetKind;
  target: string;
}

/** Sets the viewer's level on a target; NORMAL removes the row (it is the default). Returns the level. */
export async function setFollow(ctx: Context, { targetKind, target }: FollowTarget, level: FollowLevel): Promise<FollowLevel> {
  const me = await viewerPseudonym(ctx);
  if (!me) throw forbidden('Only a verified physician with a pseudonym can follow.');
  if (targetKind === 'THREAD' && !(await ctx.db.thread.findUnique({ where: { id: target }, select: { id: true } }))) {
    throw badInput('target', 'not_found', 'target: no thread has this id.');
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

/** Every follow of the viewer (the preferences page lists them), threads with their title. */
export async function myFollows(ctx: Context) {
  const me = await viewerPseudonym(ctx);
  if (!me) return [];
  const rows = await ctx.db.follow.findMany({ where: { pseudonymId: me.id }, orderBy: [{ targetKind: 'asc' }, { target: 'asc' }], take: 500 });
  const threadIds = rows.filter((r) => r.targetKind === 'THREAD').map((r) => r.target);
  const titles = new Map(
    threadIds.length === 0 ? [] : (await ctx.db.thread.findMany({ where: { id: { in: threadIds } }, select: { id: true, title: true } })).map((t) => [t.id, t.title]),
  );
  return rows.map((r) => ({ targetKind: r.targetKind, target: r.target, level: r.level, label: r.targetKind === 'THREAD' ? (titles.get(r.target) ?? '') : r.target }));
}
