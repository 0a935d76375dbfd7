import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedQuery, SearchQuery, ThreadQuery } from '../../../web/src/lib/graphql/discussion.ts';
import { CREATE, postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let alice: Physician;
let bob: Physician;
let counting = false;
const statements: string[] = [];

const FEED = `query ($room: String, $tag: String, $first: Int, $after: String) {
  feed(room: $room, tag: $tag, first: $first, after: $after) {
    edges { cursor node { id title room tags body score myVote replyCount hidden lastActivityAt author { handle specialty country }
      poll { id question totalVotes myVote options { id label votes } } attachments { id url } } }
    pageInfo { hasNextPage endCursor } } }`;
const THREAD = `query ($id: ID!, $first: Int, $after: String) { thread(id: $id) {
  id title body score myVote replyCount author { handle }
  replies(first: $first, after: $after) { edges { cursor node { id parentId body score myVote hidden createdAt author { handle specialty } } } pageInfo { hasNextPage endCursor } } } }`;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' }, { onQuery: (sql) => void (counting && statements.push(sql)) });
  alice = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  bob = await t.make.verifiedPhysician({ specialty: 'pediatrics', country: 'BE' });
});
afterAll(() => t.close());

type FeedPage = { feed: { edges: Array<{ cursor: string; node: { id: string; title: string; replyCount: number; score: number; myVote: number } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
async function feed(token: string, vars: Record<string, unknown> = {}) {
  const res = await t.gql<FeedPage>(FEED, vars, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.feed;
}

describe('threads and the feed', () => {
  it('starts a thread with tags and a poll, shown with the author’s pseudonym and badge', async () => {
    const created = await postThread(t, alice.token, {
      room: 'cardiology', title: '  Syncope at rest  ', body: '**Bold** question', tags: ['ECG', 'syncope', 'ecg'],
      poll: { question: 'Holter?', options: ['Yes', 'No', 'Later'] },
    });
    const res = await t.gql<{ thread: Record<string, unknown> }>(`query ($id: ID!) { thread(id: $id) { title body tags room score replyCount author { handle specialty country } poll { question options { label votes } totalVotes myVote } } }`, { id: created.id }, { token: bob.token });
    expect(res.data!.thread).toMatchObject({
      title: 'Syncope at rest', body: '**Bold** question', tags: ['ecg', 'syncope'], room: 'cardiology', score: 0, replyCount: 0,
      author: { specialty: 'cardiology', country: 'FR' },
      poll: { question: 'Holter?', options: [{ label: 'Yes', votes: 0 }, { label: 'No', votes: 0 }, { label: 'Later', votes: 0 }], totalVotes: 0, myVote: null },
    });
  });

  it('accepts accented tags, stored in one spelling (NFC, lower-case), and filters the feed by them', async () => {
    // "Ge" + a combining acute accent: what some keyboards send for "Gé".
    const created = await postThread(t, alice.token, { room: 'general', title: 'Chutes du sujet âgé', body: 'Bilan ?', tags: ['Ge\u0301riatrie', 'gériatrie', 'Éthique'] });
    const res = await t.gql<{ thread: { tags: string[] } }>(`query ($id: ID!) { thread(id: $id) { tags } }`, { id: created.id }, { token: bob.token });
    expect(res.data!.thread.tags).toEqual(['gériatrie', 'éthique']);
    const filtered = await feed(bob.token, { tag: 'GÉRIATRIE' });
    expect(filtered.edges.map((e) => e.node.id)).toEqual([created.id]);
  });

  it('refuses bad input naming the field, and leaves nothing behind', async () => {
    const before = await t.db.thread.count();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ body: '   \n\t ' }, 'body'],
      [{ body: '' }, 'body'],
      [{ title: 'ab' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ body: 'x'.repeat(20_001) }, 'body'],
      [{ room: 'astrology' }, 'room'],
      [{ tags: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'tags'],
      [{ tags: ['no spaces'] }, 'tags.0'],
      [{ poll: { question: 'Q', options: ['only one'] } }, 'poll.options'],
      [{ poll: { question: 'Q', options: ['a', 'b', ' A '] } }, 'poll.options.2'],
      [{ poll: { question: 'Q', options: ['a', '   '] } }, 'poll.options.1'],
      [{ attachmentIds: ['00000000-0000-4000-8000-000000000000'], imageAttestation: 'DEIDENTIFIED' }, 'attachmentIds'],
      [{ attachmentIds: ['00000000-0000-4000-8000-000000000000'] }, 'imageAttestation'],
    ];
    for (const [fields, field] of cases) {
      const res = await t.gql(CREATE, { i: { room: 'general', title: 'Valid title', body: 'Valid body', ...fields } }, { token: alice.token });
      expect(res.errors?.[0]?.extensions, JSON.stringify(fields)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await t.db.thread.count()).toBe(before);
    const blank = await t.gql(`mutation ($i: ReplyInput!) { reply(input: $i) { id } }`, { i: { threadId: (await postThread(t, alice.token)).id, body: '  ' } }, { token: bob.token });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
  });

  it('orders the feed by latest activity, paginates without repeats while replies bump threads, and filters by room and tag', async () => {
    const room = 'nephrology';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await postThread(t, alice.token, { room, title: `Nephro ${i}`, tags: i % 2 ? ['odd'] : ['even'] })).id);
    const first = await feed(bob.token, { room, first: 2 });
    expect(first.edges.map((e) => e.node.title)).toEqual(['Nephro 4', 'Nephro 3']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    // A reply to an older thread, and a new thread, while the reader is on page one.
    await postReply(t, bob.token, ids[0]!);
    await postThread(t, alice.token, { room, title: 'Nephro 5' });
    const second = await feed(bob.token, { room, first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.title)).toEqual(['Nephro 2', 'Nephro 1']);
    const third = await feed(bob.token, { room, first: 2, after: second.pageInfo.endCursor });
    expect(third.edges.map((e) => e.node.title)).toEqual([]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    // A fresh read shows the bumped thread at the top, under the newest activity.
    const fresh = await feed(bob.token, { room, first: 10 });
    expect(fresh.edges.map((e) => e.node.title)).toEqual(['Nephro 5', 'Nephro 0', 'Nephro 4', 'Nephro 3', 'Nephro 2', 'Nephro 1']);
    expect(fresh.edges[1]!.node.replyCount).toBe(1);
    const odd = await feed(bob.token, { room, tag: 'ODD' });
    expect(odd.edges.map((e) => e.node.title)).toEqual(['Nephro 3', 'Nephro 1']);
    const everywhere = await feed(bob.token, { tag: 'even', first: 100 });
    expect(everywhere.edges.map((e) => e.node.title)).toEqual(expect.arrayContaining(['Nephro 0', 'Nephro 2', 'Nephro 4']));
    const bad = await t.gql(FEED, { room: 'nowhere' }, { token: bob.token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'room' });
  });

  it('counts the most used tags, per room', async () => {
    const res = await t.gql<{ tags: Array<{ tag: string; count: number }> }>(`query { tags(room: "nephrology") { tag count } }`, {}, { token: bob.token });
    expect(res.data!.tags).toEqual([{ tag: 'even', count: 3 }, { tag: 'odd', count: 2 }]);
  });

  it('keeps tag counts per room and over all rooms as threads are created, hidden and restored, without reading the threads', async () => {
    type Tags = Array<{ tag: string; count: number }>;
    const tags = async (room?: string) => {
      statements.length = 0;
      counting = true;
      const res = await t.gql<{ tags: Tags }>(`query ($room: String) { tags(room: $room) { tag count } }`, { room }, { token: bob.token });
      counting = false;
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(statements.filter((s) => /\bthread\b|unnest/i.test(s)), 'a statement over the threads').toEqual([]);
      return res.data!.tags;
    };
    const truth = (room: string | null) => t.db.$queryRaw<Tags>`
      SELECT tag::text, count(*)::int AS count FROM thread, unnest(tags) AS tag
      WHERE ${room}::text IS NULL OR room = ${room} GROUP BY tag ORDER BY count DESC, tag LIMIT 30`;
    expect(await tags('urology')).toEqual([]);
    const a = await postThread(t, alice.token, { room: 'urology', tags: ['stone', 'laser'] });
    await postThread(t, bob.token, { room: 'urology', tags: ['stone'] });
    await postThread(t, bob.token, { room: 'cardiology', tags: ['stone'] });
    const urology = [{ tag: 'stone', count: 2 }, { tag: 'laser', count: 1 }];
    expect(await tags('urology')).toEqual(urology);
    expect(await tags()).toEqual(await truth(null));
    expect((await tags()).find((x) => x.tag === 'stone')?.count).toBe(3);
    // Hiding a thread's opening post never changed the counts: every thread counts.
    const admin = await t.make.admin();
    const MODERATE = `mutation ($p: ID!, $a: ModerationAction!) { moderatePost(postId: $p, action: $a, reason: "test") { hidden } }`;
    const hidden = await t.gql<{ moderatePost: { hidden: boolean } }>(MODERATE, { p: a.id, a: 'HIDE' }, { token: admin.token });
    expect(hidden.data?.moderatePost.hidden, JSON.stringify(hidden.errors)).toBe(true);
    expect(await tags('urology')).toEqual(urology);
    expect(await truth('urology')).toEqual(urology);
    await t.gql(MODERATE, { p: a.id, a: 'RESTORE' }, { token: admin.token });
    expect(await tags('urology')).toEqual(urology);
    expect(await tags()).toEqual(await truth(null));
  });
});

describe('a thread page', () => {
  it('shows replies oldest first, nested one level: a reply to a reply hangs under its top-level one', async () => {
    const thread = await postThread(t, alice.token);
    const top = await postReply(t, bob.token, thread.id, 'top');
    const child = await postReply(t, alice.token, thread.id, 'child', top.id);
    const grandchild = await postReply(t, bob.token, thread.id, 'grandchild', child.id);
    const toOpening = await postReply(t, bob.token, thread.id, 'to opening', thread.id);
    expect([child.parentId, grandchild.parentId, toOpening.parentId]).toEqual([top.id, top.id, null]);
    const page1 = await t.gql<{ thread: { replyCount: number; replies: { edges: Array<{ node: { body: string; parentId: string | null } }>; pageInfo: { endCursor: string } } } }>(THREAD, { id: thread.id, first: 3 }, { token: bob.token });
    expect(page1.data!.thread.replyCount).toBe(4);
    expect(page1.data!.thread.replies.edges.map((e) => e.node.body)).toEqual(['top', 'child', 'grandchild']);
    const page2 = await t.gql<{ thread: { replies: { edges: Array<{ node: { body: string } }> } } }>(THREAD, { id: thread.id, first: 3, after: page1.data!.thread.replies.pageInfo.endCursor }, { token: bob.token });
    expect(page2.data!.thread.replies.edges.map((e) => e.node.body)).toEqual(['to opening']);
  });

  it('refuses a parent from another thread, and an unknown thread', async () => {
    const a = await postThread(t, alice.token);
    const b = await postThread(t, alice.token);
    const other = await postReply(t, bob.token, b.id);
    const res = await t.gql(`mutation ($i: ReplyInput!) { reply(input: $i) { id } }`, { i: { threadId: a.id, body: 'x', parentId: other.id } }, { token: bob.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    const unknown = await t.gql(`mutation ($i: ReplyInput!) { reply(input: $i) { id } }`, { i: { threadId: '00000000-0000-4000-8000-000000000000', body: 'x' } }, { token: bob.token });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'threadId' });
    expect((await t.gql<{ thread: null }>(THREAD, { id: '00000000-0000-4000-8000-000000000000' }, { token: bob.token })).data!.thread).toBeNull();
  });
});

describe('query limits', () => {
  // The web writes its pages with fragments and literal page sizes (which multiply the cost):
  // the query cost limit (GRAPHQL_MAX_COST, default) must let them through.
  const AUTHOR = 'fragment Author on Pseudonym { id handle specialty country }';
  const FEED_FRAGMENTS = `${AUTHOR}
    fragment Summary on Thread { id room title tags author { ...Author } createdAt lastActivityAt score myVote replyCount hidden poll { id } attachments { id } }
    fragment Page on ThreadConnection { edges { cursor node { ...Summary } } pageInfo { hasNextPage endCursor } }`;
  const THREAD_FRAGMENTS = `${AUTHOR}
    fragment PollParts on Poll { id question totalVotes myVote options { id label votes } }
    fragment ReplyParts on Post { id threadId parentId body author { ...Author } createdAt score myVote hidden }`;
  it('accepts the feed and a thread page of 20 as the web asks for them', async () => {
    const thread = await postThread(t, alice.token, { title: 'Limits' });
    const feedPage = await t.gql(
      `query { feed(first: 20) { ...Page } rooms tags { tag count } specialties { code label } } ${FEED_FRAGMENTS}`,
      {},
      { token: bob.token },
    );
    expect(feedPage.errors, JSON.stringify(feedPage.errors)).toBeUndefined();
    const threadPage = await t.gql(
      `query ($id: ID!) { thread(id: $id) { id room title body tags author { ...Author } createdAt lastActivityAt score myVote hidden replyCount
        attachments { id url mimeType width height } poll { ...PollParts }
        replies(first: 20) { edges { node { ...ReplyParts } } pageInfo { hasNextPage endCursor } } } specialties { code label } } ${THREAD_FRAGMENTS}`,
      { id: thread.id },
      { token: bob.token },
    );
    expect(threadPage.errors, JSON.stringify(threadPage.errors)).toBeUndefined();
  });
});

describe('votes', () => {
  it('keeps one changeable vote per pseudonym on threads and replies, and shows the viewer’s own', async () => {
    const thread = await postThread(t, alice.token);
    const carol = await t.make.verifiedPhysician();
    const vote = async (token: string, postId: string, value: number) => (await t.gql<{ vote: number }>(`mutation ($p: ID!, $v: Int!) { vote(postId: $p, value: $v) }`, { p: postId, v: value }, { token })).data!.vote;
    expect(await vote(bob.token, thread.id, 1)).toBe(1);
    expect(await vote(bob.token, thread.id, 1)).toBe(1);
    expect(await vote(carol.token, thread.id, 1)).toBe(2);
    expect(await vote(bob.token, thread.id, -1)).toBe(0);
    expect(await vote(carol.token, thread.id, 0)).toBe(-1);
    const seen = await t.gql<{ thread: { score: number; myVote: number } }>(THREAD, { id: thread.id }, { token: bob.token });
    expect(seen.data!.thread).toMatchObject({ score: -1, myVote: -1 });
    expect((await t.gql<{ thread: { myVote: number } }>(THREAD, { id: thread.id }, { token: carol.token })).data!.thread.myVote).toBe(0);
    const r = await postReply(t, alice.token, thread.id);
    expect(await vote(bob.token, r.id, 1)).toBe(1);
    const replies = await t.gql<{ thread: { replies: { edges: Array<{ node: { score: number; myVote: number } }> } } }>(THREAD, { id: thread.id }, { token: bob.token });
    expect(replies.data!.thread.replies.edges[0]!.node).toMatchObject({ score: 1, myVote: 1 });
    const bad = await t.gql(`mutation ($p: ID!) { vote(postId: $p, value: 2) }`, { p: thread.id }, { token: bob.token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
  });

  it('counts poll votes, changeable, and never shows who voted', async () => {
    const thread = await postThread(t, alice.token, { poll: { question: 'Anticoagulate?', options: ['Yes', 'No'] } });
    const [yes, no] = thread.poll!.options;
    const VOTE = `mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { totalVotes myVote options { id votes } } }`;
    await t.gql(VOTE, { p: thread.poll!.id, o: yes!.id }, { token: bob.token });
    await t.gql(VOTE, { p: thread.poll!.id, o: yes!.id }, { token: alice.token });
    const changed = await t.gql<{ votePoll: { totalVotes: number; myVote: string; options: Array<{ votes: number }> } }>(VOTE, { p: thread.poll!.id, o: no!.id }, { token: bob.token });
    expect(changed.data!.votePoll).toEqual({ totalVotes: 2, myVote: no!.id, options: [{ id: yes!.id, votes: 1 }, { id: no!.id, votes: 1 }] });
    const wrong = await t.gql(VOTE, { p: thread.poll!.id, o: thread.id }, { token: bob.token });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'optionId' });
    const { schema } = await import('./index.ts');
    const pollFields = Object.keys((schema.getType('PollOption') as unknown as { getFields(): object }).getFields());
    expect(pollFields.sort()).toEqual(['id', 'label', 'votes']);
  });
});

describe('search', () => {
  it('finds threads by words in French and English, accents ignored, best match first, replies matching their thread', async () => {
    const fr = await postThread(t, alice.token, { title: 'Hémorragie digestive sous anticoagulants', body: 'Patient de 80 ans, méléna.' });
    const en = await postThread(t, alice.token, { title: 'Bleeding on anticoagulants', body: 'Elderly patient with bleeding events.' });
    const byReply = await postThread(t, alice.token, { title: 'Unrelated title', body: 'Nothing here' });
    await postReply(t, bob.token, byReply.id, 'Une hemorragie tardive est possible.');
    const SEARCH = `query ($q: String!, $first: Int, $after: String) { search(query: $q, first: $first, after: $after) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }`;
    const ids = async (q: string) => (await t.gql<{ search: { edges: Array<{ node: { id: string } }> } }>(SEARCH, { q }, { token: bob.token })).data!.search.edges.map((e) => e.node.id);
    expect(await ids('hemorragie')).toEqual([fr.id, byReply.id]);
    expect(await ids('HÉMORRAGIES')).toEqual(expect.arrayContaining([fr.id, byReply.id]));
    expect(await ids('bleed')).toEqual([en.id]);
    expect(await ids('anticoagulant')).toEqual(expect.arrayContaining([fr.id, en.id]));
    expect(await ids('zebra unicorn')).toEqual([]);
    const p1 = await t.gql<{ search: { edges: Array<{ node: { id: string } }>; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(SEARCH, { q: 'anticoagulants', first: 1 }, { token: bob.token });
    expect(p1.data!.search.pageInfo.hasNextPage).toBe(true);
    const p2 = await t.gql<{ search: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean } } }>(SEARCH, { q: 'anticoagulants', first: 1, after: p1.data!.search.pageInfo.endCursor }, { token: bob.token });
    expect([...p1.data!.search.edges, ...p2.data!.search.edges].map((e) => e.node.id).sort()).toEqual([fr.id, en.id].sort());
    expect(p2.data!.search.pageInfo.hasNextPage).toBe(false);
  });

  it('ranks a title match above an opening-post match above a reply-only match, however often the reply repeats the word', async () => {
    const byReply = await postThread(t, alice.token, { title: 'Another case', body: 'Nothing special' });
    await postReply(t, bob.token, byReply.id, 'Quokka bite? Quokkas bite, a quokka bit my quokka-loving patient.');
    const byBody = await postThread(t, alice.token, { title: 'Animal case', body: 'A quokka bit him.' });
    const byTitle = await postThread(t, alice.token, { title: 'Quokka bite', body: 'Wound on the hand.' });
    const res = await t.gql<{ search: { edges: Array<{ node: { id: string } }> } }>(`{ search(query: "quokka") { edges { node { id } } } }`, {}, { token: bob.token });
    expect(res.data!.search.edges.map((e) => e.node.id)).toEqual([byTitle.id, byBody.id, byReply.id]);
  });

  it('pages through equally ranked threads without repeats or gaps', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await postThread(t, alice.token, { title: `Wombat case ${i}`, body: 'Same words' })).id);
    const SEARCH = `query ($after: String) { search(query: "wombat", first: 3, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: { data?: { search: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } = await t.gql(SEARCH, { after }, { token: bob.token });
      seen.push(...res.data!.search.edges.map((e) => e.node.id));
      if (!res.data!.search.pageInfo.hasNextPage) break;
      after = res.data!.search.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(7);
    expect([...seen].sort()).toEqual([...made].sort());
  });
});

describe('rate limits', () => {
  it('limits threads per pseudonym: RATE_LIMITED past the limit', async () => {
    const strict = await createTestApp();
    try {
      const p = await strict.make.verifiedPhysician();
      for (let i = 0; i < 5; i++) await postThread(strict, p.token);
      const res = await strict.gql(CREATE, { i: { room: 'general', title: 'One too many', body: 'x' } }, { token: p.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(await strict.db.thread.count()).toBe(5);
    } finally {
      await strict.close();
    }
  });
});

/**
 * Statement budgets: a page of the feed (the full node with poll counts, and the web's own
 * FeedQuery with its rooms, tags and specialties), a thread page of 50 replies with votes, and
 * search pages 1 and 2 each cost at most 3 SQL statements, the session check included. Every
 * statement counts (SELECT or WITH): a change that adds one fails here.
 */
describe('statement budgets', () => {
  const budget = async <T>(query: string, variables: Record<string, unknown>) => {
    statements.length = 0;
    counting = true;
    const res = await t.gql<T>(query, variables, { token: bob.token });
    counting = false;
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(statements.length, statements.join('\n\n')).toBeLessThanOrEqual(3);
    // Poll counts are read from the options' counters, never counted over every vote.
    expect(statements.filter((s) => /poll_vote/i.test(s) && /COUNT\(/i.test(s)), 'a count over poll votes').toEqual([]);
    return res.data!;
  };

  it('serves a feed page of 20 threads with authors, polls, attachments and votes in at most 3 statements, the session check included', async () => {
    for (let i = 0; i < 22; i++) {
      const th = await postThread(t, i % 2 ? alice.token : bob.token, { room: 'oncology', title: `Onco ${i}`, tags: ['onco'], poll: { question: 'Q', options: ['a', 'b'] } });
      await postReply(t, alice.token, th.id);
      await t.gql(`mutation ($p: ID!) { vote(postId: $p, value: 1) }`, { p: th.id }, { token: bob.token });
    }
    const page = (await budget<FeedPage>(FEED, { room: 'oncology', first: 20 })).feed;
    expect(page.edges).toHaveLength(20);
    expect(page.edges.every((e) => e.node.myVote === 1)).toBe(true);
    const next = (await budget<FeedPage>(FEED, { room: 'oncology', first: 20, after: page.pageInfo.endCursor })).feed;
    expect(next.edges).toHaveLength(2);
    const web = await budget<{ feed: { edges: unknown[] }; tags: unknown[] }>(print(FeedQuery as never), { room: 'oncology' });
    expect(web.feed.edges).toHaveLength(20);
    expect(web.tags).toEqual([{ tag: 'onco', count: 22 }]);
    for (const edge of page.edges.slice(0, 3)) await t.gql(`mutation ($t: ID!) { setBookmark(threadId: $t, bookmarked: true) }`, { t: edge.node.id }, { token: bob.token });
    const bookmarks = await budget<{ feed: { edges: Array<{ node: { bookmarked: boolean } }> } }>(print(FeedQuery as never), { bookmarked: true });
    expect(bookmarks.feed.edges.map((e) => e.node.bookmarked)).toEqual([true, true, true]);
  });

  it('serves a thread page with 50 replies and their votes in at most 3 statements, the session check included', async () => {
    const thread = await postThread(t, alice.token, { poll: { question: 'Q', options: ['a', 'b'] } });
    for (let i = 0; i < 50; i++) {
      const r = await postReply(t, i % 2 ? alice.token : bob.token, thread.id, `r${i}`);
      if (i % 3 === 0) await t.gql(`mutation ($p: ID!) { vote(postId: $p, value: -1) }`, { p: r.id }, { token: bob.token });
    }
    const res = await budget<{ thread: { replies: { edges: Array<{ node: { myVote: number } }> } } }>(THREAD, { id: thread.id, first: 50 });
    expect(res.thread.replies.edges).toHaveLength(50);
    expect(res.thread.replies.edges.filter((e) => e.node.myVote === -1)).toHaveLength(17);
    const web = await budget<{ thread: { replies: { edges: unknown[]; pageInfo: { endCursor: string } } } }>(print(ThreadQuery as never), { id: thread.id });
    expect(web.thread.replies.edges).toHaveLength(20);
    await budget(print(ThreadQuery as never), { id: thread.id, after: web.thread.replies.pageInfo.endCursor });
  });

  it('serves search pages 1 and 2 for a common word in at most 3 statements each, the session check included', async () => {
    for (let i = 0; i < 25; i++) await postThread(t, alice.token, { title: `Budget thrombosis ${i}`, body: 'Thrombosis again' });
    const first = await budget<{ search: { edges: unknown[]; pageInfo: { endCursor: string } } }>(print(SearchQuery as never), { query: 'thrombosis' });
    expect(first.search.edges).toHaveLength(20);
    const second = await budget<{ search: { edges: unknown[] } }>(print(SearchQuery as never), { query: 'thrombosis', after: first.search.pageInfo.endCursor });
    expect(second.search.edges).toHaveLength(5);
  });
});
