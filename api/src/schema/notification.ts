import { NotificationKind } from '@consilium/db';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { visiblePosts } from '../domain/groups/visibility.ts';
import { viewerPseudonym } from '../domain/discussion/actor.ts';
import { excerpt } from '../domain/discussion/rules.ts';
import { PseudonymRef } from './pseudonym.ts';
import { decodeCursor, encodeCursor, PageInfo, pageSize, toPage, type Page } from './connection.ts';

const NotificationKindEnum = builder.enumType(NotificationKind, { name: 'NotificationKind' });

const NotificationRef = builder.prismaObject('Notification', {
  description: 'Someone replied to the viewer’s thread or post, or mentioned the viewer’s pseudonym (@handle) in a post.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: NotificationKindEnum }),
    threadId: t.id({ select: { post: { select: { threadId: true } } }, resolve: (n) => n.post.threadId }),
    postId: t.exposeID('postId', { description: 'The post that caused it (a reply, or the post that mentions the viewer).' }),
    threadTitle: t.string({
      description: 'The thread’s title; "" when the thread is hidden.',
      select: { post: { select: { thread: { select: { title: true, opening: { select: { hidden: true } } } } } } },
      resolve: (n) => (n.post.thread.opening?.hidden ? '' : n.post.thread.title),
    }),
    excerpt: t.string({
      description: 'The start of the reply as plain text; "" when it is hidden.',
      select: { post: { select: { body: true, hidden: true } } },
      resolve: (n) => (n.post.hidden ? '' : excerpt(n.post.body)),
    }),
    from: t.field({
      type: PseudonymRef,
      select: (_args, _ctx, nested) => ({ post: { select: { author: nested() } } }),
      resolve: (n) => n.post.author,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    read: t.exposeBoolean('read'),
    urgent: t.boolean({
      description: 'Whether it announces an URGENT question to a specialist (kind SPECIALIST_QUESTION).',
      select: { post: { select: { thread: { select: { question: { select: { urgency: true } } } } } } },
      resolve: (n) => n.kind === 'SPECIALIST_QUESTION' && n.post.thread.question?.urgency === 'URGENT',
    }),
  }),
});

type NotificationPage = Page<object> & { unreadCount: number };
const NotificationEdge = builder.objectRef<NotificationPage['edges'][number]>('NotificationEdge');
NotificationEdge.implement({
  fields: (t) => ({ node: t.field({ type: NotificationRef, resolve: (e) => e.node as never }), cursor: t.exposeString('cursor') }),
});
const NotificationConnection = builder.objectRef<NotificationPage>('NotificationConnection');
NotificationConnection.implement({
  fields: (t) => ({
    edges: t.field({ type: [NotificationEdge], resolve: (p) => p.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (p) => p.pageInfo }),
    unreadCount: t.exposeInt('unreadCount'),
  }),
});

builder.queryField('notifications', (t) =>
  t.field({
    type: NotificationConnection,
    description: 'Replies to the viewer’s threads and posts and mentions of the viewer’s pseudonym, newest first, with the number still unread.',
    authScopes: { verifiedPhysician: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string(), unreadOnly: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 20);
      const cursor = decodeCursor(args.after);
      const me = await viewerPseudonym(ctx);
      if (!me) return { ...toPage([], first, () => ''), unreadCount: 0 };
      const [rows, unreadCount] = await Promise.all([
        ctx.db.notification.findMany({
          ...queryFromInfo({ context: ctx, info, typeName: 'Notification', path: ['edges', 'node'] }),
          where: {
            recipientId: me.id,
            post: { is: visiblePosts(ctx) },
            createdAt: { lte: new Date() },
            ...(args.unreadOnly && { read: false }),
            ...(cursor && { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] }),
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: first + 1,
        }),
        ctx.db.notification.count({ where: { recipientId: me.id, read: false, post: { is: visiblePosts(ctx) }, createdAt: { lte: new Date() } } }),
      ]);
      return { ...toPage(rows, first, (n) => encodeCursor(n.createdAt, n.id)), unreadCount };
    },
  }),
);

builder.mutationField('markNotificationsRead', (t) =>
  t.int({
    description:
      'Marks the viewer’s notifications read (the given ones, or all when ids is null; only those of one thread with threadId, as when the viewer opens it); returns the unread count left.',
    authScopes: { verifiedPhysician: true },
    args: {
      ids: t.arg.idList({ validate: z.array(z.uuid()).max(500).optional().nullable() }),
      threadId: t.arg.id({ description: 'Only the notifications of replies in this thread.', validate: z.uuid().optional().nullable() }),
    },
    resolve: async (_root, args, ctx) => {
      const me = await viewerPseudonym(ctx);
      if (!me) return 0;
      await ctx.db.notification.updateMany({
        where: {
          recipientId: me.id,
          read: false,
          createdAt: { lte: new Date() },
          ...(args.ids && { id: { in: args.ids.map(String) } }),
          ...(args.threadId && { post: { threadId: String(args.threadId) } }),
        },
        data: { read: true },
      });
      return ctx.db.notification.count({ where: { recipientId: me.id, read: false, post: { is: visiblePosts(ctx) }, createdAt: { lte: new Date() } } });
    },
  }),
);
