/**
 * `pnpm bench:feed`: timings of the discussion's reads on a large data set — 100,000 threads,
 * 1,000,000 replies, 400,000 votes on opening posts and 100,000 poll votes (BENCH_THREADS,
 * BENCH_REPLIES, BENCH_VOTES, BENCH_POLL_VOTES), written by SQL generate_series in a few
 * statements (the search, score and poll-count triggers run for every row), so that a count over
 * a whole table would show — through the real GraphQL API in-process
 * (yoga.fetch: no network, everything else real). BENCH_KEEP=1 keeps the database afterwards
 * (its URL is printed) for EXPLAIN; drop it by hand.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDb, SPECIALTIES } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { hashPassword } from '../src/domain/passwords.ts';
import { ensurePseudonym } from '../src/domain/pseudonyms.ts';
import { createSession } from '../src/domain/sessions.ts';
import { parseEnv } from '../src/env.ts';

const THREADS = Number(process.env.BENCH_THREADS ?? 100_000);
const REPLIES = Number(process.env.BENCH_REPLIES ?? 1_000_000);
// Each of the 1,000 bench pseudonyms votes at most once per post and per poll.
const VOTES = Math.min(Number(process.env.BENCH_VOTES ?? 400_000), THREADS * 1000);
const POLL_VOTES = Number(process.env.BENCH_POLL_VOTES ?? 100_000);
const RUNS = 20;

const database = await createTestDatabase();
const env = parseEnv({ NODE_ENV: 'test', DATABASE_URL: database.url, RATE_LIMIT_SCALE: '100000', REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}` });
const db = createDb({ url: database.url, poolMax: 4 });
const redis = new Redis(env.REDIS_URL);
const { yoga } = buildApp({ env, db, redis, log: pino({ level: 'silent' }) });

const ROOMS = ['general', ...SPECIALTIES.slice(0, 19).map((s) => s.code)];
const WORDS = ['syncope', 'fièvre', 'douleur', 'thoracique', 'enfant', 'bleeding', 'anticoagulant', 'insuffisance', 'cardiaque', 'asthma', 'diabète', 'rash', 'céphalée', 'fracture', 'sepsis', 'hypertension', 'vaccine', 'grossesse', 'dialysis', 'migraine'];

async function seed() {
  const t0 = performance.now();
  const physician = await db.account.create({ data: { email: 'bench@example.org', passwordHash: await hashPassword('bench-password-long-1'), role: 'PHYSICIAN' } });
  await db.credential.create({ data: { accountId: physician.id, country: 'FR', registry: 'RPPS', licenseNumber: '10000000001', specialty: 'cardiology', practiceStartYear: 2010, status: 'VERIFIED' } });
  await ensurePseudonym(db, env.PSEUDONYM_SECRET, physician.id, { specialty: 'cardiology', country: 'FR' });
  await db.$executeRawUnsafe(`INSERT INTO pseudonym (key, handle, specialty, country)
    SELECT decode(md5(i::text) || md5((i * 7)::text), 'hex'), 'Bench-' || i, 'cardiology', 'FR' FROM generate_series(1, 1000) i`);
  await db.$executeRawUnsafe(`CREATE TABLE bench_words AS SELECT (SELECT array_agg(id) FROM pseudonym WHERE handle LIKE 'Bench-%') AS a, ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}] AS w, ARRAY[${ROOMS.map((r) => `'${r}'`).join(',')}] AS r`);
  await db.$executeRawUnsafe(`INSERT INTO thread (id, room, title, tags, author_id, created_at, last_activity_at, reply_count)
    SELECT overlay(overlay(md5('t' || i) placing '4' from 13) placing '8' from 17)::uuid, r[1 + i % ${ROOMS.length}], 'Cas ' || i || ' : ' || w[1 + i % 20] || ' et ' || w[1 + (i * 7) % 20],
      ARRAY['tag' || (i % 50), 'tag' || (i % 7)], a[1 + i % 1000], now() - make_interval(secs => (${THREADS} - i) * 60), now() - make_interval(secs => (${THREADS} - i) * 60), 0
    FROM generate_series(1, ${THREADS}) i, bench_words`);
  console.log(`  threads: ${Math.round(performance.now() - t0)} ms`);
  await db.$executeRawUnsafe(`INSERT INTO post (id, thread_id, opening_of, author_id, body, created_at)
    SELECT id, id, id, author_id, 'Patient avec ' || title || '. What would you do? Quelle conduite à tenir ?', created_at FROM thread`);
  console.log(`  opening posts: ${Math.round(performance.now() - t0)} ms`);
  const batch = 200_000;
  for (let start = 0; start < REPLIES; start += batch) {
    await db.$executeRawUnsafe(`INSERT INTO post (thread_id, author_id, body, created_at)
      SELECT overlay(overlay(md5('t' || (1 + (j::bigint * 7919) % ${THREADS})) placing '4' from 13) placing '8' from 17)::uuid, a[1 + j % 1000],
        'Réponse ' || j || ' : je pense à ' || w[1 + j % 20] || ', check ' || w[1 + (j * 3) % 20] || ' first.', now() - make_interval(secs => (${REPLIES} - j) * 5)
      FROM generate_series(${start + 1}, ${Math.min(REPLIES, start + batch)}) j, bench_words`);
    console.log(`  replies ${Math.min(REPLIES, start + batch)}: ${Math.round(performance.now() - t0)} ms`);
  }
  // One long thread (2,000 replies, each with a word of its own): what a reply costs there.
  await db.$executeRawUnsafe(`INSERT INTO post (thread_id, author_id, body, created_at)
    SELECT overlay(overlay(md5('t1') placing '4' from 13) placing '8' from 17)::uuid, a[1 + j % 1000],
      'Réponse longue ' || j || ' : ' || w[1 + j % 20] || ' ' || md5(j::text) || ' ' || w[1 + (j * 3) % 20] || '.', now() - make_interval(secs => ${THREADS} * 60 - j)
    FROM generate_series(1, 2000) j, bench_words`);
  await db.$executeRawUnsafe(`UPDATE thread t SET reply_count = c.n, last_activity_at = greatest(t.last_activity_at, c.last)
    FROM (SELECT thread_id, count(*) - 1 AS n, max(created_at) AS last FROM post GROUP BY thread_id) c WHERE c.thread_id = t.id`);
  await db.$executeRawUnsafe(`INSERT INTO poll (thread_id, question) SELECT id, 'Votre choix ?' FROM thread WHERE reply_count % 10 = 0`);
  await db.$executeRawUnsafe(`INSERT INTO poll_option (poll_id, position, label) SELECT id, p, 'Option ' || p FROM poll, generate_series(0, 2) p`);
  await seedVotes(t0);
  // The bulk load updated each thread's search document ~6 times: VACUUM as autovacuum would.
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  console.log(`seeded ${THREADS} threads, ${REPLIES} replies, ${VOTES} votes and ${POLL_VOTES} poll votes in ${Math.round((performance.now() - t0) / 1000)} s`);
  return (await createSession(db, physician.id, 24)).token;
}

/** Votes on opening posts (one in five against) and poll votes spread over every poll's options. */
async function seedVotes(t0: number) {
  const batch = 100_000;
  for (let start = 0; start < VOTES; start += batch) {
    await db.$executeRawUnsafe(`INSERT INTO post_vote (post_id, pseudonym_id, value)
      SELECT overlay(overlay(md5('t' || (1 + j % ${THREADS})) placing '4' from 13) placing '8' from 17)::uuid, a[1 + (j / ${THREADS}) % 1000],
        CASE WHEN j % 5 = 0 THEN -1 ELSE 1 END
      FROM generate_series(${start}, ${Math.min(VOTES, start + batch) - 1}) j, bench_words ON CONFLICT DO NOTHING`);
    console.log(`  votes ${Math.min(VOTES, start + batch)}: ${Math.round(performance.now() - t0)} ms`);
  }
  await db.$executeRawUnsafe(`CREATE TABLE bench_polls AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM poll`);
  const [row] = await db.$queryRawUnsafe<Array<{ polls: number }>>('SELECT count(*)::int AS polls FROM bench_polls');
  const polls = row?.polls ?? 0;
  const pollVotes = Math.min(POLL_VOTES, polls * 1000);
  for (let start = 0; start < pollVotes; start += batch) {
    await db.$executeRawUnsafe(`INSERT INTO poll_vote (poll_id, pseudonym_id, option_id)
      SELECT p.id, a[1 + (j / ${polls}) % 1000], o.id
      FROM bench_words, generate_series(${start}, ${Math.min(pollVotes, start + batch) - 1}) j
      JOIN bench_polls p ON p.n = j % ${polls} JOIN poll_option o ON o.poll_id = p.id AND o.position = (j * 7) % 3
      ON CONFLICT DO NOTHING`);
    console.log(`  poll votes ${Math.min(pollVotes, start + batch)}: ${Math.round(performance.now() - t0)} ms`);
  }
}

