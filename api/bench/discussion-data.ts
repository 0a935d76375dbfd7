/**
 * The discussion data set of `pnpm bench:feed` and `pnpm bench:peers`, written by SQL
 * generate_series in a few statements (the search, score, reply-count and poll-count triggers run
 * for every row), so that a cost growing with a whole table shows: threads in 20 rooms, replies
 * spread evenly over them, a poll on every 10th thread, an image on every 15th, votes on opening
 * posts and polls from 1,000 pseudonyms, and one long thread (`LONG_THREAD_ID`) whose replies all
 * carry votes. Returns a session token of one verified physician.
 */
import { performance } from 'node:perf_hooks';
import { SPECIALTIES, type Db } from '@consilium/db';
import { hashPassword } from '../src/domain/passwords.ts';
import { ensurePseudonym } from '../src/domain/pseudonyms.ts';
import { createSession } from '../src/domain/sessions.ts';

export interface DiscussionSizes {
  threads: number;
  replies: number;
  /** Votes on opening posts; each of the 1,000 pseudonyms votes at most once per post. */
  votes: number;
  pollVotes: number;
  /** Replies of the long thread, on top of its share of `replies`; each gets 1 to 20 votes. */
  longThreadReplies: number;
}

/** Sizes from BENCH_THREADS, BENCH_REPLIES, BENCH_VOTES, BENCH_POLL_VOTES and BENCH_LONG_REPLIES, else `defaults`. */
export function sizesFromEnv(defaults: DiscussionSizes): DiscussionSizes {
  const read = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const threads = read('BENCH_THREADS', defaults.threads);
  return {
    threads,
    replies: read('BENCH_REPLIES', defaults.replies),
    votes: Math.min(read('BENCH_VOTES', defaults.votes), threads * 1000),
    pollVotes: read('BENCH_POLL_VOTES', defaults.pollVotes),
    longThreadReplies: read('BENCH_LONG_REPLIES', defaults.longThreadReplies),
  };
}

export const ROOMS = ['general', ...SPECIALTIES.slice(0, 19).map((s) => s.code)];
export const WORDS = ['syncope', 'fièvre', 'douleur', 'thoracique', 'enfant', 'bleeding', 'anticoagulant', 'insuffisance', 'cardiaque', 'asthma', 'diabète', 'rash', 'céphalée', 'fracture', 'sepsis', 'hypertension', 'vaccine', 'grossesse', 'dialysis', 'migraine'];

