/** The types of private messages: a message, a conversation and its page of messages. Operations: conversation.ts. */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../builder.ts';
import { viewerKey, viewerPseudonym } from '../domain/discussion/actor.ts';
import { counterAt, decodeCursor, encodeCursor, PageInfo, pageSize, toPage, type Page } from './connection.ts';
import { PseudonymRef } from './pseudonym.ts';

export const MessageRef = builder.prismaObject('Message', {
  description: 'A private message. It carries its day, never a time of day; `seq` orders a conversation.',
  fields: (t) => ({
    id: t.exposeID('id'),
    conversationId: t.exposeID('conversationId'),
    seq: t.exposeInt('seq', { description: 'Its number in the conversation, from 1.' }),
    body: t.exposeString('body', { description: 'Markdown source; clients render it sanitised, as a post.' }),
    day: t.string({ description: 'The day it was sent (YYYY-MM-DD, UTC).', resolve: (m) => m.day.toISOString().slice(0, 10) }),
    author: t.relation('author'),
    mine: t.boolean({ resolve: async (m, _args, ctx) => (await viewerPseudonym(ctx))?.id === m.authorId }),
  }),
});

type MessagePage = Page<object>;
const MessageEdge = builder.objectRef<MessagePage['edges'][number]>('MessageEdge');
MessageEdge.implement({ fields: (t) => ({ node: t.field({ type: MessageRef, resolve: (e) => e.node as never }), cursor: t.exposeString('cursor') }) });
const MessageConnection = builder.objectRef<MessagePage>('MessageConnection');
MessageConnection.implement({
  fields: (t) => ({ edges: t.field({ type: [MessageEdge], resolve: (p) => p.edges }), pageInfo: t.field({ type: PageInfo, resolve: (p) => p.pageInfo }) }),
});

/** The viewer's own membership row, selected with the conversation: no query per conversation. */
const mine = (ctx: Parameters<typeof viewerKey>[0]) => ({ where: { pseudonym: { is: { key: viewerKey(ctx) } } }, select: { lastReadSeq: true } });

export const ConversationRef = builder.prismaObject('Conversation', {
  description: 'A private conversation between 2 to 8 pseudonyms; only its members can read it.',
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    members: t.field({
      type: [PseudonymRef],
      description: 'Every member, the viewer included.',
      select: (_args, _ctx, nested) => ({ members: { select: { pseudonym: nested() } } }),
      resolve: (c) => c.members.map((m) => m.pseudonym),
    }),
    unreadCount: t.int({
      select: (_args, ctx) => ({ lastSeq: true, members: mine(ctx) }),
      resolve: (c) => c.lastSeq - (c.members[0]?.lastReadSeq ?? c.lastSeq),
    }),
    lastMessage: t.field({
      type: MessageRef,
      nullable: true,
      select: (_args, _ctx, nested) => ({ messages: { orderBy: { seq: 'desc' as const }, take: 1, ...nested() } }),
      resolve: (c) => c.messages[0] ?? null,
    }),
    blockedMemberIds: t.idList({
      description: 'The members the viewer has blocked.',
      // Selected with the conversation: a list of conversations costs no query per row.
      select: (_args, ctx) => ({ members: { select: { pseudonymId: true, pseudonym: { select: { blockedBy: { where: { blocker: { is: { key: viewerKey(ctx) } } }, select: { blockerId: true } } } } } } }),
      resolve: (c) => c.members.filter((m) => m.pseudonym.blockedBy.length > 0).map((m) => m.pseudonymId),
    }),
    messages: t.field({
      type: MessageConnection,
      description: 'Newest first: the first page is the latest messages, `after` pages back in time.',
      args: { first: t.arg.int({ defaultValue: 30 }), after: t.arg.string() },
      resolve: async (c, args, ctx, info) => {
        const first = pageSize(args.first, 30);
        const cursor = decodeCursor(args.after, counterAt);
        const rows = await ctx.db.message.findMany({
          ...queryFromInfo({ context: ctx, info, typeName: 'Message', path: ['edges', 'node'] }),
          where: { conversationId: c.id, ...(cursor && { seq: { lt: cursor.at } }) },
          orderBy: { seq: 'desc' },
          take: first + 1,
        });
        return toPage(rows as Array<{ id: string; seq: number }>, first, (m) => encodeCursor(m.seq, m.id));
      },
    }),
  }),
});
