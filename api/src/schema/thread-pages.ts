/**
 * What the one-statement pages of domain/discussion/reads.ts hold, as the Prisma query Pothos
 * would plan for the Thread, Post and Poll fields: a query within it is served from the page's
 * JSON, anything else (a field added later, two `replies` with different arguments) by Prisma.
 */
import type { Prisma } from '@consilium/db';
import type { Context } from '../context.ts';
import { viewerKey } from '../domain/discussion/actor.ts';
import { allColumns, covers, type Cursor, type RepliesWindow } from '../domain/discussion/reads.ts';
import { myBookmarkSelection, myVoteSelection } from './post.ts';

export const ATTACHMENT_ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** The replies of a page: top-level posts only (never the opening post), oldest first, after the cursor. */
export function repliesArgs({ first, cursor }: RepliesWindow) {
  return {
    where: {
      openingOf: null,
      ...(cursor && { OR: [{ createdAt: { gt: cursor.at } }, { createdAt: cursor.at, id: { gt: cursor.id } }] }),
    },
    orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }],
    take: first + 1,
  } satisfies Prisma.PostFindManyArgs;
}

const AUTHOR = { select: { id: true, handle: true, specialty: true, country: true } };

function threadShape(ctx: Context, window: RepliesWindow | null) {
  const mine = myVoteSelection(ctx);
  return {
    include: {
      author: AUTHOR,
      opening: { select: { hidden: true, body: true, score: true, editedAt: true, imageAttestation: true, votes: mine, attachments: { orderBy: ATTACHMENT_ORDER } } },
      bookmarks: myBookmarkSelection(ctx),
      poll: allColumns({
        include: {
          options: allColumns({ orderBy: { position: 'asc' }, select: { id: true, pollId: true, position: true, label: true, voteCount: true } }),
          votes: { where: { pseudonym: { is: { key: viewerKey(ctx) } } }, select: { optionId: true } },
        },
      }),
      ...(window && { posts: { ...repliesArgs(window), include: { author: AUTHOR, votes: mine } } }),
    },
  };
}

/** The replies window a planned `posts` selection was built with (see `repliesArgs`), if it is one. */
function windowOf(posts: unknown): RepliesWindow | null {
  const { take, where } = (posts ?? {}) as { take?: unknown; where?: { OR?: Array<{ createdAt?: unknown; id?: { gt?: unknown } }> } };
  if (typeof take !== 'number') return null;
  const after = where?.OR?.[1];
  const cursor = after ? { at: after.createdAt, id: after.id?.gt } : null;
  if (cursor && !(cursor.at instanceof Date && typeof cursor.id === 'string')) return null;
  return { first: take - 1, cursor: cursor as Cursor | null };
}

/** Whether a feed or search page's JSON holds what Pothos planned for its threads. */
export function pageCovers(ctx: Context, query: object): boolean {
  return covers(query, threadShape(ctx, null));
}

/**
 * Whether a thread page's JSON holds what Pothos planned for the thread, and with which window
 * of replies (none when no replies are asked for); undefined when it does not.
 */
export function threadWindow(ctx: Context, query: object): { window: RepliesWindow | null } | undefined {
  const posts = (query as { include?: { posts?: unknown } }).include?.posts;
  const window = posts === undefined ? null : windowOf(posts);
  if (posts !== undefined && !window) return undefined;
  return covers(query, threadShape(ctx, window)) ? { window } : undefined;
}
