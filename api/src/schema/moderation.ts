import type { Post, PostReport, Pseudonym } from '@consilium/db';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { moderatePost, reportedPosts, setSuspended } from '../domain/discussion/moderation.ts';
import { reasonSchema } from '../domain/discussion/rules.ts';
import { decodeCursor, defineConnection, encodeCursor, instantAt, pageSize, toPage } from './connection.ts';
import { PostRef } from './post.ts';
import { PseudonymRef } from './pseudonym.ts';

const ModerationActionEnum = builder.enumType('ModerationAction', { values: ['HIDE', 'RESTORE'] as const });

const PostReportRef = builder.objectRef<Pick<PostReport, 'reason' | 'createdAt'>>('PostReport');
PostReportRef.implement({
  description: 'One report of a post: the reason and when; the reporter is never shown.',
  fields: (t) => ({ reason: t.exposeString('reason'), createdAt: t.expose('createdAt', { type: 'DateTime' }) }),
});

interface Item {
  post: Post & { author: Pseudonym; thread: { title: string }; reports: Array<Pick<PostReport, 'reason' | 'createdAt' | 'resolved'>> };
  open: boolean;
  lastReportedAt: Date;
  includeResolved: boolean;
}

const ModerationItemRef = builder.objectRef<Item>('ModerationItem');
ModerationItemRef.implement({
  description: 'A reported post with its reports (admins see the body even when hidden).',
  fields: (t) => ({
    post: t.field({ type: PostRef, resolve: (i) => i.post }),
    threadTitle: t.string({ resolve: (i) => i.post.thread.title }),
    isThread: t.boolean({ resolve: (i) => i.post.openingOf !== null }),
    author: t.field({ type: PseudonymRef, resolve: (i) => i.post.author }),
    authorSuspended: t.boolean({ resolve: (i) => i.post.author.suspended }),
    reportCount: t.int({ resolve: (i) => shown(i).length }),
    reports: t.field({ type: [PostReportRef], resolve: shown }),
    lastReportedAt: t.expose('lastReportedAt', { type: 'DateTime' }),
  }),
});

/** The open reports of an item; all of them when resolved ones were asked for. */
function shown(i: Item) {
  return i.includeResolved ? i.post.reports : i.post.reports.filter((r) => !r.resolved);
}

const ModerationItemConnection = defineConnection('ModerationItem', ModerationItemRef);

/** The queue's sort value: open first ("1" or "0"), then the last report's instant. */
function queueAt(at: unknown): { open: boolean; at: Date } | undefined {
  const [open, instant, ...rest] = typeof at === 'string' ? at.split('|') : [];
  const date = instantAt(instant);
  return (open === '0' || open === '1') && date && rest.length === 0 ? { open: open === '1', at: date } : undefined;
}

function queueCursor(after: string | null | undefined) {
  const c = decodeCursor(after, queueAt);
  return c && { ...c.at, id: c.id };
}

builder.queryField('moderationQueue', (t) =>
  t.field({
    type: ModerationItemConnection,
    description: 'Reported posts with their reasons, those with open reports first, then the latest reported (admins).',
    authScopes: { moderator: true },
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string(), includeResolved: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 20);
      const includeResolved = args.includeResolved ?? false;
      const rows = await reportedPosts(ctx, first, includeResolved, queueCursor(args.after));
      const posts = await ctx.db.post.findMany({
        where: { id: { in: rows.map((r) => r.postId) } },
        include: { author: true, thread: { select: { title: true } }, reports: { select: { reason: true, createdAt: true, resolved: true }, orderBy: { createdAt: 'desc' } } },
      });
      const byId = new Map(posts.map((p) => [p.id, p]));
      const items = rows.flatMap((r) => (byId.has(r.postId) ? [{ post: byId.get(r.postId)!, open: r.open, lastReportedAt: r.lastReportedAt, includeResolved }] : []));
      return toPage(items, first, (i) => encodeCursor(`${i.open ? 1 : 0}|${i.lastReportedAt.toISOString()}`, i.post.id));
    },
  }),
);

builder.mutationField('moderatePost', (t) =>
  t.prismaField({
    type: 'Post',
    description: 'Hides or restores a post or thread, with a reason (audited); resolves its open reports.',
    authScopes: { moderator: true },
    args: {
      postId: t.arg.id({ required: true, validate: z.uuid() }),
      action: t.arg({ type: ModerationActionEnum, required: true }),
      reason: t.arg.string({ required: true, validate: reasonSchema }),
    },
    resolve: async (query, _root, args, ctx) => {
      await moderatePost(ctx, String(args.postId), args.action, args.reason);
      return ctx.db.post.findUniqueOrThrow({ ...query, where: { id: String(args.postId) } });
    },
  }),
);

for (const [name, suspended] of [['suspendPseudonym', true], ['unsuspendPseudonym', false]] as const) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: 'Pseudonym',
      description: suspended
        ? 'Suspends a pseudonym from posting, replying, voting and reporting, with a reason (admins; audited). The account behind it stays unknown.'
        : 'Lifts a suspension, with a reason (admins; audited).',
      authScopes: { moderator: true },
      args: { pseudonymId: t.arg.id({ required: true, validate: z.uuid() }), reason: t.arg.string({ required: true, validate: reasonSchema }) },
      resolve: async (query, _root, args, ctx) => {
        await setSuspended(ctx, String(args.pseudonymId), suspended, args.reason);
        return ctx.db.pseudonym.findUniqueOrThrow({ ...query, where: { id: String(args.pseudonymId) } });
      },
    }),
  );
}
