import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Caller = Awaited<ReturnType<TestApp['make']['client']>>;
let t: TestApp;
let alice: Caller;
let bob: Caller;
let carol: Caller;
let admin: Caller;

const QUEUE = `query ($inc: Boolean) { moderationQueue(includeResolved: $inc) { edges { node { post { id body hidden } threadTitle isThread author { id handle } authorSuspended reportCount reports { reason createdAt } lastReportedAt } } } }`;
const MODERATE = `mutation ($p: ID!, $a: ModerationAction!, $r: String!) { moderatePost(postId: $p, action: $a, reason: $r) { id hidden body } }`;
const REPORT = `mutation ($p: ID!, $r: String!) { reportPost(postId: $p, reason: $r) }`;
const NOTIFS = `query ($unread: Boolean) { notifications(unreadOnly: $unread) { unreadCount edges { node { id kind threadId postId threadTitle excerpt read from { handle } } } } }`;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  [alice, bob, carol] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
  admin = await t.make.admin();
});
afterAll(() => t.close());

describe('reports and moderation', () => {
  it('queues reported posts with reasons but never the reporter; hiding withholds the body from physicians, audited, and resolves the reports', async () => {
    const thread = await postThread(t, alice.token, { title: 'Reported thread', body: 'Spam spam spam' });
    const reply = await postReply(t, alice.token, thread.id, 'A rude reply');
    expect((await t.gql(REPORT, { p: reply.id, r: 'Insulting a colleague' }, { token: bob.token })).data).toEqual({ reportPost: true });
    await t.gql(REPORT, { p: reply.id, r: 'Rude' }, { token: carol.token });
    await t.gql(REPORT, { p: reply.id, r: 'Rude, reported again' }, { token: carol.token });
    const short = await t.gql(REPORT, { p: reply.id, r: 'x' }, { token: carol.token });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });

    const queue = await t.gql<{ moderationQueue: { edges: Array<{ node: Record<string, unknown> & { reports: Array<{ reason: string }> } }> } }>(QUEUE, {}, { token: admin.token });
    const item = queue.data!.moderationQueue.edges[0]!.node;
    expect(item).toMatchObject({ post: { id: reply.id, body: 'A rude reply', hidden: false }, threadTitle: 'Reported thread', isThread: false, authorSuspended: false, reportCount: 2 });
    expect(item.reports.map((r) => r.reason).sort()).toEqual(['Insulting a colleague', 'Rude, reported again']);
    expect(JSON.stringify(queue)).not.toContain(bob.account.id);

    const hidden = await t.gql(MODERATE, { p: reply.id, a: 'HIDE', r: 'Insults' }, { token: admin.token });
    expect(hidden.data).toEqual({ moderatePost: { id: reply.id, hidden: true, body: 'A rude reply' } });
    const seen = await t.gql<{ thread: { replies: { edges: Array<{ node: { body: string; hidden: boolean } }> } } }>(`query ($id: ID!) { thread(id: $id) { replies { edges { node { body hidden } } } } }`, { id: thread.id }, { token: bob.token });
    expect(seen.data!.thread.replies.edges[0]!.node).toEqual({ body: '', hidden: true });
    expect((await t.gql<{ moderationQueue: { edges: unknown[] } }>(QUEUE, {}, { token: admin.token })).data!.moderationQueue.edges).toEqual([]);
    expect((await t.gql<{ moderationQueue: { edges: unknown[] } }>(QUEUE, { inc: true }, { token: admin.token })).data!.moderationQueue.edges).toHaveLength(1);
    const audit = await t.db.auditEntry.findMany({ where: { targetId: reply.id } });
    expect(audit).toEqual([expect.objectContaining({ action: 'post.hide', targetType: 'post', reason: 'Insults', actorId: admin.account.id })]);

    await t.gql(MODERATE, { p: reply.id, a: 'RESTORE', r: 'On appeal' }, { token: admin.token });
    const restored = await t.gql<{ thread: { replies: { edges: Array<{ node: { body: string } }> } } }>(`query ($id: ID!) { thread(id: $id) { replies { edges { node { body } } } } }`, { id: thread.id }, { token: bob.token });
    expect(restored.data!.thread.replies.edges[0]!.node.body).toBe('A rude reply');
  });

  it('lets a moderator read the thread around a reported reply, with pseudonyms only, and nothing of their own', async () => {
    const thread = await postThread(t, alice.token, { title: 'Context matters', body: 'The opening case' });
    await postReply(t, bob.token, thread.id, 'An earlier answer');
    const reported = await postReply(t, alice.token, thread.id, 'The reported answer');
    await t.gql(REPORT, { p: reported.id, r: 'Unkind to a colleague' }, { token: carol.token });
    const read = await t.gql<{ thread: { title: string; body: string; myVote: number; author: { handle: string }; replies: { edges: Array<{ node: { id: string; body: string; myVote: number; author: { handle: string } } }> } } }>(
      `query ($id: ID!) { thread(id: $id) { title body myVote author { handle } replies { edges { node { id body myVote author { handle } } } } } }`,
      { id: thread.id },
      { token: admin.token },
    );
    expect(read.errors, JSON.stringify(read.errors)).toBeUndefined();
    expect(read.data!.thread).toMatchObject({ title: 'Context matters', body: 'The opening case', myVote: 0 });
    expect(read.data!.thread.replies.edges.map((e) => e.node.body)).toEqual(['An earlier answer', 'The reported answer']);
    // No account of any author reaches the moderator.
    const text = JSON.stringify(read.data);
    for (const who of [alice, bob, carol]) expect(text).not.toContain(who.account.id);
    // Reading is all: the moderator writes nothing in the discussion.
    const voted = await t.gql(`mutation ($p: ID!) { vote(postId: $p, value: 1) }`, { p: reported.id }, { token: admin.token });
    expect(voted.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('hides a whole thread: title, body and images withheld in the feed and notifications, search no longer finds it', async () => {
    const thread = await postThread(t, alice.token, { room: 'urology', title: 'Zanzibar question', body: 'Secret body' });
    await postReply(t, bob.token, thread.id, 'An answer before the thread was hidden');
    await t.gql(MODERATE, { p: thread.id, a: 'HIDE', r: 'Off topic' }, { token: admin.token });
    const FEED = `{ feed(room: "urology") { edges { node { title body hidden } } } }`;
    const feed = await t.gql<{ feed: { edges: Array<{ node: { title: string; body: string; hidden: boolean } }> } }>(FEED, {}, { token: bob.token });
    expect(feed.data!.feed.edges[0]!.node).toEqual({ title: '', body: '', hidden: true });
    const told = await t.gql<{ notifications: { edges: Array<{ node: { threadTitle: string } }> } }>('{ notifications { edges { node { threadTitle } } } }', {}, { token: alice.token });
    expect(told.data!.notifications.edges.map((e) => e.node.threadTitle)).toContain('');
    expect(JSON.stringify(told.data)).not.toContain('Zanzibar');
    const search = await t.gql<{ search: { edges: unknown[] } }>(`{ search(query: "zanzibar") { edges { node { id } } } }`, {}, { token: bob.token });
    expect(search.data!.search.edges).toEqual([]);
  });

  it('search: a hidden reply’s words no longer find its thread, a reply to a hidden thread neither, until restored', async () => {
    const SEARCH = `query ($q: String!) { search(query: $q) { edges { node { id } } } }`;
    const found = async (q: string) => (await t.gql<{ search: { edges: Array<{ node: { id: string } }> } }>(SEARCH, { q }, { token: bob.token })).data!.search.edges.map((e) => e.node.id);
    const thread = await postThread(t, alice.token, { title: 'Tachycardia at night', body: 'Holter planned.' });
    const reply = await postReply(t, bob.token, thread.id, 'Think of a pheochromocytoma.');
    expect(await found('pheochromocytoma')).toEqual([thread.id]);
    await t.gql(MODERATE, { p: reply.id, a: 'HIDE', r: 'Off topic' }, { token: admin.token });
    expect(await found('pheochromocytoma')).toEqual([]);
    expect(await found('tachycardia')).toEqual([thread.id]);
    await t.gql(MODERATE, { p: reply.id, a: 'RESTORE', r: 'On appeal' }, { token: admin.token });
    expect(await found('pheochromocytoma')).toEqual([thread.id]);

    await t.gql(MODERATE, { p: thread.id, a: 'HIDE', r: 'Off topic' }, { token: admin.token });
    await postReply(t, carol.token, thread.id, 'Or a thyrotoxicosis.');
    expect(await found('thyrotoxicosis')).toEqual([]);
    expect(await found('tachycardia')).toEqual([]);
    await t.gql(MODERATE, { p: thread.id, a: 'RESTORE', r: 'On appeal' }, { token: admin.token });
    expect(await found('thyrotoxicosis')).toEqual([thread.id]);
    expect(await found('pheochromocytoma')).toEqual([thread.id]);
  });

  it('suspends a pseudonym from every write (audited), then lifts it', async () => {
    const dave = await t.make.verifiedPhysician();
    const thread = await postThread(t, dave.token);
    const pseudonymId = (thread.author as { id: string }).id;
    const SUSPEND = `mutation ($p: ID!) { suspendPseudonym(pseudonymId: $p, reason: "Repeated spam") { id handle } }`;
    expect((await t.gql<{ suspendPseudonym: { id: string } }>(SUSPEND, { p: pseudonymId }, { token: admin.token })).data!.suspendPseudonym.id).toBe(pseudonymId);
    const writes = [
      [`mutation { createThread(input: { room: "general", title: "Again", body: "spam" }) { id } }`, {}],
      [`mutation ($t: ID!) { reply(input: { threadId: $t, body: "spam" }) { id } }`, { t: thread.id }],
      [`mutation ($t: ID!) { vote(postId: $t, value: 1) }`, { t: thread.id }],
      [REPORT, { p: thread.id, r: 'retaliation' }],
    ] as const;
    for (const [query, vars] of writes) {
      const res = await t.gql(query, vars, { token: dave.token });
      expect(res.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.message).toMatch(/suspended/);
    }
    const upload = await t.http('/uploads', { method: 'POST', token: dave.token, headers: { 'content-type': 'image/png' }, body: 'x' });
    expect(upload.status).toBe(403);
    // Reading still works.
    expect((await t.gql(`{ feed { edges { node { id } } } }`, {}, { token: dave.token })).errors).toBeUndefined();
    await t.gql(`mutation ($p: ID!) { unsuspendPseudonym(pseudonymId: $p, reason: "Served the time") { id } }`, { p: pseudonymId }, { token: admin.token });
    await postReply(t, dave.token, thread.id);
    expect((await t.db.auditEntry.findMany({ where: { targetId: pseudonymId }, orderBy: { at: 'asc' } })).map((e) => e.action)).toEqual(['pseudonym.suspend', 'pseudonym.unsuspend']);
  });
});

describe('notifications', () => {
  it('tells a thread’s author and a replied-to post’s author, never oneself, with an unread count, and marks them read', async () => {
    const erin = await t.make.verifiedPhysician();
    const frank = await t.make.verifiedPhysician();
    const thread = await postThread(t, erin.token, { title: 'Notified thread' });
    await postReply(t, erin.token, thread.id, 'my own reply');
    const top = await postReply(t, frank.token, thread.id, '**Frank** answers [with a link](https://example.org)');
    const child = await postReply(t, erin.token, thread.id, 'Erin to Frank', top.id);
    await postReply(t, bob.token, thread.id, 'Bob to Erin', child.id);

    type N = { notifications: { unreadCount: number; edges: Array<{ node: { id: string; postId: string; kind: string; excerpt: string; threadTitle: string; threadId: string; read: boolean } }> } };
    const forErin = (await t.gql<N>(NOTIFS, {}, { token: erin.token })).data!.notifications;
    expect(forErin.unreadCount).toBe(2);
    expect(forErin.edges.map((e) => [e.node.kind, e.node.excerpt])).toEqual([
      ['REPLY_TO_POST', 'Bob to Erin'],
      ['REPLY_TO_THREAD', 'Frank answers with a link'],
    ]);
    expect(forErin.edges[0]!.node).toMatchObject({ threadTitle: 'Notified thread', threadId: thread.id, read: false });
    const forFrank = (await t.gql<N>(NOTIFS, {}, { token: frank.token })).data!.notifications;
    expect(forFrank.edges.map((e) => [e.node.kind, e.node.excerpt])).toEqual([['REPLY_TO_POST', 'Erin to Frank']]);

    const left = await t.gql<{ markNotificationsRead: number }>(`mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [forErin.edges[0]!.node.id] }, { token: erin.token });
    expect(left.data!.markNotificationsRead).toBe(1);
    expect((await t.gql<N>(NOTIFS, { unread: true }, { token: erin.token })).data!.notifications.edges).toHaveLength(1);
    // Another physician cannot mark Erin's as read.
    await t.gql(`mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [forErin.edges[1]!.node.id] }, { token: frank.token });
    expect((await t.gql<N>(NOTIFS, {}, { token: erin.token })).data!.notifications.unreadCount).toBe(1);
    // Opening a thread marks only that thread's notifications read.
    const other = await postThread(t, erin.token, { title: 'Another thread' });
    await postReply(t, frank.token, other.id, 'Frank on the other thread');
    const BY_THREAD = `mutation ($t: ID) { markNotificationsRead(threadId: $t) }`;
    expect((await t.gql<{ markNotificationsRead: number }>(BY_THREAD, { t: other.id }, { token: erin.token })).data!.markNotificationsRead).toBe(1);
    const unreadNow = (await t.gql<N>(NOTIFS, { unread: true }, { token: erin.token })).data!.notifications.edges;
    expect(unreadNow.map((e) => e.node.threadId)).toEqual([thread.id]);
    const bad = await t.gql(BY_THREAD, { t: 'not-an-id' }, { token: erin.token });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.gql<{ markNotificationsRead: number }>(`mutation { markNotificationsRead }`, {}, { token: erin.token })).data!.markNotificationsRead).toBe(0);

    await t.gql(MODERATE, { p: top.id, a: 'HIDE', r: 'Hidden reply' }, { token: admin.token });
    const afterHide = (await t.gql<N>(NOTIFS, {}, { token: erin.token })).data!.notifications;
    expect(afterHide.edges.find((e) => e.node.postId === top.id)!.node.excerpt).toBe('');
  });

  it('orders the queue open first, then by the latest report, with its counts, through reports, resolutions and a report after resolution, page by page', async () => {
    const PAGE = `query ($inc: Boolean, $after: String) { moderationQueue(includeResolved: $inc, first: 1, after: $after) { edges { node { post { id } reportCount } } pageInfo { hasNextPage endCursor } } }`;
    const thread = await postThread(t, alice.token, { title: 'Queue order' });
    const [p1, p2, p3] = [await postReply(t, alice.token, thread.id, 'First'), await postReply(t, alice.token, thread.id, 'Second'), await postReply(t, alice.token, thread.id, 'Third')];
    const mine = new Set([p1.id, p2.id, p3.id]);
    const queue = async (inc: boolean) => {
      const seen: Array<[string, number]> = [];
      let after: string | null = null;
      do {
        const res: { data?: { moderationQueue: { edges: Array<{ node: { post: { id: string }; reportCount: number } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } = await t.gql(PAGE, { inc, after }, { token: admin.token });
        const page = res.data!.moderationQueue;
        seen.push(...page.edges.map((e): [string, number] => [e.node.post.id, e.node.reportCount]));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return seen.filter(([id]) => mine.has(id));
    };
    const report = async (who: Caller, postId: string) => expect((await t.gql(REPORT, { p: postId, r: 'Needs a look' }, { token: who.token })).errors).toBeUndefined();
    await report(bob, p1.id);
    await report(carol, p2.id);
    await report(bob, p3.id);
    await report(carol, p1.id);
    expect(await queue(false)).toEqual([[p1.id, 2], [p3.id, 1], [p2.id, 1]]);

    await t.gql(MODERATE, { p: p3.id, a: 'HIDE', r: 'Off topic' }, { token: admin.token });
    expect(await queue(false)).toEqual([[p1.id, 2], [p2.id, 1]]);
    expect(await queue(true)).toEqual([[p1.id, 2], [p2.id, 1], [p3.id, 1]]);

    await report(carol, p3.id);
    expect(await queue(false)).toEqual([[p3.id, 1], [p1.id, 2], [p2.id, 1]]);
    expect(await queue(true)).toEqual([[p3.id, 2], [p1.id, 2], [p2.id, 1]]);

    // The summary the queue reads agrees with the reports themselves, for every reported post.
    const truth = await t.db.$queryRaw<unknown[]>`SELECT post_id, count(*) FILTER (WHERE NOT resolved)::int AS open_count, count(*)::int AS report_count, max(created_at) AS last FROM post_report GROUP BY post_id ORDER BY post_id`;
    const kept = await t.db.$queryRaw<unknown[]>`SELECT post_id, open_count, report_count, last_reported_at AS last FROM post_report_summary ORDER BY post_id`;
    expect(kept).toEqual(truth);
  });

  it('counts every report of concurrent reporters of one post', async () => {
    const thread = await postThread(t, alice.token, { title: 'Reported at once' });
    const reporters = await Promise.all(Array.from({ length: 6 }, () => t.make.verifiedPhysician()));
    const results = await Promise.all(reporters.map((r) => t.gql(REPORT, { p: thread.id, r: 'Reported at once' }, { token: r.token })));
    expect(results.map((r) => r.errors)).toEqual(reporters.map(() => undefined));
    const queue = await t.gql<{ moderationQueue: { edges: Array<{ node: { post: { id: string }; reportCount: number } }> } }>(
      '{ moderationQueue(first: 100) { edges { node { post { id } reportCount } } } }', {}, { token: admin.token });
    expect(queue.data!.moderationQueue.edges.find((e) => e.node.post.id === thread.id)?.node.reportCount).toBe(6);
    const [row] = await t.db.$queryRaw<Array<{ open_count: number; report_count: number }>>`SELECT open_count, report_count FROM post_report_summary WHERE post_id = ${thread.id}::uuid`;
    expect(row).toEqual({ open_count: 6, report_count: 6 });
  });
});

