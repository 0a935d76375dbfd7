/**
 * No read's cost follows the size of a whole table. On a database seeded large enough that
 * PostgreSQL prefers an index where one fits (tens of thousands of threads, posts, votes,
 * surveys, orders, ledger entries and reports), every read a page makes is called through the
 * API, every statement it sends is captured with its parameters, and each one is run again under
 * EXPLAIN (ANALYZE, FORMAT JSON) in a transaction rolled back. A statement fails the test when it
 * scans a big table sequentially, reads (or discards) a quarter of one, or sorts as many rows.
 * It checks whatever SQL the API sends, so it holds for hand-written and Prisma statements alike.
 */
import { loggedParams } from '@consilium/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildApp } from './app.ts';
import { FAST_PATH_MARK } from './fast-path/plugin.ts';
import { postThread } from './test/discussion.ts';
import { createTestApp, type TestApp } from './test/harness.ts';

const THREADS = 20_000;
const REPLIES = 20_000;
const VOTES = 20_000;
/** A table with at least this many rows is big: reading all of it is what the test catches. */
const BIG = 5_000;
/** The share of a big table a statement may read, or sort, before it counts as the whole table. */
const SHARE = 0.25;

interface Captured {
  sql: string;
  params: string;
}
let capturing = false;
let captured: Captured[] = [];
let t: TestApp;
/** The same API with the compiled fast path off: the discussion's reads through graphql-js (domain/discussion/reads.ts). */
let slow: ReturnType<typeof buildApp>;
let explainer: pg.Client;
const tokens = { physician: '', client: '', admin: '' };
let busyThread = '';

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '1000' }, { onQuery: (sql, params) => void (capturing && captured.push({ sql, params })) });
  const [physician, client, admin] = [await t.make.verifiedPhysician(), await t.make.client(), await t.make.admin()];
  Object.assign(tokens, { physician: physician.token, client: client.token, admin: admin.token });
  const own = await postThread(t, physician.token, { title: 'Syncope in a runner', tags: ['tag3'] });
  const started = Date.now();
  await seed(physician.account.id, own.author.id, client.account);
  console.info(`read plans: seeded in ${Math.round((Date.now() - started) / 1000)} s`);
  slow = buildApp({ env: { ...t.env, GRAPHQL_FAST_PATH: false }, db: t.db, redis: t.redis, log: pino({ level: 'silent' }) });
  explainer = new pg.Client({ connectionString: t.env.DATABASE_URL });
  await explainer.connect();
}, 180_000);
afterAll(async () => {
  await explainer?.end();
  await t?.close();
});

