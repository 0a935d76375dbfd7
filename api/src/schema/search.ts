import { queryFromInfo } from '@pothos/plugin-prisma';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { decodeCursor, encodeCursor, numberAt, pageSize, toPage } from './connection.ts';
import { ThreadConnection } from './thread.ts';

/**
 * Threads whose title, opening post or visible replies match the words: French and English stems
 * of the unaccented query OR'ed, against one document per thread (`thread_search`, kept by
 * triggers: title weight A, opening post B, replies C; NULL while the thread is hidden), ranked by
 * ts_rank over that document, best first. Paginated by keyset on (rank, id).
 * `q` is MATERIALIZED: inlined, the planner would parse and unaccent the query again for every
 * candidate row (in the recheck and in ts_rank), which cost more than the ranking itself.
 */
async function matches(db: import('@consilium/db').Db, words: string, first: number, cursor: { rank: number; id: string } | null) {
  return db.$queryRaw<Array<{ id: string; rank: number }>>`
    WITH q AS MATERIALIZED (
      SELECT websearch_to_tsquery('french', public.unaccent(${words})) || websearch_to_tsquery('english', public.unaccent(${words})) AS q
    ), m AS (
      SELECT s.thread_id AS id, ts_rank(s.search, q.q) AS rank
      FROM thread_search s, q
      WHERE s.search @@ q.q
    )
    SELECT m.id, m.rank FROM m
    WHERE ${cursor === null} OR (m.rank, m.id) < (${cursor?.rank ?? 0}::real, ${cursor?.id ?? '00000000-0000-0000-0000-000000000000'}::uuid)
    ORDER BY m.rank DESC, m.id DESC
    LIMIT ${first + 1}`;
}

builder.queryField('search', (t) =>
  t.field({
    type: ThreadConnection,
    description: 'Threads matching words in French or English (accents ignored), best match first.',
    authScopes: { verifiedPhysician: true },
    args: {
      query: t.arg.string({ required: true, validate: z.string().trim().min(1).max(200) }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first, 20);
      const decoded = decodeCursor(args.after, numberAt);
      const found = await matches(ctx.db, args.query, first, decoded ? { rank: decoded.at, id: decoded.id } : null);
      const threads = found.length
        ? await ctx.db.thread.findMany({ ...queryFromInfo({ context: ctx, info, typeName: 'Thread', path: ['edges', 'node'] }), where: { id: { in: found.map((f) => f.id) } } })
        : [];
      const byId = new Map(threads.map((thread) => [thread.id, thread]));
      const ranked = found.flatMap((f) => (byId.has(f.id) ? [{ thread: byId.get(f.id)!, rank: f.rank }] : []));
      const page = toPage(ranked, first, (r) => encodeCursor(r.rank, r.thread.id));
      return { ...page, edges: page.edges.map((e) => ({ node: e.node.thread, cursor: e.cursor })) };
    },
  }),
);