async function gql(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await yoga.fetch('http://api.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json.data!;
}

const NODE = 'id title room tags body score myVote replyCount hidden lastActivityAt author { handle specialty country } poll { id question totalVotes myVote options { id label votes } } attachments { id url }';
const FEED = `query ($room: String, $tag: String, $after: String) { feed(room: $room, tag: $tag, first: 20, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query ($q: String!) { search(query: $q, first: 20) { edges { node { ${NODE} } } pageInfo { endCursor } } }`;
const SEARCH_AFTER = `query ($q: String!, $after: String) { search(query: $q, first: 20, after: $after) { edges { node { ${NODE} } } pageInfo { endCursor } } }`;
const TAGS = `query ($room: String) { tags(room: $room) { tag count } }`;
const REPLY = `mutation ($i: ReplyInput!) { reply(input: $i) { id } }`;
const THREAD = `query ($id: ID!) { thread(id: $id) { ${NODE} replies(first: 50) { edges { node { id parentId body score myVote hidden createdAt author { handle specialty } } } } } }`;

async function time(label: string, run: () => Promise<unknown>) {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(`${label.padEnd(34)} median ${p(0.5).padStart(7)} ms   p90 ${p(0.9).padStart(7)} ms`);
}

try {
  const token = await seed();
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
  const long = (await db.thread.findFirstOrThrow({ orderBy: { replyCount: 'desc' } })).id;
  await time('reply (thread of ~10 replies)', () => gql(token, REPLY, { i: { threadId: busy, body: 'Bench reply: syncope vasovagale probable, ECG normal.' } }));
  await time('reply (thread of 2,000 replies)', () => gql(token, REPLY, { i: { threadId: long, body: 'Bench reply: syncope vasovagale probable, ECG normal.' } }));
} finally {
  await db.$disconnect();
  await redis.quit();
  if (process.env.BENCH_KEEP) console.log(`kept the database: ${database.url}`);
  else await database.drop();
}
