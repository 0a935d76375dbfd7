/**
 * `pnpm bench:feed`: timings of the discussion's reads on a large data set (discussion-data.ts) —
 * 100,000 threads, 1,000,000 replies, 400,000 votes on opening posts and 100,000 poll votes
 * (BENCH_THREADS, BENCH_REPLIES, BENCH_VOTES, BENCH_POLL_VOTES, BENCH_LONG_REPLIES), so that a
 * count over a whole table would show — through the real GraphQL API in-process (yoga.fetch: no
 * network, everything else real). BENCH_KEEP=1 keeps the database afterwards (its URL is
 * printed) for EXPLAIN; drop it by hand.
 */
import { randomBytes } from 'node:crypto';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { parseEnv } from '../src/env.ts';
import { FEED, inProcessGql, LONG_THREAD_ID, NODE, seedDiscussion, sizesFromEnv, THREAD, timeRuns } from './discussion-data.ts';

const SIZES = sizesFromEnv({ threads: 100_000, replies: 1_000_000, votes: 400_000, pollVotes: 100_000, longThreadReplies: 2000 });
const RUNS = 20;

const database = await createTestDatabase();
const env = parseEnv({ NODE_ENV: 'test', DATABASE_URL: database.url, RATE_LIMIT_SCALE: '100000', REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}` });
const db = createDb({ url: database.url, poolMax: 4 });
const redis = new Redis(env.REDIS_URL);
const { yoga } = buildApp({ env, db, redis, log: pino({ level: 'silent' }) });

const gql = inProcessGql(yoga);

const SEARCH = `query ($q: String!) { search(query: $q, first: 20) { edges { node { ${NODE} } } pageInfo { endCursor } } }`;
const SEARCH_AFTER = `query ($q: String!, $after: String) { search(query: $q, first: 20, after: $after) { edges { node { ${NODE} } } pageInfo { endCursor } } }`;
const TAGS = `query ($room: String) { tags(room: $room) { tag count } }`;
const REPLY = `mutation ($i: ReplyInput!) { reply(input: $i) { id } }`;

async function time(label: string, run: () => Promise<unknown>) {
  const { median, p90 } = await timeRuns(RUNS, run);
  console.log(`${label.padEnd(34)} median ${median.toFixed(1).padStart(7)} ms   p90 ${p90.toFixed(1).padStart(7)} ms`);
}

try {
  const { token } = await seedDiscussion(db, env.PSEUDONYM_SECRET, SIZES);
  let deep: string | null = null;
  for (let page = 0; page < 50; page++) deep = (await gql(token, FEED, { after: deep })).feed.pageInfo.endCursor;
  const busy = (await gql(token, FEED, {})).feed.edges[0].node.id;
  console.log(`\nGraphQL in-process, ${RUNS} runs each (after one warm-up):`);
  await time('feed, first page', () => gql(token, FEED));
  await time('feed, page 51 (cursor)', () => gql(token, FEED, { after: deep }));
  await time('feed, room filter', () => gql(token, FEED, { room: 'cardiology' }));
  await time('feed, tag filter', () => gql(token, FEED, { tag: 'tag3' }));
  await time('feed, room + tag', () => gql(token, FEED, { room: 'pediatrics', tag: 'tag11' }));
  await time('tags, one room', () => gql(token, TAGS, { room: 'cardiology' }));
  await time('tags, all rooms', () => gql(token, TAGS));
  await time('search "Cas 4242" (rare)', () => gql(token, SEARCH, { q: 'Cas 4242' }));
  await time('search "syncope" (common)', () => gql(token, SEARCH, { q: 'syncope' }));
  const second = (await gql(token, SEARCH, { q: 'syncope' })).search.pageInfo.endCursor;
  await time('search "syncope", page 2 (cursor)', () => gql(token, SEARCH_AFTER, { q: 'syncope', after: second }));
  await time('search "conduite" (every thread)', () => gql(token, SEARCH, { q: 'conduite' }));
  await time('thread page (up to 50 replies)', () => gql(token, THREAD, { id: busy }));
  const long = LONG_THREAD_ID;
  await time('reply (thread of ~10 replies)', () => gql(token, REPLY, { i: { threadId: busy, body: 'Bench reply: syncope vasovagale probable, ECG normal.' } }));
  await time(`reply (thread of ${SIZES.longThreadReplies} replies)`, () => gql(token, REPLY, { i: { threadId: long, body: 'Bench reply: syncope vasovagale probable, ECG normal.' } }));
} finally {
  await db.$disconnect();
  await redis.quit();
  if (process.env.BENCH_KEEP) console.log(`kept the database: ${database.url}`);
  else await database.drop();
}