/** The data set, by generate_series in a few statements (the triggers run for every row). */
async function seed(physicianId: string, viewerPseudonym: string, client: { id: string; organizationId: string | null }) {
  const sql = (text: string) => t.db.$executeRawUnsafe(text);
  const uuid = (seed: string) => `overlay(overlay(md5(${seed}) placing '4' from 13) placing '8' from 17)::uuid`;
  await sql(`INSERT INTO pseudonym (key, handle, specialty, country)
    SELECT decode(md5(i::text) || md5((i * 7)::text), 'hex'), 'Plan-' || i, 'cardiology', 'FR' FROM generate_series(1, 500) i`);
  await sql(`CREATE TABLE plan_seed AS SELECT (SELECT array_agg(id) FROM pseudonym WHERE handle LIKE 'Plan-%') AS a,
    ARRAY['syncope', 'fièvre', 'douleur', 'enfant', 'bleeding', 'asthma', 'diabète', 'rash', 'sepsis', 'migraine'] AS w,
    ARRAY['general', 'cardiology', 'pediatrics', 'neurology', 'urology'] AS r`);
  // The threads' row triggers (tag counts) are off for the bulk insert and their table rebuilt
  // after it: each thread moves the same few count rows, and while another session's snapshot
  // holds their old versions, one row version per thread makes the insert quadratic.
  await sql('ALTER TABLE thread DISABLE TRIGGER USER');
  await sql(`INSERT INTO thread (id, room, title, tags, author_id, created_at, last_activity_at, reply_count)
    SELECT ${uuid("'p' || i")}, r[1 + i % 5], 'Cas ' || i || ' : ' || w[1 + i % 10] || ' et ' || w[1 + (i * 7) % 10], ARRAY['tag' || (i % 50), 'tag' || (i % 7)],
      a[1 + i % 500], now() - make_interval(secs => (${THREADS} - i) * 60), now() - make_interval(secs => (${THREADS} - i) * 60), 0
    FROM generate_series(1, ${THREADS}) i, plan_seed`);
  await sql('ALTER TABLE thread ENABLE TRIGGER USER');
  await sql(`DO $$ BEGIN IF to_regclass('tag_count') IS NOT NULL THEN
    DELETE FROM tag_count;
    INSERT INTO tag_count (room, tag, count) SELECT r, tag, count(*)::int FROM thread, unnest(ARRAY[thread.room, '']) AS r, unnest(thread.tags) AS tag GROUP BY r, tag;
  END IF; END $$`);
  await sql(`INSERT INTO post (id, thread_id, opening_of, author_id, body, created_at)
    SELECT id, id, id, author_id, 'Patient avec ' || title || '. Que faire ?', created_at FROM thread WHERE author_id <> '${viewerPseudonym}'`);
  await sql(`INSERT INTO post (thread_id, author_id, body, created_at)
    SELECT ${uuid(`'p' || (1 + (j::bigint * 7919) % ${THREADS})`)}, a[1 + j % 500], 'Réponse ' || j || ' : ' || w[1 + j % 10] || '.', now() - make_interval(secs => (${REPLIES} - j) * 5)
    FROM generate_series(1, ${REPLIES}) j, plan_seed`);
  await sql(`INSERT INTO post (thread_id, author_id, body, created_at)
    SELECT ${uuid(`'p1'`)}, a[1 + j % 500], 'Réponse longue ' || j, now() - make_interval(secs => ${THREADS} * 60 - j) FROM generate_series(1, 80) j, plan_seed`);
  await sql(`UPDATE thread t SET reply_count = c.n, last_activity_at = greatest(t.last_activity_at, c.last)
    FROM (SELECT thread_id, count(*) - 1 AS n, max(created_at) AS last FROM post GROUP BY thread_id) c WHERE c.thread_id = t.id`);
  await sql(`INSERT INTO post_vote (post_id, pseudonym_id, value)
    SELECT ${uuid(`'p' || (1 + j % ${THREADS})`)}, a[1 + (j / ${THREADS}) % 500], CASE WHEN j % 5 = 0 THEN -1 ELSE 1 END
    FROM generate_series(0, ${VOTES - 1}) j, plan_seed ON CONFLICT DO NOTHING`);
  await sql(`INSERT INTO poll (thread_id, question) SELECT id, 'Votre choix ?' FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM thread) t WHERE n % 4 = 0`);
  await sql(`INSERT INTO poll_option (poll_id, position, label) SELECT id, p, 'Option ' || p FROM poll, generate_series(0, 2) p`);
  await sql(`INSERT INTO poll_vote (poll_id, pseudonym_id, option_id)
    SELECT o.poll_id, a[1 + k], o.id FROM poll_option o, plan_seed, generate_series(0, 5) k WHERE o.position = k % 3 ON CONFLICT DO NOTHING`);
  await sql(`INSERT INTO notification (recipient_id, kind, post_id, created_at)
    SELECT CASE WHEN rn % 50 = 0 THEN '${viewerPseudonym}'::uuid ELSE a[1 + rn % 500] END, 'REPLY_TO_THREAD', id, created_at
    FROM (SELECT id, created_at, row_number() OVER () AS rn FROM post WHERE opening_of IS NULL LIMIT 20000) p, plan_seed ON CONFLICT DO NOTHING`);
  await sql(`INSERT INTO post_report (post_id, reporter_id, reason, created_at, resolved)
    SELECT id, a[1 + rn % 500], 'Spam', now() - make_interval(secs => rn::int), rn % 3 <> 0
    FROM (SELECT id, row_number() OVER () AS rn FROM post WHERE opening_of IS NULL LIMIT 10000) p, plan_seed`);
  await seedSurveys(physicianId, client);
  await sql('VACUUM ANALYZE');
  // Bookmarks: many pseudonyms' (every thread once or more), and the viewer's own few.
  await sql(`INSERT INTO bookmark (pseudonym_id, thread_id) SELECT DISTINCT a[1 + (i * 13) % 500], ${uuid(`'p' || (1 + i % ${THREADS})`)} FROM generate_series(1, ${THREADS}) i, plan_seed`);
  await sql(`INSERT INTO bookmark (pseudonym_id, thread_id) SELECT '${viewerPseudonym}', ${uuid(`'p' || (i * 613)`)} FROM generate_series(1, 30) i`);
  busyThread = (await t.db.$queryRawUnsafe<Array<{ id: string }>>(`SELECT ${uuid(`'p1'`)} AS id`))[0]!.id;
}

