import type { Message, MessageReport, Pseudonym } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { reasonSchema } from '../domain/discussion/rules.ts';
import { contextsBefore, reportMessage, resolveMessageReport } from '../domain/messages/reports.ts';
import { decodeCursor, defineConnection, encodeCursor, pageSize, toPage } from './connection.ts';
import { MessageRef } from './message.ts';

type WithAuthor = Message & { author: Pseudonym };
type Item = MessageReport & { message: WithAuthor; context: WithAuthor[] };

const MessageReportRef = builder.objectRef<Item>('MessageReport');
MessageReportRef.implement({
  description: 'A reported private message with the two messages before it: all a moderator sees of the conversation. The reporter is never shown.',
  fields: (t) => ({
    id: t.exposeID('id'),
    reason: t.exposeString('reason'),
    day: t.string({ description: 'The day of the report (YYYY-MM-DD).', resolve: (r) => r.day.toISOString().slice(0, 10) }),
    resolved: t.exposeBoolean('resolved'),
    message: t.field({ type: MessageRef, resolve: (r) => r.message }),
    context: t.field({ type: [MessageRef], description: 'Up to two messages before the reported one, oldest first.', resolve: (r) => r.context }),
  }),
});

const MessageReportConnection = defineConnection('MessageReport', MessageReportRef);

builder.queryField('messageReports', (t) =>
  t.field({
    type: MessageReportConnection,
    description: 'Open reports of private messages, the latest day first (moderators).',
    authScopes: { moderator: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 20);
      const cursor = decodeCursor(args.after);
      const rows = await ctx.db.messageReport.findMany({
        where: { resolved: false, ...(cursor && { OR: [{ day: { lt: cursor.at } }, { day: cursor.at, id: { lt: cursor.id } }] }) },
        orderBy: [{ day: 'desc' }, { id: 'desc' }],
        take: first + 1,
        include: { message: { include: { author: true } } },
      });
      const contexts = await contextsBefore(ctx, rows.slice(0, first).map((r) => r.message));
      return toPage(rows.map((r) => ({ ...r, context: contexts.get(r.message.id) ?? [] })), first, (r) => encodeCursor(r.day, r.id));
    },
  }),
);

builder.mutationField('reportMessage', (t) =>
  t.boolean({
    description: 'Reports a message of one of the viewer’s conversations to the moderators, with a reason; they see it and the two messages before it only.',
    authScopes: { verifiedPhysician: true },
    args: { messageId: t.arg.id({ required: true, validate: z.uuid() }), reason: t.arg.string({ required: true, validate: reasonSchema }) },
    resolve: async (_root, args, ctx) => {
      await reportMessage(ctx, String(args.messageId), args.reason);
      return true;
    },
  }),
);

builder.mutationField('resolveMessageReport', (t) =>
  t.boolean({
    description: 'Closes a message report, with a reason (moderators; audited). Suspending the author is `suspendPseudonym`.',
    authScopes: { moderator: true },
    args: { reportId: t.arg.id({ required: true, validate: z.uuid() }), reason: t.arg.string({ required: true, validate: reasonSchema }) },
    resolve: async (_root, args, ctx) => {
      await resolveMessageReport(ctx, String(args.reportId), args.reason);
      return true;
    },
  }),
);
