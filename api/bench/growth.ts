/**
 * `pnpm bench:growth`: whether the feed and thread pages cost the same as the database grows.
 * One database grows in steps — by default 50,000 → 150,000 → 500,000 threads while votes grow
 * 100,000 → 1,000,000 → 10,000,000 (GROWTH_THREADS, GROWTH_VOTES: comma-separated, one size per
 * step; four in five votes on opening posts, one in five on polls, a poll on every tenth thread,
 * GROWTH_REPLIES replies per thread) — and after each step (VACUUM ANALYZE, as autovacuum would)
 * the same reads are timed through the real GraphQL API in-process (yoga.fetch, as bench:feed).
 * It prints size → median and p90 per read, and the shared buffers (8 kB pages) its statements
 * touch, from EXPLAIN (ANALYZE, BUFFERS) of every statement the read sent, with its parameters:
 * a figure that the machine's other load does not move. A read is flat when its median, and its
 * buffers, at the largest size are within 1.5× of those at the smallest.
 *
 * The bulk inserts run with the tables' row triggers off and their counters (tag counts, post
 * scores, poll option votes) rebuilt from the rows afterwards: a trigger per row is what the
 * API's writes pay, not what this bench measures, and it would make seeding 10,000,000 votes
 * take hours. BENCH_KEEP=1 keeps the database (its URL is printed).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createDb, SPECIALTIES } from '@consilium/db';
import { createTestDatabase, loggedParams } from '@consilium/db/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { hashPassword } from '../src/domain/passwords.ts';
import { ensurePseudonym } from '../src/domain/pseudonyms.ts';
import { createSession } from '../src/domain/sessions.ts';
import { parseEnv } from '../src/env.ts';
import { inProcessGql, NODE, THREAD, timeRuns } from './discussion-data.ts';

const sizes = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((n) => Number(n.trim()));
const THREADS = sizes('GROWTH_THREADS', '50000,150000,500000');
const VOTES = sizes('GROWTH_VOTES', '100000,1000000,10000000');
const REPLIES_PER_THREAD = Number(process.env.GROWTH_REPLIES ?? 1);
const RUNS = Number(process.env.GROWTH_RUNS ?? 30);
const PSEUDONYMS = 1000;
if (THREADS.length !== VOTES.length || [...THREADS, ...VOTES].some((n) => !Number.isInteger(n) || n < 10)) {
  throw new Error('GROWTH_THREADS and GROWTH_VOTES need as many sizes each, integers of at least 10.');
}

const database = await createTestDatabase();
const env = parseEnv({ NODE_ENV: 'test', DATABASE_URL: database.url, RATE_LIMIT_SCALE: '100000', REDIS_PREFIX: `growth-${randomBytes(4).toString('hex')}` });
let captured: Array<{ sql: string; params: string }> | null = null;
const db = createDb({ url: database.url, poolMax: 4, onQuery: (sql, params) => void captured?.push({ sql, params }) });
const explainer = new pg.Client({ connectionString: database.url });
await explainer.connect();
const redis = new Redis(env.REDIS_URL);
const { yoga } = buildApp({ env, db, redis, log: pino({ level: 'silent' }) });
const sql = (text: string) => db.$executeRawUnsafe(text);
const uuid = (seed: string) => `overlay(overlay(md5(${seed}) placing '4' from 13) placing '8' from 17)::uuid`;
const ROOMS = ['general', ...SPECIALTIES.slice(0, 19).map((s) => s.code)];
const WORDS = ['syncope', 'fièvre', 'douleur', 'thoracique', 'enfant', 'bleeding', 'anticoagulant', 'insuffisance', 'cardiaque', 'asthma'];

async function start() {
  const physician = await db.account.create({ data: { email: 'growth@example.org', passwordHash: await hashPassword('growth-password-long-1'), role: 'PHYSICIAN' } });
  await db.credential.create({ data: { accountId: physician.id, country: 'FR', registry: 'RPPS', licenseNumber: '10000000001', specialty: 'cardiology', practiceStartYear: 2010, status: 'VERIFIED' } });
  await ensurePseudonym(db, env.PSEUDONYM_SECRET, physician.id, { specialty: 'cardiology', country: 'FR' });
  await sql(`INSERT INTO pseudonym (key, handle, specialty, country)
    SELECT decode(md5(i::text) || md5((i * 7)::text), 'hex'), 'Growth-' || i, 'cardiology', 'FR' FROM generate_series(1, ${PSEUDONYMS}) i`);
  await sql(`CREATE TABLE growth_seed AS SELECT (SELECT array_agg(id ORDER BY handle) FROM pseudonym WHERE handle LIKE 'Growth-%') AS a,
    ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}] AS w, ARRAY[${ROOMS.map((r) => `'${r}'`).join(',')}] AS r`);
  return (await createSession(db, physician.id, 24)).token;
}

/** Threads from+1..to (thread 1 the newest), their opening posts, replies and polls. */
async function growThreads(from: number, to: number) {
  const batch = 100_000;
  for (let lo = from + 1; lo <= to; lo += batch) {
    const hi = Math.min(to, lo + batch - 1);
    await sql('ALTER TABLE thread DISABLE TRIGGER USER');
    await sql(`INSERT INTO thread (id, room, title, tags, author_id, created_at, last_activity_at, reply_count)
      SELECT ${uuid("'t' || i")}, r[1 + i % ${ROOMS.length}], 'Cas ' || i || ' : ' || w[1 + i % 10] || ' et ' || w[1 + (i * 7) % 10],
        ARRAY['tag' || (i % 50), 'tag' || (i % 7)], a[1 + i % ${PSEUDONYMS}], now() - make_interval(mins => i), now() - make_interval(mins => i) + interval '30 seconds', ${REPLIES_PER_THREAD}
      FROM generate_series(${lo}, ${hi}) i, growth_seed`);
    await sql('ALTER TABLE thread ENABLE TRIGGER USER');
    await sql(`INSERT INTO post (id, thread_id, opening_of, author_id, body, created_at)
      SELECT ${uuid("'t' || i")}, ${uuid("'t' || i")}, ${uuid("'t' || i")}, a[1 + i % ${PSEUDONYMS}], 'Patient avec ' || w[1 + i % 10] || '. Quelle conduite à tenir ?', now() - make_interval(mins => i)
      FROM generate_series(${lo}, ${hi}) i, growth_seed`);
    if (REPLIES_PER_THREAD > 0) {
      await sql(`INSERT INTO post (thread_id, author_id, body, created_at)
        SELECT ${uuid("'t' || i")}, a[1 + (i + k) % ${PSEUDONYMS}], 'Réponse : je pense à ' || w[1 + (i + k) % 10] || '.', now() - make_interval(mins => i) + interval '30 seconds'
        FROM generate_series(${lo}, ${hi}) i, generate_series(1, ${REPLIES_PER_THREAD}) k, growth_seed`);
    }
    await sql(`INSERT INTO poll (id, thread_id, question) SELECT ${uuid("'poll' || i")}, ${uuid("'t' || i")}, 'Votre choix ?' FROM generate_series(${lo}, ${hi}) i WHERE i % 10 = 0`);
    await sql(`INSERT INTO poll_option (id, poll_id, position, label)
      SELECT ${uuid("'opt' || i || '-' || p")}, ${uuid("'poll' || i")}, p, 'Option ' || p FROM generate_series(${lo}, ${hi}) i, generate_series(0, 2) p WHERE i % 10 = 0`);
  }
  if (from === 0) {
    await sql(`INSERT INTO post (thread_id, author_id, body, created_at)
      SELECT ${uuid("'t1'")}, a[1 + j % ${PSEUDONYMS}], 'Réponse longue ' || j || ' : ' || w[1 + j % 10], now() - interval '1 minute' + make_interval(secs => j) FROM generate_series(1, 60) j, growth_seed`);
    await sql(`UPDATE thread SET reply_count = reply_count + 60, last_activity_at = now() WHERE id = ${uuid("'t1'")}`);
  }
  await sql(`DELETE FROM tag_count`);
  await sql(`INSERT INTO tag_count (room, tag, count) SELECT r, tag, count(*)::int FROM thread, unnest(ARRAY[thread.room, '']) AS r, unnest(thread.tags) AS tag GROUP BY r, tag`);
}

