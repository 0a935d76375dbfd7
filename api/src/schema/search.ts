import { queryFromInfo } from '@pothos/plugin-prisma';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { viewerKey } from '../domain/discussion/actor.ts';
import { searchMatches, searchPage } from '../domain/discussion/reads.ts';
import { decodeCursor, encodeCursor, numberAt, pageSize, toPage } from './connection.ts';
import { ThreadConnection } from './thread.ts';
import { pageCovers } from './thread-pages.ts';

builder.queryField('search', (t) =>
  t.field({
    type: ThreadConnection,
    description: 'Threads matching words in French or English (accents ignored), best match first.',
    // One statement for the page (domain/discussion/reads.ts); Prisma serves a selection it does not hold.
    authScopes: { verifiedPhysician: true },
    args: {
      query: t.arg.string({ required: true, validate: z.string().trim().min(1).max(200) }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 20);
      const decoded = decodeCursor(args.after, numberAt);
      const cursor = decoded ? { rank: decoded.at, id: decoded.id } : null;
      const query = queryFromInfo({ context: ctx, info, typeName: 'Thread', path: ['edges', 'node'] });
      if (pageCovers(ctx, query)) {
        const page = toPage(await searchPage(ctx.db, viewerKey(ctx), args.query, first, cursor), first, (r) => encodeCursor(r.rank, r.thread.id));
        return { ...page, edges: page.edges.map((e) => ({ node: e.node.thread, cursor: e.cursor })) };
      }
      const found = await searchMatches(ctx.db, viewerKey(ctx), args.query, first, cursor);
      const threads = found.length
        ? await ctx.db.thread.findMany({ ...query, where: { id: { in: found.map((f) => f.id) } } })
        : [];
      const byId = new Map(threads.map((thread) => [thread.id, thread]));
      const ranked = found.flatMap((f) => (byId.has(f.id) ? [{ thread: byId.get(f.id)!, rank: f.rank }] : []));
      const page = toPage(ranked, first, (r) => encodeCursor(r.rank, r.thread.id));
      return { ...page, edges: page.edges.map((e) => ({ node: e.node.thread, cursor: e.cursor })) };
    },
  }),
);
