/**
 * Editing one's own post (with its history), private bookmarks and @mentions, through the API as
 * physicians use them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let alice: Physician;
let bob: Physician;
let carol: Physician;
const handles = { alice: '', bob: '', carol: '' };

const EDIT = `mutation ($p: ID!, $b: String!) { editPost(postId: $p, body: $b) { id body editedAt } }`;
const HISTORY = `query ($p: ID!) { postHistory(postId: $p) { threadId author { handle } revisions { body writtenAt } } }`;
const BOOKMARK = `mutation ($t: ID!, $on: Boolean!) { setBookmark(threadId: $t, bookmarked: $on) }`;
const BOOKMARKS = `{ feed(bookmarked: true, first: 50) { edges { node { id title bookmarked } } } }`;
const NOTIFICATIONS = `{ notifications(first: 50) { unreadCount edges { node { kind postId threadId excerpt from { handle } } } } }`;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  [alice, bob, carol] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
  for (const [name, p] of Object.entries({ alice, bob, carol })) {
    const res = await t.gql<{ me: { pseudonym: { handle: string } } }>('{ me { pseudonym { handle } } }', {}, { token: p.token });
    handles[name as keyof typeof handles] = res.data!.me.pseudonym.handle;
  }
});
afterAll(() => t.close());

async function notifications(p: Physician) {
  const res = await t.gql<{ notifications: { unreadCount: number; edges: Array<{ node: { kind: string; postId: string; excerpt: string; from: { handle: string } } }> } }>(NOTIFICATIONS, {}, { token: p.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.notifications.edges.map((e) => e.node);
}

describe('editing one’s own post', () => {
  it('replaces the body, marks the post edited and keeps every version, oldest first, by the same pseudonym', async () => {
    const thread = await postThread(t, alice.token, { title: 'Anticoagulation after a fall', body: 'First thoughts' });
    const reply = await postReply(t, bob.token, thread.id, 'Stop the DOAC');
    const edited = await t.gql<{ editPost: { body: string; editedAt: string } }>(EDIT, { p: reply.id, b: 'Stop the DOAC for 48 h, then resume' }, { token: bob.token });
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.editPost.body).toBe('Stop the DOAC for 48 h, then resume');
    await t.gql(EDIT, { p: reply.id, b: 'Hold the DOAC for 48 h, then resume' }, { token: bob.token });
    await t.gql(EDIT, { p: thread.id, b: 'Second thoughts: falls in the elderly' }, { token: alice.token });

    const page = await t.gql<{ thread: { body: string; editedAt: string | null; replies: { edges: Array<{ node: { body: string; editedAt: string | null; createdAt: string } }> } } }>(
      `query ($id: ID!) { thread(id: $id) { body editedAt replies { edges { node { body editedAt createdAt } } } } }`, { id: thread.id }, { token: carol.token });
    expect(page.data!.thread.body).toBe('Second thoughts: falls in the elderly');
    expect(page.data!.thread.editedAt).not.toBeNull();
    const [shown] = page.data!.thread.replies.edges.map((e) => e.node);
    expect(shown!.body).toBe('Hold the DOAC for 48 h, then resume');
    expect(Date.parse(shown!.editedAt!)).toBeGreaterThanOrEqual(Date.parse(shown!.createdAt));

    const history = await t.gql<{ postHistory: { threadId: string; author: { handle: string }; revisions: Array<{ body: string; writtenAt: string }> } }>(HISTORY, { p: reply.id }, { token: carol.token });
    expect(history.data!.postHistory.author.handle).toBe(handles.bob);
    expect(history.data!.postHistory.threadId).toBe(thread.id);
    const revisions = history.data!.postHistory.revisions;
    expect(revisions.map((r) => r.body)).toEqual(['Stop the DOAC', 'Stop the DOAC for 48 h, then resume', 'Hold the DOAC for 48 h, then resume']);
    expect(revisions[0]!.writtenAt).toBe(shown!.createdAt);
    expect(revisions.at(-1)!.writtenAt).toBe(shown!.editedAt);
    expect([...revisions.map((r) => r.writtenAt)].sort()).toEqual(revisions.map((r) => r.writtenAt));

    // The search finds the thread by its new words, no longer by the replaced ones.
    const search = async (q: string) => (await t.gql<{ search: { edges: Array<{ node: { id: string } }> } }>(`query ($q: String!) { search(query: $q) { edges { node { id } } } }`, { q }, { token: carol.token })).data!.search.edges.map((e) => e.node.id);
    expect(await search('elderly')).toContain(thread.id);
    expect(await search('First thoughts')).not.toContain(thread.id);
    // A never-edited post says so.
    const fresh = await postReply(t, carol.token, thread.id, 'Agree');
    const never = await t.gql<{ postHistory: { revisions: unknown[] } }>(HISTORY, { p: fresh.id }, { token: bob.token });
    expect(never.data!.postHistory.revisions).toHaveLength(1);
  });

  it('lets no other pseudonym edit, answering as for a post that does not exist, and changes nothing', async () => {
    const thread = await postThread(t, alice.token, { body: 'Mine' });
    const reply = await postReply(t, alice.token, thread.id, 'Also mine');
    const missing = await t.gql(EDIT, { p: '00000000-0000-4000-8000-000000000000', b: 'x' }, { token: bob.token });
    for (const postId of [thread.id, reply.id]) {
      const res = await t.gql(EDIT, { p: postId, b: 'Hijacked' }, { token: bob.token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId', reason: 'not_found' });
      expect(res.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    }
    const blank = await t.gql(EDIT, { p: reply.id, b: '   ' }, { token: alice.token });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(await t.db.post.findMany({ where: { threadId: thread.id }, select: { body: true, editedAt: true }, orderBy: { createdAt: 'asc' } })).toEqual([
      { body: 'Mine', editedAt: null },
      { body: 'Also mine', editedAt: null },
    ]);
    expect(await t.db.postEdit.count({ where: { post: { threadId: thread.id } } })).toBe(0);
  });

  it('keeps a hidden post as moderated: its author cannot edit it and its history is withheld', async () => {
    const admin = await t.make.admin();
    const thread = await postThread(t, alice.token, { body: 'Before' });
    await t.gql(EDIT, { p: thread.id, b: 'After' }, { token: alice.token });
    const hide = await t.gql(`mutation ($p: ID!) { moderatePost(postId: $p, action: HIDE, reason: "test") { hidden } }`, { p: thread.id }, { token: admin.token });
    expect(hide.errors).toBeUndefined();
    const res = await t.gql(EDIT, { p: thread.id, b: 'Sneaky' }, { token: alice.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'not_found' });
    const history = await t.gql<{ postHistory: { revisions: Array<{ body: string }> } }>(HISTORY, { p: thread.id }, { token: bob.token });
    expect(history.data!.postHistory.revisions.map((r) => r.body)).toEqual(['', '']);
  });
});

describe('bookmarks', () => {
  it('lists the viewer’s own bookmarks only, newest activity first, and removes one', async () => {
    const [a, b] = [await postThread(t, bob.token, { title: 'Bookmarked first' }), await postThread(t, bob.token, { title: 'Bookmarked second' })];
    for (const id of [a.id, b.id]) expect((await t.gql(BOOKMARK, { t: id, on: true }, { token: alice.token })).data).toEqual({ setBookmark: true });
    // Twice is once.
    await t.gql(BOOKMARK, { t: a.id, on: true }, { token: alice.token });
    await postReply(t, carol.token, a.id, 'Bump');
    const mine = await t.gql<{ feed: { edges: Array<{ node: { id: string; bookmarked: boolean } }> } }>(BOOKMARKS, {}, { token: alice.token });
    expect(mine.data!.feed.edges.map((e) => e.node)).toEqual([{ id: a.id, title: 'Bookmarked first', bookmarked: true }, { id: b.id, title: 'Bookmarked second', bookmarked: true }]);
    // Private: the author and everyone else see neither the bookmark nor the list.
    const theirs = await t.gql<{ feed: { edges: unknown[] } }>(BOOKMARKS, {}, { token: bob.token });
    expect(theirs.data!.feed.edges).toEqual([]);
    const seen = await t.gql<{ thread: { bookmarked: boolean } }>(`query ($id: ID!) { thread(id: $id) { bookmarked } }`, { id: a.id }, { token: bob.token });
    expect(seen.data!.thread.bookmarked).toBe(false);

    expect((await t.gql(BOOKMARK, { t: a.id, on: false }, { token: alice.token })).data).toEqual({ setBookmark: false });
    const after = await t.gql<{ feed: { edges: Array<{ node: { id: string } }> } }>(BOOKMARKS, {}, { token: alice.token });
    expect(after.data!.feed.edges.map((e) => e.node.id)).toEqual([b.id]);
  });

  it('refuses a thread that does not exist', async () => {
    const res = await t.gql(BOOKMARK, { t: '00000000-0000-4000-8000-000000000000', on: true }, { token: alice.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'threadId' });
  });
});

describe('@mentions', () => {
  it('notifies the mentioned pseudonym in the app, once, and nobody else', async () => {
    const thread = await postThread(t, alice.token, { title: 'Who has seen this rash?' });
    const before = { bob: (await notifications(bob)).length, carol: (await notifications(carol)).length };
    const reply = await postReply(t, carol.token, thread.id, `@${handles.bob} have you seen this? cc @Nobody-Here-1234 and me @${handles.carol}`);
    const bobs = await notifications(bob);
    expect(bobs).toHaveLength(before.bob + 1);
    expect(bobs[0]).toMatchObject({ kind: 'MENTION', postId: reply.id, from: { handle: handles.carol } });
    expect(bobs[0]!.excerpt).toContain('have you seen this?');
    // The thread's author is told of the reply (not twice), the author of the mention not at all.
    expect((await notifications(alice)).filter((n) => n.postId === reply.id).map((n) => n.kind)).toEqual(['REPLY_TO_THREAD']);
    expect(await notifications(carol)).toHaveLength(before.carol);
  });

  it('a mention in a reply to the mentioned person’s post notifies once, as a reply', async () => {
    const thread = await postThread(t, alice.token);
    const bobs = await postReply(t, bob.token, thread.id, 'An idea');
    const answer = await postReply(t, carol.token, thread.id, `@${handles.bob} good idea`, bobs.id);
    expect((await notifications(bob)).filter((n) => n.postId === answer.id).map((n) => n.kind)).toEqual(['REPLY_TO_POST']);
  });

  it('an edit that adds a mention notifies the new name only', async () => {
    const thread = await postThread(t, alice.token, { body: `Asking @${handles.bob}` });
    expect((await notifications(bob)).filter((n) => n.postId === thread.id).map((n) => n.kind)).toEqual(['MENTION']);
    await t.gql(EDIT, { p: thread.id, b: `Asking @${handles.bob} and @${handles.carol}` }, { token: alice.token });
    expect((await notifications(bob)).filter((n) => n.postId === thread.id)).toHaveLength(1);
    expect((await notifications(carol)).filter((n) => n.postId === thread.id).map((n) => n.kind)).toEqual(['MENTION']);
  });
});