/** Votes from+1..to over the first `threads` threads: four in five on opening posts, the rest on polls. */
async function growVotes(from: number, to: number, threads: number) {
  const polls = Math.floor(threads / 10);
  const batch = 1_000_000;
  await sql('ALTER TABLE post_vote DISABLE TRIGGER USER');
  await sql('ALTER TABLE poll_vote DISABLE TRIGGER USER');
  for (let lo = from; lo < to; lo += batch) {
    const hi = Math.min(to, lo + batch) - 1;
    await sql(`INSERT INTO post_vote (post_id, pseudonym_id, value)
      SELECT ${uuid(`'t' || (1 + j % ${threads})`)}, a[1 + (j / ${threads}) % ${PSEUDONYMS}], CASE WHEN j % 5 = 1 THEN -1 ELSE 1 END
      FROM generate_series(${lo}, ${hi}) j, growth_seed WHERE j % 5 <> 0 ON CONFLICT DO NOTHING`);
    await sql(`INSERT INTO poll_vote (poll_id, pseudonym_id, option_id)
      SELECT ${uuid(`'poll' || (10 * (1 + (j / 5) % ${polls}))`)}, a[1 + (j / 5 / ${polls}) % ${PSEUDONYMS}], ${uuid(`'opt' || (10 * (1 + (j / 5) % ${polls})) || '-' || (j % 3)`)}
      FROM generate_series(${lo}, ${hi}) j, growth_seed WHERE j % 5 = 0 ON CONFLICT DO NOTHING`);
    console.log(`    votes ${hi + 1}`);
  }
  await sql('ALTER TABLE post_vote ENABLE TRIGGER USER');
  await sql('ALTER TABLE poll_vote ENABLE TRIGGER USER');
  await sql(`UPDATE post p SET score = v.total FROM (SELECT post_id, sum(value)::int AS total FROM post_vote GROUP BY post_id) v WHERE p.id = v.post_id AND p.score <> v.total`);
  await sql(`UPDATE poll_option o SET votes = v.n FROM (SELECT option_id, count(*)::int AS n FROM poll_vote GROUP BY option_id) v WHERE o.id = v.option_id AND o.votes <> v.n`);
}