/** 20,000 surveys of 100 organisations (the client's one of them), orders of the closed ones, a ledger. */
async function seedSurveys(physicianId: string, client: { id: string; organizationId: string | null }) {
  const sql = (text: string) => t.db.$executeRawUnsafe(text);
  await sql(`INSERT INTO organization (name) SELECT 'Org ' || i FROM generate_series(1, 99) i`);
  await sql(`INSERT INTO survey (organization_id, created_by_id, title, description, status, sample_size, honorarium_cents,
      target_specialties, target_countries, target_regions, created_at, submitted_at, opened_at, closed_at)
    SELECT o.ids[1 + i % 100], '${client.id}', 'Survey ' || i, '', (ARRAY['CLOSED', 'SUBMITTED', 'OPEN', 'DRAFT'])[1 + i % 4]::"SurveyStatus", 100, 0, '{}', '{}', '{}',
      now() - make_interval(mins => i), CASE WHEN i % 4 < 3 THEN now() - make_interval(mins => i) END,
      CASE WHEN i % 4 IN (0, 2) THEN now() - make_interval(mins => i) END, CASE WHEN i % 4 = 0 THEN now() - make_interval(mins => i - 1) END
    FROM generate_series(1, 20000) i, (SELECT array_agg(id ORDER BY id = '${client.organizationId}' DESC) AS ids FROM organization) o`);
  await sql(`INSERT INTO report_order (survey_id, organization_id, amount_cents, base_fee_cents, per_respondent_cents, respondents, invoice_number, created_at, buyer_name, total_cents, due_at)
    SELECT id, organization_id, 1, 1, 0, 0, 'PLAN-' || row_number() OVER (), closed_at, 'Plan', 1, closed_at FROM survey WHERE status = 'CLOSED'`);
  await sql(`INSERT INTO account (email, password_hash, role) SELECT 'plan-' || i || '@example.org', 'x', 'PHYSICIAN' FROM generate_series(1, 40) i`);
  // Token issues: every tenth open survey taken by each of the 40, the viewer's share among them;
  // the viewer was paid for half of theirs (openedSurveys lists the other half).
  await sql(`INSERT INTO survey_token_issue (survey_id, account_id)
    SELECT s.id, CASE WHEN a.n = 40 THEN '${physicianId}'::uuid ELSE a.id END
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM survey WHERE status = 'OPEN') s,
         (SELECT id, row_number() OVER (ORDER BY id) AS n FROM account WHERE email LIKE 'plan-%') a
    WHERE (s.i + a.n) % 10 = 0`);
  await sql(`INSERT INTO honorarium_entry (account_id, survey_id, amount_cents, created_at)
    SELECT account_id, survey_id, 100, now() FROM survey_token_issue WHERE account_id = '${physicianId}'::uuid AND get_byte(uuid_send(survey_id), 15) % 2 = 0`);
  await sql(`INSERT INTO honorarium_entry (account_id, amount_cents, created_at)
    SELECT CASE WHEN i % 40 = 0 THEN '${physicianId}'::uuid ELSE (SELECT array_agg(id) FROM account WHERE email LIKE 'plan-%')[1 + i % 40] END, 100, now() - make_interval(mins => i)
    FROM generate_series(1, 20000) i`);
}

