import { queryFromInfo } from '@pothos/plugin-prisma';
import { ImageAttestation, Prisma, queryRows } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { viewerKey, viewerPseudonym } from '../domain/discussion/actor.ts';
import { createThread } from '../domain/discussion/posting.ts';
import { seesHiddenPosts } from '../domain/discussion/hidden-posts.ts';
import { feedPage, threadPage } from '../domain/discussion/reads.ts';
import { bodySchema, excerpt, isRoom, pollOptionsSchema, pollQuestionSchema, roomSchema, tagSchema, tagsSchema, titleSchema } from '../domain/discussion/rules.ts';
import { badInput } from '../errors.ts';
import { isMember } from '../domain/groups/membership.ts';
import { visibleThreads } from '../domain/groups/visibility.ts';
import { decodeCursor, defineConnection, encodeCursor, pageSize, toPage } from './connection.ts';
import { bodyFor, myBookmarkSelection, myVoteSelection, PostRef } from './post.ts';
import { ATTACHMENT_ORDER, pageCovers, repliesArgs, threadWindow } from './thread-pages.ts';

const AttachmentRef = builder.prismaObject('Attachment', {
  description: 'A case image: re-encoded, metadata stripped, served to verified physicians only.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.string({ description: 'Relative: "/uploads/<id>".', resolve: (a) => `/uploads/${a.id}` }),
    mimeType: t.exposeString('mimeType'),
    width: t.exposeInt('width'),
    height: t.exposeInt('height'),
  }),
});

const ImageAttestationEnum = builder.enumType(ImageAttestation, {
  name: 'ImageAttestation',
  description: 'What the author of case images attests before posting them: the patient consented, or the images are fully de-identified.',
});

const PostConnection = defineConnection('Post', PostRef);

export const ThreadRef = builder.prismaObject('Thread', {
  description: 'A discussion thread; its id is also the id of its opening post (vote, reportPost and moderatePost take it).',
  fields: (t) => ({
    id: t.exposeID('id'),
    room: t.exposeString('room'),
    title: t.string({
      description: 'The title; "" when the thread is hidden (moderators still see it): a title can carry what moderation removes.',
      select: { title: true, opening: { select: { hidden: true } } },
      resolve: (thread, _args, ctx) => (thread.opening?.hidden && !seesHiddenPosts(ctx.viewer) ? '' : thread.title),
    }),
    body: t.string({
      description: 'Markdown source; "" when the thread is hidden (moderators still see it).',
      select: { opening: { select: { body: true, hidden: true } } },
      resolve: (thread, _args, ctx) => (thread.opening ? bodyFor(thread.opening, ctx) : ''),
    }),
    excerpt: t.string({
      description: 'The start of the opening post as plain text (about 200 characters), for the feed; "" when the thread is hidden.',
      select: { opening: { select: { body: true, hidden: true } } },
      resolve: (thread) => (thread.opening && !thread.opening.hidden ? excerpt(thread.opening.body, 200) : ''),
    }),
    editedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The author’s last edit of the opening post; null when never edited (see postHistory).',
      select: { opening: { select: { editedAt: true } } },
      resolve: (thread) => thread.opening?.editedAt ?? null,
    }),
    mine: t.boolean({
      description: 'Whether the viewer started this thread (and so may edit its opening post).',
      resolve: async (thread, _args, ctx) => (await viewerPseudonym(ctx))?.id === thread.authorId,
    }),
    bookmarked: t.boolean({
      description: 'Whether the viewer bookmarked this thread (private: only the viewer’s own bookmark is read).',
      select: (_args, ctx) => ({ bookmarks: myBookmarkSelection(ctx) }),
      resolve: (thread) => thread.bookmarks.length > 0,
    }),
    tags: t.exposeStringList('tags'),
    author: t.relation('author'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastActivityAt: t.expose('lastActivityAt', { type: 'DateTime', description: 'The feed’s order: the last reply, or the creation.' }),
    score: t.int({ select: { opening: { select: { score: true } } }, resolve: (thread) => thread.opening?.score ?? 0 }),
    hidden: t.boolean({ select: { opening: { select: { hidden: true } } }, resolve: (thread) => thread.opening?.hidden ?? false }),
    myVote: t.int({
      description: 'The viewer’s vote on the opening post: -1, 0 or 1.',
      select: (_args, ctx) => ({ opening: { select: { votes: myVoteSelection(ctx) } } }),
      resolve: (thread) => thread.opening?.votes[0]?.value ?? 0,
    }),
    replyCount: t.exposeInt('replyCount'),
    groupId: t.exposeID('groupId', { nullable: true, description: 'The group whose members alone see this thread; null for a public thread.' }),
    poll: t.relation('poll', { nullable: true }),
    attachments: t.field({
      type: [AttachmentRef],
      description: 'The case images of the opening post; none while the thread is hidden (moderators still see them).',
      select: (_args, _ctx, nested) => ({ opening: { select: { hidden: true, attachments: nested({ orderBy: ATTACHMENT_ORDER }) } } }),
      resolve: (thread, _args, ctx) => (thread.opening && (!thread.opening.hidden || seesHiddenPosts(ctx.viewer)) ? thread.opening.attachments : []),
    }),
    imageAttestation: t.field({
      type: ImageAttestationEnum,
      nullable: true,
      description: 'What the author attested for the case images (null when there are none): no patient data, only which attestation.',
      select: { opening: { select: { imageAttestation: true } } },
      resolve: (thread) => thread.opening?.imageAttestation ?? null,
    }),
    replies: t.field({
      type: PostConnection,
      description: 'The replies, oldest first; each names its parent (one level of nesting).',
      args: { first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
      select: (args, _ctx, nested) => ({ posts: nested(repliesArgs({ first: pageSize(args.first, 50), cursor: decodeCursor(args.after) }), ['edges', 'node']) }),
      resolve: (thread, args) => toPage(thread.posts, pageSize(args.first, 50), (p) => encodeCursor(p.createdAt, p.id)),
    }),
  }),
});

