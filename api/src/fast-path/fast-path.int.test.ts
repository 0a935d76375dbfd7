/**
 * The compiled fast path answers byte for byte what normal execution answers. One database,
 * two apps: the test app (fast path on) and a second app on the same database and Redis with
 * GRAPHQL_FAST_PATH=false. Every registered document (the web's FeedQuery, ThreadQuery and
 * SearchQuery, bench:feed's full feed and thread pages) is sent by every kind of caller with
 * first/after pages, rooms, tags, bookmarks and search words; the response bodies, statuses and
 * content types must be equal, and the fast path must have served exactly the callers the
 * schema lets in. Each request is also sent over HTTP through koa, where the lean path
 * (http/lean-mutations.ts) serves the fast path's reads without yoga: the same body, status and
 * content type again, served there exactly when the fast path serves it, the session read once.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { print, type DocumentNode } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.ts';
import { postReply, postThread } from '../test/discussion.ts';
import { makeAccessToken } from '../test/access-tokens.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { FAST_PATH_MARK } from './plugin.ts';

type Caller = { token: string } | null;
let t: TestApp;
let slow: ReturnType<typeof buildApp>;
const statements: string[] = [];
const callers: Record<string, Caller> = {};
let web: Record<'FeedQuery' | 'ThreadQuery' | 'SearchQuery', string>;
let threadIds: string[] = [];

const NODE = 'id title room tags body score myVote replyCount hidden lastActivityAt author { handle specialty country } poll { id question totalVotes myVote options { id label votes } } attachments { id url }';
const FULL_FEED = `query ($room: String, $tag: String, $after: String) { feed(room: $room, tag: $tag, first: 20, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;
const FULL_THREAD = `query ($id: ID!) { thread(id: $id) { ${NODE} replies(first: 50) { edges { node { id parentId body score myVote hidden createdAt author { handle specialty } } } } } }`;
// Aliases, __typename, a repeated field merged with a fragment, small pages and nested reply pages.
const ODD = `query ($first: Int, $after: String, $rf: Int, $ra: String) { __typename a: feed(first: $first, after: $after) { __typename pageInfo { endCursor hasNextPage }
  edges { node { ...N id mine b: bookmarked excerpt editedAt createdAt replies(first: $rf, after: $ra) { edges { cursor node { id mine editedAt threadId } } pageInfo { hasNextPage endCursor } } } cursor } }
  t: tags { count tag __typename } }
  fragment N on Thread { id title poll { __typename myVote totalVotes } attachments { id mimeType width height } author { id __typename } }`;

const LONG = 'Lorem ipsum dolor sit amet, '.repeat(10);
const BODIES = [
  'An **athlete** with `syncope` on exertion, see ![ecg](http://x/ecg.png) and [the guideline](http://x/g) <b>now</b>\n\n```\ncode block\n```\n# done',
  `${LONG.slice(0, 197)}😀 after the cut: an astral character across the 199th unit`,
  `${LONG.slice(0, 198)}😀 an astral character right at the cut`,
  `${'é'.repeat(250)}`,
  `Tabs\tand\u00a0non-breaking\u2003spaces\u3000and ${LONG}`,
  'Quotes "double" \\ backslash and control \u0007 char, and syncope',
  'A removed case',
];

async function webOperations() {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/src/lib/graphql/discussion.ts');
  const ops = (await import(pathToFileURL(file).href)) as Record<'FeedQuery' | 'ThreadQuery' | 'SearchQuery', DocumentNode>;
  return { FeedQuery: print(ops.FeedQuery), ThreadQuery: print(ops.ThreadQuery), SearchQuery: print(ops.SearchQuery) };
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '1000' }, { onQuery: (sql) => void statements.push(sql) });
  slow = buildApp({ env: { ...t.env, GRAPHQL_FAST_PATH: false }, db: t.db, redis: t.redis, log: pino({ level: 'silent' }) });
  web = await webOperations();
  const alice = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  const bob = await t.make.verifiedPhysician({ specialty: 'pediatrics', country: 'BE' });
  const admin = await t.make.admin();
  Object.assign(callers, {
    author: alice,
    'other physician': bob,
    unverified: await t.make.pendingPhysician(),
    client: await t.make.client(),
    admin,
    anonymous: null,
  });
  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await t.gql(query, variables, { token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data as Record<string, any>;
  };
  const moderate = (postId: string) => gql(`mutation ($p: ID!) { moderatePost(postId: $p, action: HIDE, reason: "test") { hidden } }`, { p: postId }, admin.token);
  for (const [i, body] of BODIES.entries()) {
    const author = i % 2 ? bob : alice;
    const thread = await postThread(t, author.token, {
      room: i % 3 ? 'cardiology' : 'general', title: `Syncope case ${i} "quoted"`, body, tags: i % 2 ? ['ecg'] : ['syncope', 'ecg'],
      ...(i % 2 === 0 && { poll: { question: `Holter ${i}?`, options: ['Yes', 'No', 'Later'] } }),
    });
    threadIds.push(thread.id);
    if (thread.poll) await gql(`mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { id } }`, { p: thread.poll.id, o: thread.poll.options[i % 3]!.id }, bob.token);
    await gql(`mutation ($p: ID!, $v: Int!) { vote(postId: $p, value: $v) }`, { p: thread.id, v: i % 2 ? -1 : 1 }, (i % 2 ? alice : bob).token);
    const reply = await postReply(t, bob.token, thread.id, `Syncope: get an ECG first (${i}).`);
    await postReply(t, alice.token, thread.id, 'Agreed', reply.id);
    const rude = await postReply(t, bob.token, thread.id, 'A rude syncope reply');
    if (i === 0) await gql(`mutation ($p: ID!, $b: String!) { editPost(postId: $p, body: $b) { id } }`, { p: rude.id, b: 'Edited, kinder' }, bob.token);
    if (i < 2) await moderate(rude.id);
    await gql(`mutation ($p: ID!) { vote(postId: $p, value: -1) }`, { p: reply.id }, alice.token);
    if (i % 2) await gql(`mutation ($t: ID!) { setBookmark(threadId: $t, bookmarked: true) }`, { t: thread.id }, alice.token);
    await t.db.attachment.create({ data: { uploaderId: thread.author.id, postId: thread.id, storageKey: `k-${thread.id}`, mimeType: 'image/webp', width: 640 + i, height: 480, bytes: 1000 } });
    if (i === BODIES.length - 1) await moderate(thread.id);
  }
  await gql(`mutation ($p: ID!, $b: String!) { editPost(postId: $p, body: $b) { id } }`, { p: threadIds[0], b: `${BODIES[0]} (edited)` }, alice.token);
  for (let i = 0; i < 25; i++) await postThread(t, i % 2 ? alice.token : bob.token, { room: 'general', title: `Filler syncope ${i}`, body: `Filler ${i}`, tags: ['filler'] });
}, 120_000);
afterAll(() => t?.close());

/**
 * One request to both apps, then over HTTP to the test app: the bodies must be equal byte for
 * byte; says whether the fast path served it (and checks that the lean path did over HTTP, in as
 * many statements).
 */
