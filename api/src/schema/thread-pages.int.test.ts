/**
 * The one-statement pages (domain/discussion/reads.ts) answer exactly what Prisma's planned
 * queries answer. A `replies` selection on a feed or search node is outside what those pages
 * hold, so the same request with it is served by Prisma: the two must agree field for field,
 * including hidden posts, the viewer's votes, polls, attachments, cursors and pagination.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Caller = Awaited<ReturnType<TestApp['make']['client']>>;
let t: TestApp;
let alice: Caller;
let bob: Caller;
let threadId: string;
let counting = false;
const statements: string[] = [];

const NODE = `id room title body excerpt editedAt bookmarked tags createdAt lastActivityAt score myVote replyCount hidden
  author { id handle specialty country } poll { id question totalVotes myVote options { id label votes } }
  attachments { id url mimeType width height }`;
const REPLIES = `replies(first: $replies, after: $repliesAfter) { edges { cursor node { id threadId parentId body score myVote hidden createdAt editedAt author { id handle specialty country } } } pageInfo { hasNextPage endCursor } }`;
const repliesVars = (extra: string) => (extra ? ', $replies: Int, $repliesAfter: String' : '');
const feed = (extra: string) => `query ($first: Int, $after: String, $room: String, $tag: String, $bookmarked: Boolean${repliesVars(extra)}) {
  feed(first: $first, after: $after, room: $room, tag: $tag, bookmarked: $bookmarked) { edges { cursor node { ${NODE} ${extra} } } pageInfo { hasNextPage endCursor } } }`;
const search = (extra: string) => `query ($q: String!, $first: Int, $after: String${repliesVars(extra)}) {
  search(query: $q, first: $first, after: $after) { edges { cursor node { ${NODE} ${extra} } } pageInfo { hasNextPage endCursor } } }`;
const THREAD = `query ($id: ID!, $replies: Int, $repliesAfter: String) { thread(id: $id) { ${NODE} ${REPLIES} } }`;

beforeAll(async () => {
  // The graphql-js paths (reads.ts against Prisma); the compiled fast path is compared with them in fast-path.int.test.ts.
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', GRAPHQL_FAST_PATH: 'false' }, { onQuery: (sql) => void (counting && statements.push(sql)) });
  alice = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  bob = await t.make.verifiedPhysician({ specialty: 'pediatrics', country: 'BE' });
  const admin = await t.make.admin();
  const moderate = async (postId: string) => {
    const res = await t.gql(`mutation ($p: ID!) { moderatePost(postId: $p, action: HIDE, reason: "test") { hidden } }`, { p: postId }, { token: admin.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  };
  const thread = await postThread(t, alice.token, { room: 'cardiology', title: 'Syncope during exercise', body: 'An **athlete**', tags: ['syncope', 'ecg'], poll: { question: 'Holter?', options: ['Yes', 'No', 'Later'] } });
  threadId = thread.id;
  await t.gql(`mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { id } }`, { p: thread.poll!.id, o: thread.poll!.options[1]!.id }, { token: bob.token });
  await t.gql(`mutation ($p: ID!) { vote(postId: $p, value: 1) }`, { p: thread.id }, { token: bob.token });
  const pseudonym = await t.db.pseudonym.findFirstOrThrow({ where: { id: thread.author.id } });
  for (const [i, mimeType] of ['image/webp', 'image/png'].entries()) {
    await t.db.attachment.create({ data: { uploaderId: pseudonym.id, postId: thread.id, storageKey: `k-${i}-${thread.id}`, mimeType, width: 640 + i, height: 480, bytes: 1000 } });
  }
  const first = await postReply(t, bob.token, thread.id, 'Syncope: get an ECG first.');
  await postReply(t, alice.token, thread.id, 'Agreed', first.id);
  const rude = await postReply(t, bob.token, thread.id, 'A rude syncope reply');
  await moderate(rude.id);
  const echo = await postReply(t, alice.token, thread.id, 'Echo too.');
  await edit(thread.id, alice.token, 'An **athlete**, edited: syncope on exertion');
  await edit(echo.id, alice.token, 'Echo too, and a stress test.');
  await bookmark(thread.id, bob.token);
  await t.gql(`mutation ($p: ID!) { vote(postId: $p, value: -1) }`, { p: first.id }, { token: alice.token });
  const hidden = await postThread(t, bob.token, { room: 'cardiology', title: 'Hidden syncope case', body: 'Removed', tags: ['ecg'] });
  await t.db.attachment.create({ data: { uploaderId: hidden.author.id, postId: hidden.id, storageKey: `k-hidden`, mimeType: 'image/jpeg', width: 10, height: 10, bytes: 10 } });
  await moderate(hidden.id);
  for (let i = 0; i < 4; i++) {
    const other = await postThread(t, i % 2 ? alice.token : bob.token, { room: i % 2 ? 'cardiology' : 'general', title: `Other syncope case ${i}`, tags: ['ecg'] });
    if (i > 0) await bookmark(other.id, i % 2 ? bob.token : alice.token);
  }
  await bookmark(hidden.id, alice.token);
});
async function edit(postId: string, token: string, body: string) {
  const res = await t.gql(`mutation ($p: ID!, $b: String!) { editPost(postId: $p, body: $b) { id } }`, { p: postId, b: body }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
}
async function bookmark(threadId: string, token: string) {
  const res = await t.gql(`mutation ($t: ID!) { setBookmark(threadId: $t, bookmarked: true) }`, { t: threadId }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
}
afterAll(() => t.close());

async function read<T>(query: string, variables: Record<string, unknown>, token: string) {
  statements.length = 0;
  counting = true;
  const res = await t.gql<T>(query, variables, { token });
  counting = false;
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { data: res.data!, statements: statements.length };
}

type Page = { edges: Array<{ cursor: string; node: Record<string, unknown> & { id: string; replies?: unknown } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
const withoutReplies = (page: Page) => ({ ...page, edges: page.edges.map(({ cursor, node: { replies: _replies, ...node } }) => ({ cursor, node })) });

describe('one-statement pages', () => {
  it('serve the feed as Prisma does: hidden threads, votes, polls, attachments, edits, bookmarks, filters and cursors', async () => {
    for (const viewer of [alice, bob]) {
      for (const filter of [{}, { room: 'cardiology' }, { tag: 'ecg' }, { room: 'cardiology', tag: 'syncope' }, { bookmarked: true }, { room: 'general', bookmarked: true }]) {
        let after: string | null = null;
        do {
          const vars: Record<string, unknown> = { ...filter, first: 3, after, replies: 2 };
          const fast = await read<{ feed: Page }>(feed(''), vars, viewer.token);
          const prisma = await read<{ feed: Page }>(feed(REPLIES), vars, viewer.token);
          expect(fast.data.feed).toEqual(withoutReplies(prisma.data.feed));
          expect(fast.statements, 'the one-statement page').toBeLessThan(prisma.statements);
          after = fast.data.feed.pageInfo.endCursor;
          if (!fast.data.feed.pageInfo.hasNextPage) after = null;
        } while (after);
      }
    }
    const hidden = (await read<{ feed: Page }>(feed(''), { tag: 'ecg', first: 100 }, alice.token)).data.feed.edges.find((e) => e.node.hidden);
    expect(hidden?.node).toMatchObject({ title: '', body: '', excerpt: '', attachments: [], bookmarked: true });
    const edited = (await read<{ feed: Page }>(feed(''), { bookmarked: true, first: 100 }, bob.token)).data.feed.edges.find((e) => e.node.id === threadId);
    expect(edited?.node).toMatchObject({ excerpt: 'An athlete, edited: syncope on exertion', bookmarked: true, editedAt: expect.any(String) });
  });

  it('serve a thread and its pages of replies as Prisma does', async () => {
    for (const viewer of [alice, bob]) {
      let after: string | null = null;
      let pages = 0;
      do {
        const vars: Record<string, unknown> = { replies: 2, repliesAfter: after };
        const fast = await read<{ thread: Record<string, unknown> & { replies: Page } }>(THREAD, { id: threadId, ...vars }, viewer.token);
        const prisma = await read<{ feed: Page }>(feed(REPLIES), { room: 'cardiology', first: 100, ...vars }, viewer.token);
        expect(fast.data.thread).toEqual(prisma.data.feed.edges.find((e) => e.node.id === threadId)!.node);
        expect(fast.statements).toBeLessThan(prisma.statements);
        after = fast.data.thread.replies.pageInfo.hasNextPage ? fast.data.thread.replies.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(2);
    }
    const missing = await read<{ thread: null }>(THREAD, { id: '00000000-0000-4000-8000-000000000000', replies: 2 }, bob.token);
    expect(missing.data.thread).toBeNull();
  });

  it('serve search results and their next pages as Prisma does', async () => {
    for (const viewer of [alice, bob]) {
      let after: string | null = null;
      let seen = 0;
      do {
        const vars: Record<string, unknown> = { q: 'syncope', first: 2, after, replies: 1 };
        const fast = await read<{ search: Page }>(search(''), vars, viewer.token);
        const prisma = await read<{ search: Page }>(search(REPLIES), vars, viewer.token);
        expect(fast.data.search).toEqual(withoutReplies(prisma.data.search));
        expect(fast.statements).toBeLessThan(prisma.statements);
        seen += fast.data.search.edges.length;
        after = fast.data.search.pageInfo.hasNextPage ? fast.data.search.pageInfo.endCursor : null;
      } while (after);
      // Five visible threads say "syncope"; the hidden one has no search document.
      expect(seen).toBe(5);
    }
  });

  it('never select the pseudonym’s key on a read, on either path', async () => {
    const sent: string[] = [];
    for (const [query, vars] of [[THREAD, { id: threadId, replies: 50 }], [feed(''), { first: 20 }], [feed(REPLIES), { first: 20, replies: 50 }], [search(REPLIES), { q: 'syncope', replies: 5 }]] as const) {
      await read(query, vars, bob.token);
      sent.push(...statements);
    }
    // "key" may be compared with the viewer's own key in a WHERE, never read out.
    expect(sent.filter((sql) => /"key"(?!\s*=)/.test(sql))).toEqual([]);
  });
});