export const ThreadConnection = defineConnection('Thread', ThreadRef);

const roomArg = z.string().trim().refine(isRoom, { message: 'must be "general" or a specialty code (see the rooms query)', params: { reason: 'invalid' } }).optional().nullable();

builder.queryField('feed', (t) =>
  t.field({
    type: ThreadConnection,
    description:
      'Threads, newest activity first, optionally of one room and one tag. Paginated by keyset on (lastActivityAt, id): a page never repeats a thread already seen; a thread bumped by a new reply moves to the top, where the next refresh shows it.',
    authScopes: { verifiedPhysician: true },
    args: {
      room: t.arg.string({ validate: roomArg }),
      tag: t.arg.string({ validate: tagSchema.optional().nullable() }),
      bookmarked: t.arg.boolean({ defaultValue: false, description: 'Only the threads the viewer bookmarked (their private bookmarks list).' }),
      group: t.arg.id({ description: 'Only the threads of this group of the viewer’s; without it, the feed lists no group thread.', validate: z.uuid().optional().nullable() }),
      openQuestionsForMySpecialty: t.arg.boolean({ defaultValue: false, description: 'Only the OPEN questions to a specialist addressed to the viewer’s verified specialty.' }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 20);
      const cursor = decodeCursor(args.after);
      const group = args.group ? String(args.group) : null;
      if (group && !(await isMember(ctx, group))) throw badInput('group', 'not_found', 'group: no group of yours has this id.');
      const forMe = args.openQuestionsForMySpecialty ? ((await viewerPseudonym(ctx))?.specialty ?? '') : null;
      const where: Prisma.ThreadWhereInput = {
        AND: [group ? { groupId: group } : args.bookmarked ? visibleThreads(ctx) : { groupId: null }],
        ...(forMe !== null && { question: { is: { specialty: forMe, status: 'OPEN' } } }),
        ...(args.room && { room: args.room }),
        ...(args.tag && { tags: { has: args.tag } }),
        ...(args.bookmarked && { bookmarks: { some: { pseudonym: { is: { key: viewerKey(ctx) } } } } }),
        ...(cursor && { OR: [{ lastActivityAt: { lt: cursor.at } }, { lastActivityAt: cursor.at, id: { lt: cursor.id } }] }),
      };
      // One statement for the page when its JSON holds what Pothos planned (thread-pages.ts); Prisma otherwise.
      const query = queryFromInfo({ context: ctx, info, typeName: 'Thread', path: ['edges', 'node'] });
      const rows = pageCovers(ctx, query) && forMe === null
        ? await feedPage(ctx.db, viewerKey(ctx), { room: args.room, tag: args.tag, bookmarked: args.bookmarked, group, cursor, first })
        : await ctx.db.thread.findMany({ ...query, where, orderBy: [{ lastActivityAt: 'desc' }, { id: 'desc' }], take: first + 1 });
      return toPage(rows, first, (r) => encodeCursor(r.lastActivityAt, r.id));
    },
  }),
);