async function both(query: string, variables: Record<string, unknown>, caller: Caller) {
  const headers = { 'content-type': 'application/json', 'accept-language': 'en', ...(caller ? { authorization: `Bearer ${caller.token}` } : {}) };
  const body = JSON.stringify({ query, variables });
  const send = (app: { yoga: { fetch: (url: string, init: RequestInit) => Response | Promise<Response> } }) =>
    app.yoga.fetch('http://api.local/graphql', { method: 'POST', headers, body });
  const expected = await send(slow);
  const expectedText = await expected.text();
  statements.length = 0;
  const actual = await send(t);
  const actualText = await actual.text();
  expect(actualText).toBe(expectedText);
  expect(actual.status).toBe(expected.status);
  expect(actual.headers.get('content-type')).toBe(expected.headers.get('content-type'));
  const fast = statements.some((s) => s.startsWith(FAST_PATH_MARK));
  const count = statements.length;

  const lean = vi.spyOn(t.lean, 'run');
  statements.length = 0;
  try {
    const overHttp = await t.http('/graphql', { method: 'POST', headers, body });
    expect(await overHttp.text()).toBe(expectedText);
    expect(overHttp.status).toBe(expected.status);
    expect(overHttp.headers.get('content-type')).toBe(expected.headers.get('content-type'));
    const outcomes = await Promise.all(lean.mock.results.map((r) => r.value as Promise<object>));
    expect(outcomes.some((o) => 'text' in o), 'served by the lean path over HTTP').toBe(fast);
    expect(statements.length, 'statements over HTTP').toBe(count);
  } finally {
    lean.mockRestore();
  }
  return { fast, statements: count, body: JSON.parse(actualText) as { data?: any; errors?: unknown[] } };
}