const gql = inProcessGql(yoga);

const FEED = `query ($room: String, $after: String) { feed(room: $room, first: 20, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;

/** The statements one call sends, and the shared buffers they touch when run again under EXPLAIN. */
async function buffers(run: () => Promise<unknown>) {
  captured = [];
  await run();
  const statements = captured.filter((s) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|DEALLOCATE)\b/i.test(s.sql));
  captured = null;
  let blocks = 0;
  for (const { sql, params } of statements) {
    await explainer.query('BEGIN');
    try {
      const result = await explainer.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, number> }> }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, loggedParams(params));
      const plan = result.rows[0]!['QUERY PLAN'][0]!.Plan;
      blocks += (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    } finally {
      await explainer.query('ROLLBACK');
    }
  }
  return { blocks, statements: statements.length };
}

async function reads(token: string) {
  let deep: string | null = null;
  for (let page = 0; page < 50; page++) deep = (await gql(token, FEED, { after: deep })).feed.pageInfo.endCursor;
  const busy = (await db.$queryRawUnsafe<Array<{ id: string }>>(`SELECT ${uuid("'t1'")} AS id`))[0]!.id;
  return {
    'feed, first page': () => gql(token, FEED),
    'feed, page 51 (cursor)': () => gql(token, FEED, { after: deep }),
    'feed, one room': () => gql(token, FEED, { room: 'cardiology' }),
    'thread page (50 replies)': () => gql(token, THREAD, { id: busy }),
  };
}

const results = new Map<string, Array<{ size: string; median: number; p90: number; blocks: number }>>();
try {
  const token = await start();
  let threads = 0;
  let votes = 0;
  for (const [step, target] of THREADS.entries()) {
    const t0 = performance.now();
    await growThreads(threads, target);
    await growVotes(votes, VOTES[step]!, target);
    [threads, votes] = [target, VOTES[step]!];
    await sql('VACUUM ANALYZE');
    const [count] = await db.$queryRawUnsafe<Array<{ posts: number; post_votes: number; poll_votes: number }>>(
      `SELECT (SELECT reltuples::bigint FROM pg_class WHERE relname = 'post')::int AS posts, (SELECT reltuples::bigint FROM pg_class WHERE relname = 'post_vote')::int AS post_votes,
        (SELECT reltuples::bigint FROM pg_class WHERE relname = 'poll_vote')::int AS poll_votes`,
    );
    const size = `${threads.toLocaleString('en')} threads, ${votes.toLocaleString('en')} votes`;
    console.log(`step ${step + 1}: ${size} (≈${count!.posts.toLocaleString('en')} posts, ≈${count!.post_votes.toLocaleString('en')} post votes, ≈${count!.poll_votes.toLocaleString('en')} poll votes), seeded in ${Math.round((performance.now() - t0) / 1000)} s`);
    for (const [name, run] of Object.entries(await reads(token))) {
      const { median, p90 } = await timeRuns(RUNS, run);
      const { blocks, statements } = await buffers(run);
      results.set(name, [...(results.get(name) ?? []), { size, median, p90, blocks }]);
      console.log(`  ${name.padEnd(28)} median ${median.toFixed(1).padStart(7)} ms   p90 ${p90.toFixed(1).padStart(7)} ms   ${String(blocks).padStart(6)} buffers in ${statements} statements`);
    }
  }
  console.log(`\n| read | ${[...results.values()][0]!.map((r) => r.size).join(' | ')} | flat? |`);
  console.log(`|---|${[...results.values()][0]!.map(() => '---').join('|')}|---|`);
  for (const [name, rows] of results) {
    const ratio = rows.at(-1)!.median / rows[0]!.median;
    const blockRatio = rows.at(-1)!.blocks / Math.max(1, rows[0]!.blocks);
    const cells = rows.map((r) => `${r.median.toFixed(1)} / ${r.p90.toFixed(1)} ms, ${r.blocks} buf`);
    const verdict = (x: number) => `${x <= 1.5 ? 'flat' : 'grows'} (${x.toFixed(2)}×)`;
    console.log(`| ${name} | ${cells.join(' | ')} | time ${verdict(ratio)}, buffers ${verdict(blockRatio)} |`);
  }
  console.log('(cells: median / p90 of each read, and the shared buffers its statements touch)');
} finally {
  await explainer.end();
  await db.$disconnect();
  await redis.quit();
  if (process.env.BENCH_KEEP) console.log(`kept the database: ${database.url}`);
  else await database.drop();
}