builder.queryField('thread', (t) =>
  t.prismaField({
    type: 'Thread',
    nullable: true,
    description: 'One thread with its replies; null when no thread has this id, or when it is a group thread and the viewer not a member. Moderators read it too: a moderator judges a reported post in its thread.',
    // Admins see pseudonyms only, as in the moderation queue: no path to an account.
    authScopes: { verifiedPhysician: true, moderator: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: (query, _root, args, ctx) => {
      const page = threadWindow(ctx, query);
      return page
        ? threadPage(ctx.db, viewerKey(ctx), String(args.id), page.window, seesHiddenPosts(ctx.viewer))
        : ctx.db.thread.findFirst({ ...query, where: { id: String(args.id), ...visibleThreads(ctx) } });
    },
  }),
);

const TagCount = builder.objectRef<{ tag: string; count: number }>('TagCount');
TagCount.implement({ fields: (t) => ({ tag: t.exposeString('tag'), count: t.exposeInt('count') }) });

builder.queryField('tags', (t) =>
  t.field({
    type: [TagCount],
    description: 'The 30 most used tags, of one room or of all.',
    authScopes: { verifiedPhysician: true },
    args: { room: t.arg.string({ validate: roomArg }) },
    // Read from the counts the thread trigger keeps ("" holds every room's): 30 index entries.
    resolve: (_root, args, ctx) =>
      queryRows<{ tag: string; count: number }>(
        ctx.db,
        Prisma.sql`SELECT tag, count FROM tag_count WHERE room = ${args.room ?? ''} AND count > 0 ORDER BY count DESC, tag ASC LIMIT 30`,
      ),
  }),
);

const PollInput = builder.inputType('PollInput', {
  description: 'A quick poll: a question and 2 to 10 distinct options.',
  fields: (t) => ({
    question: t.string({ required: true, validate: pollQuestionSchema }),
    options: t.stringList({ required: true, validate: pollOptionsSchema }),
  }),
});

const ThreadInput = builder.inputType('ThreadInput', {
  description: `A new thread: a title of 3 to 200 characters, a markdown body of 1 to 20000, at most 5 tags (a-z, 0-9, -), an optional poll and images.`,
  fields: (t) => ({
    room: t.string({ required: true, validate: roomSchema }),
    title: t.string({ required: true, validate: titleSchema }),
    body: t.string({ required: true, validate: bodySchema }),
    tags: t.stringList({ validate: tagsSchema }),
    poll: t.field({ type: PollInput }),
    attachmentIds: t.idList({ validate: z.array(z.uuid()).max(10).optional().nullable() }),
    groupId: t.id({ description: 'A group of the viewer’s: only its members will see the thread.', validate: z.uuid().optional().nullable() }),
    imageAttestation: t.field({ type: ImageAttestationEnum, description: 'Required when attachmentIds is not empty.' }),
  }),
});

builder.mutationField('createThread', (t) =>
  t.prismaField({
    type: 'Thread',
    description: 'Starts a thread under the viewer’s pseudonym.',
    authScopes: { verifiedPhysician: true },
    args: { input: t.arg({ type: ThreadInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await createThread(ctx, input);
      const thread = await ctx.db.thread.findUnique({ ...query, where: { id } });
      if (!thread) throw badInput('input', 'not_found', 'The thread could not be read back.');
      return thread;
    },
  }),
);