/** Every page of a connection, following endCursor. */
async function pages(query: string, variables: Record<string, unknown>, caller: Caller, root: string) {
  const results = [];
  let after: string | null = null;
  for (let n = 0; n < 10; n++) {
    const r = await both(query, { ...variables, after }, caller);
    results.push(r);
    const page = r.body.data?.[root];
    if (!page?.pageInfo?.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return results;
}

const ALLOWED = ['author', 'other physician'];

describe('fast path ≡ normal execution', () => {
  for (const who of ['author', 'other physician', 'unverified', 'client', 'admin', 'anonymous']) {
    it(`the web's FeedQuery, for the ${who}: every page, rooms, tags, bookmarks`, async () => {
      const caller = callers[who]!;
      for (const variables of [{}, { room: 'cardiology' }, { tag: 'ecg' }, { room: 'general', tag: 'syncope' }, { bookmarked: true }, { room: 'neurology' }]) {
        const results = await pages(web.FeedQuery, { room: null, tag: null, ...variables }, caller, 'feed');
        for (const r of results) expect(r.fast, JSON.stringify(variables)).toBe(ALLOWED.includes(who));
      }
      if (ALLOWED.includes(who)) expect((await pages(web.FeedQuery, {}, caller, 'feed')).length).toBe(2);
    });

    it(`the full feed and the ODD document, for the ${who}`, async () => {
      const caller = callers[who]!;
      for (const r of await pages(FULL_FEED, {}, caller, 'feed')) expect(r.fast).toBe(ALLOWED.includes(who));
      for (const vars of [{ first: 3, rf: 2 }, { first: 1, rf: 1, ra: null }, { first: 100, rf: 100 }]) {
        const r = await both(ODD, { after: null, ra: null, ...vars }, caller);
        expect(r.fast).toBe(ALLOWED.includes(who));
      }
    });

    it(`the web's ThreadQuery and the full thread page, for the ${who}: every thread, every replies page`, async () => {
      const caller = callers[who]!;
      const allowed = ALLOWED.includes(who) || who === 'admin';
      for (const id of [...threadIds, '00000000-0000-4000-8000-000000000000']) {
        const first = await both(web.ThreadQuery, { id, after: null }, caller);
        expect(first.fast).toBe(allowed);
        const small = await both(web.ThreadQuery.replace('replies(first: 20', 'replies(first: 1'), { id, after: null }, caller);
        const end = small.body.data?.thread?.replies?.pageInfo?.endCursor;
        if (end) expect((await both(web.ThreadQuery.replace('replies(first: 20', 'replies(first: 1'), { id, after: end }, caller)).fast).toBe(allowed);
        expect((await both(FULL_THREAD, { id }, caller)).fast).toBe(allowed);
      }
    });

    it(`the web's SearchQuery, for the ${who}: words, pages`, async () => {
      const caller = callers[who]!;
      for (const query of ['syncope', 'ECG', 'lorem', 'nothing-matches', 'quoted "syncope"', '  syncope  ']) {
        for (const r of await pages(web.SearchQuery, { query }, caller, 'search')) expect(r.fast).toBe(ALLOWED.includes(who));
      }
    });
  }

  it('falls through with the same error for arguments the schema refuses', async () => {
    const caller = callers.author!;
    for (const [query, variables] of [
      [web.FeedQuery, { room: 'nowhere' }],
      [web.FeedQuery, { after: 'not-a-cursor' }],
      [web.FeedQuery, { tag: 'Not A Tag!' }],
      [web.ThreadQuery, { id: 'not-a-uuid' }],
      [web.SearchQuery, { query: '   ' }],
      [web.SearchQuery, { query: 'syncope', after: 'bad' }],
      [FULL_FEED.replace('first: 20', 'first: 500'), {}],
    ] as const) {
      const r = await both(query, variables, caller);
      expect(r.fast).toBe(false);
      expect(r.body.errors?.length, JSON.stringify(variables)).toBeGreaterThan(0);
    }
  });

  it('falls through for a selection it does not compile (a directive, another root field)', async () => {
    const caller = callers.author!;
    expect((await both(`query ($s: Boolean!) { feed { edges { node { id title @include(if: $s) } } } }`, { s: true }, caller)).fast).toBe(false);
    expect((await both(`{ feed { edges { node { id } } } viewer { id } }`, {}, caller)).fast).toBe(false);
  });

  it('refuses a personal access token the same way over HTTP (the guard runs before the lean path serves)', async () => {
    const { token } = await makeAccessToken(t);
    for (const [query, variables] of [[web.FeedQuery, {}], [web.ThreadQuery, { id: threadIds[0] }], [web.SearchQuery, { query: 'syncope' }]] as const) {
      const r = await both(query, variables, { token });
      expect(r.fast).toBe(false);
      expect(JSON.stringify(r.body.errors)).toContain('FORBIDDEN');
    }
  });

  it('answers a page in one statement after the session check', async () => {
    for (const [query, variables] of [[web.FeedQuery, {}], [FULL_FEED, {}], [web.ThreadQuery, { id: threadIds[0] }], [web.SearchQuery, { query: 'syncope' }]] as const) {
      statements.length = 0;
      const res = await t.gql(query, variables, { token: callers.author!.token });
      expect(res.errors).toBeUndefined();
      expect(statements.filter((s) => s.startsWith(FAST_PATH_MARK))).toHaveLength(1);
      expect(statements.length).toBeLessThanOrEqual(2);
    }
  });
});
