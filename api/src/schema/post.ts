import { z } from 'zod';
import { builder } from '../builder.ts';
import { viewerKey, viewerPseudonym } from '../domain/discussion/actor.ts';
import { reply, reportPost, vote } from '../domain/discussion/posting.ts';
import { bodySchema, reasonSchema } from '../domain/discussion/rules.ts';
import type { Context } from '../context.ts';
import { seesHiddenPosts } from '../domain/discussion/hidden-posts.ts';

/** A hidden post's body is withheld from everyone but moderators (`seesHiddenPosts`). */
export const bodyFor = (post: { body: string; hidden: boolean }, ctx: Context) => (post.hidden && !seesHiddenPosts(ctx.viewer) ? '' : post.body);

/** The viewer's own vote on a post, selected with the post: no query per post. */
export const myVoteSelection = (ctx: Context) => ({ where: { pseudonym: { is: { key: viewerKey(ctx) } } }, select: { value: true } });

/** The viewer's own bookmark of a thread, selected with the thread. */
export const myBookmarkSelection = (ctx: Context) => ({ where: { pseudonym: { is: { key: viewerKey(ctx) } } }, select: { threadId: true } });

export const PostRef = builder.prismaObject('Post', {
  description: 'A reply in a thread (a thread’s opening post is the thread itself).',
  fields: (t) => ({
    id: t.exposeID('id'),
    threadId: t.exposeID('threadId'),
    parentId: t.exposeID('parentId', { nullable: true }),
    body: t.string({ description: 'Markdown source; "" when the post is hidden (moderators still see it).', resolve: (post, _args, ctx) => bodyFor(post, ctx) }),
    author: t.relation('author'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    mine: t.boolean({ description: 'Whether the viewer wrote this post (and so may edit it).', resolve: async (post, _args, ctx) => (await viewerPseudonym(ctx))?.id === post.authorId }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true, description: 'The author’s last edit; null when never edited (see postHistory).' }),
    score: t.exposeInt('score'),
    hidden: t.exposeBoolean('hidden'),
    fromAddressedSpecialty: t.boolean({
      description: 'Whether this reply answers a question to a specialist and its author is a verified physician of the addressed specialty.',
      select: { openingOf: true, authorId: true, author: { select: { specialty: true } }, thread: { select: { authorId: true, question: { select: { specialty: true } } } } },
      resolve: (post) =>
        post.openingOf === null && post.thread.question !== null && post.thread.authorId !== post.authorId && post.author.specialty === post.thread.question.specialty,
    }),
    myVote: t.int({
      description: 'The viewer’s vote: -1, 0 or 1.',
      select: (_args, ctx) => ({ votes: myVoteSelection(ctx) }),
      resolve: (post) => post.votes[0]?.value ?? 0,
    }),
  }),
});

const ReplyInput = builder.inputType('ReplyInput', {
  description: 'A reply; parentId names the post replied to (a reply to a reply hangs under its top-level one).',
  fields: (t) => ({
    threadId: t.id({ required: true, validate: z.uuid() }),
    body: t.string({ required: true, validate: bodySchema }),
    parentId: t.id({ validate: z.uuid().optional().nullable() }),
  }),
});

builder.mutationField('reply', (t) =>
  t.prismaField({
    type: 'Post',
    description: 'Replies in a thread under the viewer’s pseudonym; the thread moves to the top of the feed.',
    authScopes: { verifiedPhysician: true },
    args: { input: t.arg({ type: ReplyInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await reply(ctx, { threadId: String(input.threadId), body: input.body, parentId: input.parentId ? String(input.parentId) : null });
      return ctx.db.post.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('vote', (t) =>
  t.int({
    description: 'Sets the viewer’s vote on a post or thread (-1, 0 to withdraw, 1); returns its new score.',
    authScopes: { verifiedPhysician: true },
    args: { postId: t.arg.id({ required: true, validate: z.uuid() }), value: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => vote(ctx, String(args.postId), args.value),
  }),
);

builder.mutationField('reportPost', (t) =>
  t.boolean({
    description: 'Reports a post or thread to the moderators, with a reason; a second report by the same pseudonym replaces the first.',
    authScopes: { verifiedPhysician: true },
    args: { postId: t.arg.id({ required: true, validate: z.uuid() }), reason: t.arg.string({ required: true, validate: reasonSchema }) },
    resolve: async (_root, args, ctx) => {
      await reportPost(ctx, String(args.postId), args.reason);
      return true;
    },
  }),
);
