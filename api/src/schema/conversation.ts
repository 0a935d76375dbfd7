/** The operations of private messages: the inbox, a conversation, sending, reading, blocking. */
import { queryFromInfo } from '@pothos/plugin-prisma';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { viewerKey, viewerPseudonym } from '../domain/discussion/actor.ts';
import { markConversationRead, MAX_MEMBERS, sendMessage, setBlocked, startConversation, unreadMessages } from '../domain/messages/conversations.ts';
import { messageBodySchema } from '../domain/messages/rules.ts';
import { counterAt, decodeCursor, encodeCursor, PageInfo, pageSize, toPage, type Page } from './connection.ts';
import { ConversationRef } from './message.ts';

type ConversationPage = Page<object> & { unreadCount: number };
const ConversationEdge = builder.objectRef<ConversationPage['edges'][number]>('ConversationEdge');
ConversationEdge.implement({ fields: (t) => ({ node: t.field({ type: ConversationRef, resolve: (e) => e.node as never }), cursor: t.exposeString('cursor') }) });
const ConversationConnection = builder.objectRef<ConversationPage>('ConversationConnection');
ConversationConnection.implement({
  fields: (t) => ({
    edges: t.field({ type: [ConversationEdge], resolve: (p) => p.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (p) => p.pageInfo }),
    unreadCount: t.exposeInt('unreadCount', { description: 'Unread messages over all the viewer’s conversations.' }),
  }),
});

builder.queryField('conversations', (t) =>
  t.field({
    type: ConversationConnection,
    description: 'The viewer’s conversations, the one with the latest message first, with the number of unread messages.',
    authScopes: { verifiedPhysician: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 20);
      const cursor = decodeCursor(args.after, counterAt);
      const me = await viewerPseudonym(ctx);
      if (!me) return { ...toPage([], first, () => ''), unreadCount: 0 };
      const [rows, unreadCount] = await Promise.all([
        ctx.db.conversationMember.findMany({
          where: { pseudonymId: me.id, ...(cursor && { OR: [{ activity: { lt: cursor.at } }, { activity: cursor.at, conversationId: { lt: cursor.id } }] }) },
          orderBy: [{ activity: 'desc' }, { conversationId: 'desc' }],
          take: first + 1,
          select: { conversationId: true, activity: true },
        }),
        unreadMessages(ctx.db, me.id),
      ]);
      const found = await ctx.db.conversation.findMany({
        ...queryFromInfo({ context: ctx, info, typeName: 'Conversation', path: ['edges', 'node'] }),
        where: { id: { in: rows.map((r) => r.conversationId) } },
      });
      const byId = new Map(found.map((c) => [c.id, c]));
      const nodes = rows.map((r) => ({ ...byId.get(r.conversationId)!, activity: r.activity }));
      return { ...toPage(nodes, first, (n) => encodeCursor(n.activity, n.id)), unreadCount };
    },
  }),
);

builder.queryField('conversation', (t) =>
  t.prismaField({
    type: 'Conversation',
    nullable: true,
    description: 'One of the viewer’s conversations; null for any other id.',
    authScopes: { verifiedPhysician: true },
    args: { id: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.conversation.findFirst({ ...query, where: { id: String(args.id), members: { some: { pseudonym: { is: { key: viewerKey(ctx) } } } } } }),
  }),
);

builder.queryField('unreadMessageCount', (t) =>
  t.int({
    description: 'Unread private messages, for the header: a count only, never a sender or a word.',
    authScopes: { verifiedPhysician: true },
    resolve: async (_root, _args, ctx) => {
      const me = await viewerPseudonym(ctx);
      return me ? unreadMessages(ctx.db, me.id) : 0;
    },
  }),
);

const StartConversationInput = builder.inputType('StartConversationInput', {
  fields: (t) => ({
    handles: t.stringList({ required: true, description: `The other members' handles (1 to ${MAX_MEMBERS - 1}).`, validate: z.array(z.string().trim().min(1).max(64)).min(1).max(MAX_MEMBERS - 1) }),
    body: t.string({ required: true, validate: messageBodySchema }),
  }),
});

builder.mutationField('startConversation', (t) =>
  t.prismaField({
    type: 'Conversation',
    description: 'Starts a conversation with other pseudonyms and sends its first message; with one handle, an existing one-to-one conversation is continued.',
    authScopes: { verifiedPhysician: true },
    args: { input: t.arg({ type: StartConversationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await startConversation(ctx, input.handles, input.body);
      return ctx.db.conversation.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('sendMessage', (t) =>
  t.prismaField({
    type: 'Message',
    description: 'Sends a message to one of the viewer’s conversations (FORBIDDEN, reason "blocked", when a member blocked the viewer).',
    authScopes: { verifiedPhysician: true },
    args: { conversationId: t.arg.id({ required: true, validate: z.uuid() }), body: t.arg.string({ required: true, validate: messageBodySchema }) },
    resolve: async (query, _root, args, ctx) => {
      const id = await sendMessage(ctx, String(args.conversationId), args.body);
      return ctx.db.message.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
);

builder.mutationField('markConversationRead', (t) =>
  t.int({
    description: 'Marks a conversation read up to its last message; returns the viewer’s unread messages left.',
    authScopes: { verifiedPhysician: true },
    args: { conversationId: t.arg.id({ required: true, validate: z.uuid() }) },
    resolve: (_root, args, ctx) => markConversationRead(ctx, String(args.conversationId)),
  }),
);

builder.mutationField('setPseudonymBlocked', (t) =>
  t.boolean({
    description: 'Blocks a pseudonym (it can no longer start a conversation with the viewer nor send to one the viewer is in), or unblocks it; returns the new state.',
    authScopes: { verifiedPhysician: true },
    args: { pseudonymId: t.arg.id({ required: true, validate: z.uuid() }), blocked: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) => setBlocked(ctx, String(args.pseudonymId), args.blocked),
  }),
);
