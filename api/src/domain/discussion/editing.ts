/**
 * Editing one's own post, and the post's history. Only the author's pseudonym (found by its HMAC
 * key, as for any write) may edit: the ownership condition is in the update's `where`, so a post
 * of someone else answers exactly as one that does not exist. Each edit keeps the text it replaced
 * (`post_edit`) with the time of the edit, at the precision posts carry their own time: readers
 * see both, and nothing beside an account holds a time finer than the day (docs/pseudonyms.md).
 */
import type { Context } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { chargeWriter } from './actor.ts';
import { seesHiddenPosts } from './hidden-posts.ts';
import { notify } from './mentions.ts';
import { visiblePosts, visibleToMe } from '../groups/visibility.ts';
import { Prisma } from '@consilium/db';

const NOT_YOURS = 'postId: no post of yours has this id.';

/** Replaces the body of the viewer's own visible post; returns its id. A hidden post stays as moderated. */
export async function editPost(ctx: Context, postId: string, body: string): Promise<string> {
  const author = await chargeWriter(ctx, ctx.rateLimits.replies);
  await ctx.db.$transaction(async (tx) => {
    // Locks the row: two edits at once keep each replaced text once, in order.
    // A group thread's post is editable by its author only while they are a member.
    const [post] = await tx.$queryRaw<Array<{ body: string; group_id: string | null }>>`
      WITH me AS (SELECT ${author.id}::uuid AS id)
      SELECT p.body, t.group_id::text FROM post p JOIN thread t ON t.id = p.thread_id, me
       WHERE p.id = ${postId}::uuid AND p.author_id = me.id AND NOT p.hidden AND ${Prisma.raw(visibleToMe('t'))} FOR UPDATE OF p`;
    if (!post) throw badInput('postId', 'not_found', NOT_YOURS);
    if (post.body === body) return;
    const now = new Date();
    await tx.postEdit.create({ data: { postId, body: post.body, editedAt: now } });
    await tx.post.update({ where: { id: postId }, data: { body, editedAt: now } });
    await notify(tx, { id: postId, authorId: author.id, body, at: now });
  });
  return postId;
}

export interface Revision {
  body: string;
  writtenAt: Date;
}

/**
 * Every version of a post, oldest first, the current one last, each with when it was written;
 * null when no post has this id. A hidden post's texts are withheld like its body.
 */
export async function postHistory(ctx: Context, postId: string): Promise<{ revisions: Revision[]; author: { id: string; handle: string; specialty: string; country: string }; threadId: string } | null> {
  const post = await ctx.db.post.findFirst({
    where: { id: postId, ...visiblePosts(ctx) },
    select: {
      body: true,
      hidden: true,
      createdAt: true,
      threadId: true,
      author: { select: { id: true, handle: true, specialty: true, country: true } },
      edits: { orderBy: [{ editedAt: 'asc' }, { id: 'asc' }], select: { body: true, editedAt: true } },
    },
  });
  if (!post) return null;
  const withheld = post.hidden && !seesHiddenPosts(ctx.viewer);
  const bodies = [...post.edits.map((e) => e.body), post.body];
  const times = [post.createdAt, ...post.edits.map((e) => e.editedAt)];
  return { author: post.author, threadId: post.threadId, revisions: bodies.map((body, i) => ({ body: withheld ? '' : body, writtenAt: times[i]! })) };
}