/** A feed page's thread, every field with its poll counts and images (the NODE of bench:feed). */
export const NODE = 'id title room tags body score myVote replyCount hidden lastActivityAt author { handle specialty country } poll { id question totalVotes myVote options { id label votes } } attachments { id url }';
/** The feed page of bench:feed and bench:peers: 20 threads, filters and cursor as variables. */
export const FEED = `query ($room: String, $tag: String, $after: String) { feed(room: $room, tag: $tag, first: 20, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;

/** A thread page: the thread's NODE and 50 replies with the viewer's votes. */
export const THREAD = `query ($id: ID!) { thread(id: $id) { ${NODE} replies(first: 50) { edges { node { id parentId body score myVote hidden createdAt author { handle specialty } } } } } }`;

/** One GraphQL request through the API in-process (yoga.fetch: no network, everything else real); throws on errors. */
export function inProcessGql(yoga: { fetch: (url: string, init: RequestInit) => Promise<Response> | Response }) {
  return async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await yoga.fetch('http://api.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return json.data!;
  };
}

/** Median and p90 in ms of `runs` calls of `run`, one after another, after one warm-up call. */
export async function timeRuns(runs: number, run: () => Promise<unknown>): Promise<{ median: number; p90: number }> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { median: at(0.5), p90: at(0.9) };
}

/** Thread number i's id (a v4-shaped uuid from md5), in SQL. */
const threadId = (i: string) => `overlay(overlay(md5('t' || ${i}) placing '4' from 13) placing '8' from 17)::uuid`;
/** The long thread: thread number 1. */
export const LONG_THREAD_ID = '83f1535f-99ab-4bf4-89d0-2dfd85d3e3f7';

export interface Seeded {
  token: string;
  accountId: string;
  counts: Record<'threads' | 'replies' | 'postVotes' | 'polls' | 'pollVotes' | 'attachments', number>;
}

/** Seeds `sizes` into an empty migrated database; `pseudonymSecret` must be the API's PSEUDONYM_SECRET. */
export async function seedDiscussion(db: Db, pseudonymSecret: string, sizes: DiscussionSizes, log: (line: string) => void = console.log): Promise<Seeded> {
  const t0 = performance.now();
  const step = (what: string) => log(`  ${what}: ${Math.round(performance.now() - t0)} ms`);
  const { threads, replies } = sizes;
  const physician = await db.account.create({ data: { email: 'bench@example.org', passwordHash: await hashPassword('bench-password-long-1'), role: 'PHYSICIAN' } });
  await db.credential.create({ data: { accountId: physician.id, country: 'FR', registry: 'RPPS', licenseNumber: '10000000001', specialty: 'cardiology', practiceStartYear: 2010, status: 'VERIFIED' } });
  await ensurePseudonym(db, pseudonymSecret, physician.id, { specialty: 'cardiology', country: 'FR' });
  await db.$executeRawUnsafe(`INSERT INTO pseudonym (key, handle, specialty, country)
    SELECT decode(md5(i::text) || md5((i * 7)::text), 'hex'), 'Bench-' || i, (ARRAY['cardiology','pediatrics','dermatology'])[1 + i % 3], (ARRAY['FR','BE','CH'])[1 + i % 3] FROM generate_series(1, 1000) i`);
  await db.$executeRawUnsafe(`CREATE TABLE bench_words AS SELECT (SELECT array_agg(id ORDER BY handle) FROM pseudonym WHERE handle LIKE 'Bench-%') AS a, ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}] AS w, ARRAY[${ROOMS.map((r) => `'${r}'`).join(',')}] AS r`);
  // Threads by 1,000 a statement: the tag-count trigger updates the same few tag_count rows for
  // every thread, and in one statement each update walks all the row versions the statement left.
  for (let start = 0; start < threads; start += 1000) {
    await db.$executeRawUnsafe(`INSERT INTO thread (id, room, title, tags, author_id, created_at, last_activity_at, reply_count)
      SELECT ${threadId('i')}, r[1 + i % ${ROOMS.length}], 'Cas ' || i || ' : ' || w[1 + i % 20] || ' et ' || w[1 + (i * 7) % 20],
        ARRAY['tag' || (i % 50), 'tag' || (i % 7)], a[1 + i % 1000], now() - make_interval(secs => (${threads} - i) * 60), now() - make_interval(secs => (${threads} - i) * 60), 0
      FROM generate_series(${start + 1}, ${Math.min(threads, start + 1000)}) i, bench_words`);
  }
  step('threads');
  await db.$executeRawUnsafe(`INSERT INTO post (id, thread_id, opening_of, author_id, body, created_at)
    SELECT id, id, id, author_id, 'Patient avec ' || title || '. What would you do? Quelle conduite à tenir ?', created_at FROM thread`);
  step('opening posts');
  const batch = 200_000;
  for (let start = 0; start < replies; start += batch) {
    await db.$executeRawUnsafe(`INSERT INTO post (thread_id, author_id, body, created_at)
      SELECT ${threadId(`(1 + (j::bigint * 7919) % ${threads})`)}, a[1 + j % 1000],
        'Réponse ' || j || ' : je pense à ' || w[1 + j % 20] || ', check ' || w[1 + (j * 3) % 20] || ' first.', now() - make_interval(secs => (${replies} - j) * 5)
      FROM generate_series(${start + 1}, ${Math.min(replies, start + batch)}) j, bench_words`);
    step(`replies ${Math.min(replies, start + batch)}`);
  }
  await seedLongThread(db, sizes);
  await db.$executeRawUnsafe(`UPDATE thread t SET reply_count = c.n, last_activity_at = greatest(t.last_activity_at, c.last)
    FROM (SELECT thread_id, count(*) - 1 AS n, max(created_at) AS last FROM post GROUP BY thread_id) c WHERE c.thread_id = t.id`);
  await db.$executeRawUnsafe(`INSERT INTO poll (thread_id, question) SELECT ${threadId('i')}, 'Votre choix ?' FROM generate_series(10, ${threads}, 10) i`);
  await db.$executeRawUnsafe(`INSERT INTO poll_option (poll_id, position, label) SELECT id, p, 'Option ' || p FROM poll, generate_series(0, 2) p`);
  await db.$executeRawUnsafe(`INSERT INTO attachment (uploader_id, post_id, storage_key, mime_type, width, height, bytes, created_at)
    SELECT a[1 + i % 1000], ${threadId('i')}, 'bench/' || i || '.webp', 'image/webp', 1200, 900, 150000, now() - make_interval(secs => (${threads} - i) * 60)
    FROM generate_series(15, ${threads}, 15) i, bench_words`);
  await seedVotes(db, sizes, step);
  // The bulk load updated each thread's search document ~6 times: VACUUM as autovacuum would.
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  const [counts] = await db.$queryRawUnsafe<Array<Seeded['counts']>>(`SELECT
    (SELECT count(*)::int FROM thread) AS threads, (SELECT count(*)::int FROM post WHERE opening_of IS NULL) AS replies,
    (SELECT count(*)::int FROM post_vote) AS "postVotes", (SELECT count(*)::int FROM poll) AS polls,
    (SELECT count(*)::int FROM poll_vote) AS "pollVotes", (SELECT count(*)::int FROM attachment) AS attachments`);
  log(`seeded ${Object.entries(counts!).map(([k, v]) => `${v} ${k}`).join(', ')} in ${Math.round((performance.now() - t0) / 1000)} s`);
  return { token: (await createSession(db, physician.id, 24)).token, accountId: physician.id, counts: counts! };
}

/** The long thread's own replies (each with a word of its own), and 1 to 20 votes on each of them. */
async function seedLongThread(db: Db, sizes: DiscussionSizes) {
  await db.$executeRawUnsafe(`INSERT INTO post (thread_id, author_id, body, created_at)
    SELECT '${LONG_THREAD_ID}'::uuid, a[1 + j % 1000],
      'Réponse longue ' || j || ' : ' || w[1 + j % 20] || ' ' || md5(j::text) || ' ' || w[1 + (j * 3) % 20] || '.', now() - make_interval(secs => ${sizes.threads} * 60 - j)
    FROM generate_series(1, ${sizes.longThreadReplies}) j, bench_words`);
  await db.$executeRawUnsafe(`INSERT INTO post_vote (post_id, pseudonym_id, value)
    SELECT p.id, a[k], CASE WHEN k % 4 = 0 THEN -1 ELSE 1 END
    FROM post p, bench_words, generate_series(1, 20) k
    WHERE p.thread_id = '${LONG_THREAD_ID}' AND p.opening_of IS NULL AND k <= 1 + abs(hashtext(p.id::text)) % 20`);
}

/** Votes on opening posts (one in five against) and poll votes spread over every poll's options. */
async function seedVotes(db: Db, sizes: DiscussionSizes, step: (what: string) => void) {
  const batch = 100_000;
  const { threads, votes } = sizes;
  for (let start = 0; start < votes; start += batch) {
    await db.$executeRawUnsafe(`INSERT INTO post_vote (post_id, pseudonym_id, value)
      SELECT ${threadId(`(1 + j % ${threads})`)}, a[1 + (j / ${threads}) % 1000],
        CASE WHEN j % 5 = 0 THEN -1 ELSE 1 END
      FROM generate_series(${start}, ${Math.min(votes, start + batch) - 1}) j, bench_words ON CONFLICT DO NOTHING`);
    step(`votes ${Math.min(votes, start + batch)}`);
  }
  await db.$executeRawUnsafe(`CREATE TABLE bench_polls AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM poll`);
  const [row] = await db.$queryRawUnsafe<Array<{ polls: number }>>('SELECT count(*)::int AS polls FROM bench_polls');
  const polls = row?.polls ?? 0;
  const pollVotes = Math.min(sizes.pollVotes, polls * 1000);
  for (let start = 0; start < pollVotes; start += batch) {
    await db.$executeRawUnsafe(`INSERT INTO poll_vote (poll_id, pseudonym_id, option_id)
      SELECT p.id, a[1 + (j / ${polls}) % 1000], o.id
      FROM bench_words, generate_series(${start}, ${Math.min(pollVotes, start + batch) - 1}) j
      JOIN bench_polls p ON p.n = j % ${polls} JOIN poll_option o ON o.poll_id = p.id AND o.position = (j * 7) % 3
      ON CONFLICT DO NOTHING`);
    step(`poll votes ${Math.min(pollVotes, start + batch)}`);
  }
}
