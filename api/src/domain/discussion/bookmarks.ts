/**
 * Bookmarks: a pseudonym's private list of threads. Only the viewer's own rows are ever read or
 * written (the pseudonym found by key in the statement); nobody else's bookmarks are exposed.
 */
import type { Context } from '../../context.ts';
import { badInput, forbidden } from '../../errors.ts';
import { viewerPseudonym } from './actor.ts';
import { visibleToMe } from '../groups/visibility.ts';
import { Prisma } from '@consilium/db';

/** Sets or clears the viewer's bookmark on a thread; idempotent. Returns the new state. */
export async function setBookmark(ctx: Context, threadId: string, bookmarked: boolean): Promise<boolean> {
  const me = await viewerPseudonym(ctx);
  if (!me) throw forbidden('Only a verified physician with a pseudonym can keep bookmarks.');
  if (!bookmarked) {
    await ctx.db.bookmark.deleteMany({ where: { pseudonymId: me.id, threadId } });
    return false;
  }
  const inserted = await ctx.db.$executeRaw`
    WITH me AS (SELECT ${me.id}::uuid AS id)
    INSERT INTO bookmark (pseudonym_id, thread_id) SELECT me.id, t.id FROM thread t, me WHERE t.id = ${threadId}::uuid AND ${Prisma.raw(visibleToMe('t'))}
    ON CONFLICT DO NOTHING`;
  if (inserted === 0 && !(await ctx.db.bookmark.findUnique({ where: { pseudonymId_threadId: { pseudonymId: me.id, threadId } }, select: { threadId: true } }))) {
    throw badInput('threadId', 'not_found', 'threadId: no thread has this id.');
  }
  return true;
}