const AUTHOR = 'author { handle specialty country }';
const NODE = `id title excerpt editedAt bookmarked room tags body score myVote replyCount hidden lastActivityAt ${AUTHOR} poll { id question totalVotes myVote options { id label votes } } attachments { id url }`;
const FEED = `query ($room: String, $tag: String, $after: String, $bookmarked: Boolean) { feed(room: $room, tag: $tag, first: 20, after: $after, bookmarked: $bookmarked) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query ($q: String!, $after: String) { search(query: $q, first: 20, after: $after) { edges { node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;
const THREAD = `query ($id: ID!) { thread(id: $id) { ${NODE} mine replies(first: 50) { edges { node { id parentId body score myVote hidden createdAt editedAt ${AUTHOR} } } pageInfo { endCursor } } } }`;
const page = (field: string, node: string) => `query ($after: String) { ${field}(first: 20, after: $after) { edges { cursor node { ${node} } } pageInfo { hasNextPage endCursor } } }`;

type Role = keyof typeof tokens;
/** Each read, as the caller a page makes it for; `next` reads the second page with the first's endCursor. */
const READS: Array<{ name: string; as: Role; query: string; variables?: () => Record<string, unknown>; next?: string; fast?: boolean }> = [
  { name: 'me', as: 'physician', query: '{ me { id email role verificationStatus } }' },
  { name: 'feed', as: 'physician', fast: true, query: FEED, next: 'feed' },
  { name: 'feed by room', as: 'physician', fast: true, query: FEED, variables: () => ({ room: 'cardiology' }) },
  { name: 'feed by tag', as: 'physician', fast: true, query: FEED, variables: () => ({ tag: 'tag3' }) },
  { name: 'feed by room and tag', as: 'physician', fast: true, query: FEED, variables: () => ({ room: 'pediatrics', tag: 'tag11' }) },
  { name: 'bookmarks', as: 'physician', fast: true, query: FEED, variables: () => ({ bookmarked: true }), next: 'feed' },
  { name: 'post history', as: 'physician', query: 'query ($id: ID!) { postHistory(postId: $id) { author { handle } revisions { body writtenAt } } }', variables: () => ({ id: busyThread }) },
  { name: 'tags of a room', as: 'physician', fast: true, query: 'query ($room: String) { tags(room: $room) { tag count } }', variables: () => ({ room: 'cardiology' }) },
  { name: 'tags', as: 'physician', fast: true, query: '{ tags { tag count } }' },
  { name: 'thread', as: 'physician', fast: true, query: THREAD, variables: () => ({ id: busyThread }) },
  { name: 'search', as: 'physician', fast: true, query: SEARCH, variables: () => ({ q: 'syncope' }), next: 'search' },
  { name: 'notifications', as: 'physician', query: '{ notifications(first: 20) { unreadCount edges { node { id kind threadTitle excerpt read } } pageInfo { endCursor } } }' },
  { name: 'transparencyPage', as: 'physician', query: page('transparencyPage', 'surveyId title organizationType closedAt tokensIssued responseCount receiptsRedeemed k epsilon'), next: 'transparencyPage' },
  { name: 'myHonorariaPage', as: 'physician', query: page('myHonorariaPage', 'id amountCents createdAt surveyTitle'), next: 'myHonorariaPage' },
  { name: 'mySurveysPage', as: 'client', query: page('mySurveysPage', 'id title status responseCount createdAt closesAt'), next: 'mySurveysPage' },
  { name: 'ordersPage (client)', as: 'client', query: page('ordersPage', 'id status amountCents invoiceNumber surveyTitle reportStatus createdAt'), next: 'ordersPage' },
  { name: 'ordersPage (admin)', as: 'admin', query: page('ordersPage', 'id status amountCents invoiceNumber surveyTitle organizationName createdAt'), next: 'ordersPage' },
  { name: 'openedSurveys', as: 'physician', query: '{ openedSurveys { id title organizationName honorariumCents closesAt openedByMe myResume { sealedCopy } questions { id } } }' },
  { name: 'surveysForReviewPage', as: 'admin', query: page('surveysForReviewPage', 'id title organizationName createdAt'), next: 'surveysForReviewPage' },
  {
    name: 'moderationQueue',
    as: 'admin',
    query: 'query ($after: String) { moderationQueue(first: 20, after: $after) { edges { node { post { id body } threadTitle reportCount reports { reason } lastReportedAt } } pageInfo { hasNextPage endCursor } } }',
    next: 'moderationQueue',
  },
];
// The discussion's reads again through graphql-js: what the fast path falls back to.
READS.push(...READS.filter((r) => r.fast).map((r) => ({ ...r, name: `${r.name} (fast path off)`, fast: false })));

/** Statements sent for one read (its second page too, when it has one), from the first to the last. */
async function statementsOf(read: (typeof READS)[number]) {
  captured = [];
  capturing = true;
  try {
    const gql = read.fast === false ? slowGql : t.gql;
    const first = await gql<Record<string, { pageInfo: { endCursor: string | null } }>>(read.query, read.variables?.() ?? {}, { token: tokens[read.as] });
    expect(first.errors, `${read.name}: ${JSON.stringify(first.errors)}`).toBeUndefined();
    const after = read.next && first.data![read.next]!.pageInfo.endCursor;
    if (after) {
      const second = await gql(read.query, { ...read.variables?.(), after }, { token: tokens[read.as] });
      expect(second.errors, `${read.name}, page 2: ${JSON.stringify(second.errors)}`).toBeUndefined();
    }
  } finally {
    capturing = false;
  }
  return captured.filter((s) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|DEALLOCATE)\b/i.test(s.sql));
}

async function slowGql<T>(query: string, variables: Record<string, unknown>, { token }: { token: string }) {
  const response = await slow.yoga.fetch('http://api.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: unknown[] };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** What in a plan reads a big table whole: its offences, described, and the relations it reads. */
function offences(node: PlanNode, sizes: Map<string, number>): { found: string[]; relations: string[] } {
  const found: string[] = [];
  const relations: string[] = [];
  const loops = node['Actual Loops'] ?? 1;
  const rows = (node['Actual Rows'] ?? 0) * loops;
  for (const child of node.Plans ?? []) {
    const below = offences(child, sizes);
    found.push(...below.found);
    relations.push(...below.relations);
  }
  const relation = node['Relation Name'];
  if (relation) {
    relations.push(relation);
    const size = sizes.get(relation) ?? 0;
    const touched = rows + ((node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * loops;
    if (size >= BIG && node['Node Type'] === 'Seq Scan') found.push(`Seq Scan on ${relation} (${size} rows)`);
    else if (size >= BIG && touched >= SHARE * size) found.push(`${node['Node Type']} on ${relation} reads ${touched} of its ${size} rows`);
  }
  if (node['Node Type'] === 'Sort' || node['Node Type'] === 'Incremental Sort') {
    const biggest = Math.max(0, ...relations.map((r) => sizes.get(r) ?? 0));
    if (biggest >= BIG && rows >= SHARE * biggest) found.push(`Sort of ${rows} rows over a table of ${biggest}`);
  }
  return { found, relations };
}

describe('read plans on a seeded database', () => {
  it('issues no statement that scans, or sorts, a whole big table', async () => {
    const tables = await explainer.query<{ relname: string; rows: number }>("SELECT relname, reltuples::bigint::int AS rows FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace");
    const sizes = new Map(tables.rows.map((r) => [r.relname, r.rows]));
    expect(sizes.get('thread')).toBeGreaterThanOrEqual(THREADS);
    for (const table of ['post', 'post_vote', 'poll_vote', 'notification', 'post_report', 'survey', 'honorarium_entry']) expect(sizes.get(table), table).toBeGreaterThanOrEqual(BIG);
    const failures: string[] = [];
    let explained = 0;
    for (const read of READS) {
      const statements = await statementsOf(read);
      expect(statements.length, `${read.name} sent no statement`).toBeGreaterThan(0);
      if (read.fast !== undefined) expect(statements.some((s) => s.sql.startsWith(FAST_PATH_MARK)), `${read.name}: served by the fast path`).toBe(read.fast);
      for (const { sql, params } of statements) {
        await explainer.query('BEGIN');
        try {
          const result = await explainer.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, loggedParams(params));
          explained++;
          for (const offence of offences(result.rows[0]!['QUERY PLAN'][0]!.Plan, sizes).found) failures.push(`${read.name}: ${offence}\n    ${sql.slice(0, 400)}`);
        } finally {
          await explainer.query('ROLLBACK');
        }
      }
    }
    console.info(`read plans: ${explained} statements of ${READS.length} reads explained`);
    expect(failures).toEqual([]);
  }, 60_000);
});
