import { z } from 'zod';
import { builder } from '../builder.ts';
import { editPost, postHistory, type Revision } from '../domain/discussion/editing.ts';
import { bodySchema } from '../domain/discussion/rules.ts';
import { PseudonymRef } from './pseudonym.ts';

const RevisionRef = builder.objectRef<Revision>('PostRevision');
RevisionRef.implement({
  description: 'One version of a post, as its author wrote it.',
  fields: (t) => ({
    body: t.exposeString('body', { description: 'Markdown source; "" when the post is hidden (moderators still see it).' }),
    writtenAt: t.expose('writtenAt', { type: 'DateTime', description: 'When this version was written: the post’s creation, then each edit.' }),
  }),
});

type History = NonNullable<Awaited<ReturnType<typeof postHistory>>>;
const HistoryRef = builder.objectRef<History>('PostHistory');
HistoryRef.implement({
  description: 'Every version of a post, oldest first (the current one last). Every version is by the post’s author: only they may edit.',
  fields: (t) => ({
    threadId: t.exposeID('threadId'),
    author: t.field({ type: PseudonymRef, description: 'The author of every version.', resolve: (h) => h.author as never }),
    revisions: t.field({ type: [RevisionRef], resolve: (h) => h.revisions }),
  }),
});

builder.queryField('postHistory', (t) =>
  t.field({
    type: HistoryRef,
    nullable: true,
    description: 'The edit history of a post or thread (a thread’s id is its opening post’s); null when no post has this id.',
    authScopes: { verifiedPhysician: true },
    args: { postId: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: (_root, args, ctx) => postHistory(ctx, String(args.postId)),
  }),
);

builder.mutationField('editPost', (t) =>
  t.prismaField({
    type: 'Post',
    description:
      'Replaces the body of one of the viewer’s own posts (a thread’s id edits its opening post); the replaced text stays in postHistory. Another pseudonym’s post, or a hidden one, answers as one that does not exist. Newly @mentioned pseudonyms are notified.',
    authScopes: { verifiedPhysician: true },
    args: { postId: t.arg.id({ required: true, validate: z.uuid() }), body: t.arg.string({ required: true, validate: bodySchema }) },
    resolve: async (query, _root, args, ctx) => {
      const id = await editPost(ctx, String(args.postId), args.body);
      return ctx.db.post.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);
