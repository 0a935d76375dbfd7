/**
 * Peer groups through the API: invitations, joining, leaving, removal, ownership and mentors;
 * and the rule that a group thread is its members' alone. For a non-member every operation that
 * touches threads answers exactly as for a thread that does not exist (the same response, error
 * for error), through the fast path and through normal execution.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let owner: Physician;
let member: Physician;
let outsider: Physician;
const me: Record<string, { id: string; handle: string }> = {};

const CREATE_GROUP = 'mutation ($i: GroupInput!) { createGroup(input: $i) { id name kind myRole memberCount } }';
const INVITE = 'mutation ($g: ID!, $m: Int, $e: String) { createGroupInvite(groupId: $g, maxUses: $m, expiresOn: $e) { code invite { id uses maxUses expiresOn revoked } } }';
const JOIN = 'mutation ($c: String!) { joinGroup(code: $c) { id myRole memberCount } }';
const GROUP = 'query ($g: ID!) { group(id: $g) { id name myRole members { role mentor pseudonym { id handle } } invites { id uses revoked } threads(first: 10) { edges { node { id title groupId } } } } }';
const CREATE_THREAD = 'mutation ($i: ThreadInput!) { createThread(input: $i) { id groupId poll { id options { id } } } }';

async function ok<T>(query: string, variables: Record<string, unknown>, who: { token: string }): Promise<T> {
  const res = await t.gql<T>(query, variables, { token: who.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}
const newGroup = async (by: Physician, name = 'GLEM Lyon Est') => (await ok<{ createGroup: { id: string } }>(CREATE_GROUP, { i: { name, kind: 'GLEM', description: 'Monthly peer review' } }, by)).createGroup.id;
const invite = async (by: Physician, g: string, extra: Record<string, unknown> = {}) => (await ok<{ createGroupInvite: { code: string; invite: { id: string } } }>(INVITE, { g, ...extra }, by)).createGroupInvite;
const join = (who: Physician, code: string) => t.gql<{ joinGroup: { id: string; myRole: string; memberCount: number } }>(JOIN, { c: code }, { token: who.token });

let groupId: string;
let threadId: string;
let replyId: string;
let pollId: string;
let optionId: string;
let imageUrl: string;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  [owner, member, outsider] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
  for (const [name, p] of Object.entries({ owner, member, outsider })) me[name] = (await ok<{ me: { pseudonym: { id: string; handle: string } } }>('{ me { pseudonym { id handle } } }', {}, p)).me.pseudonym;
  groupId = await newGroup(owner);
  expect((await join(member, (await invite(owner, groupId)).code)).errors).toBeUndefined();
  const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 9, g: 9, b: 9 } } }).jpeg().toBuffer();
  const up = (await (await t.http('/uploads', { method: 'POST', token: owner.token, headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(photo) })).json()) as { id: string; url: string };
  imageUrl = up.url;
  const created = await ok<{ createThread: { id: string; poll: { id: string; options: Array<{ id: string }> } } }>(CREATE_THREAD, {
    i: { room: 'cardiology', groupId, title: 'Zebrafish arrhythmia in our team', body: 'Group-only case, @' + me.outsider!.handle + ' cannot see it', tags: ['grouponlytag'], poll: { question: 'Treat?', options: ['Yes', 'No'] }, attachmentIds: [up.id], imageAttestation: 'DEIDENTIFIED' },
  }, owner);
  threadId = created.createThread.id;
  pollId = created.createThread.poll.id;
  optionId = created.createThread.poll.options[0]!.id;
  replyId = (await postReply(t, member.token, threadId, 'A member answers about zebrafish')).id;
});
afterAll(() => t.close());

/** Every operation that touches a thread, its posts, poll, bookmarks, history or feed, given the thread's (or its reply's) ids. */
const operations: Array<[string, (ids: { thread: string; reply: string; poll: string; option: string }) => [string, Record<string, unknown>]]> = [
  ['thread (fast path)', (i) => ['query ($id: ID!) { thread(id: $id) { id title body replyCount replies(first: 5) { edges { node { id body } } } } }', { id: i.thread }]],
  ['thread (normal execution)', (i) => ['query ($id: ID!) { thread(id: $id) { id title groupId } me { id } }', { id: i.thread }]],
  ['search (fast path)', () => ['{ search(query: "zebrafish") { edges { node { id title } } } }', {}]],
  ['search (normal execution)', () => ['{ search(query: "zebrafish") { edges { node { id title } } } me { id } }', {}]],
  ['feed (fast path)', () => ['{ feed(first: 50) { edges { node { id } } } }', {}]],
  ['feed (normal execution)', () => ['{ feed(first: 50, room: "cardiology") { edges { node { id } } } me { id } }', {}]],
  ['postHistory', (i) => ['query ($p: ID!) { postHistory(postId: $p) { threadId revisions { body } } }', { p: i.reply }]],
  ['reply', (i) => ['mutation ($t: ID!) { reply(input: { threadId: $t, body: "Can I see?" }) { id } }', { t: i.thread }]],
  ['vote on the thread', (i) => ['mutation ($p: ID!) { vote(postId: $p, value: 1) }', { p: i.thread }]],
  ['vote on a reply', (i) => ['mutation ($p: ID!) { vote(postId: $p, value: -1) }', { p: i.reply }]],
  ['votePoll', (i) => ['mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { id totalVotes } }', { p: i.poll, o: i.option }]],
  ['reportPost', (i) => ['mutation ($p: ID!) { reportPost(postId: $p, reason: "Looks off-topic to me") }', { p: i.reply }]],
  ['setBookmark', (i) => ['mutation ($t: ID!) { setBookmark(threadId: $t, bookmarked: true) }', { t: i.thread }]],
  ['bookmarks feed', () => ['{ feed(bookmarked: true) { edges { node { id } } } }', {}]],
  ['bookmarks feed (normal execution)', () => ['{ feed(bookmarked: true) { edges { node { id } } } me { id } }', {}]],
];

describe('a group thread', () => {
  const real = () => ({ thread: threadId, reply: replyId, poll: pollId, option: optionId });
  const none = () => ({ thread: randomUUID(), reply: randomUUID(), poll: randomUUID(), option: randomUUID() });
  /** The response with the ids of `ids` written as placeholders, so that two responses compare. */
  const normalized = (res: unknown, ids: Record<string, string>) => Object.entries(ids).reduce((s, [k, v]) => s.replaceAll(v, `<${k}>`), JSON.stringify(res));

  it.each(operations)('answers a non-member of %s exactly as for a thread that does not exist', async (_name, op) => {
    const [absentIds, realIds] = [none(), real()];
    const absent = await t.gql(...op(absentIds), { token: outsider.token });
    const hidden = await t.gql(...op(realIds), { token: outsider.token });
    expect(normalized(hidden, realIds)).toBe(normalized(absent, absentIds));
    expect(JSON.stringify(hidden)).not.toContain(threadId);
    expect(JSON.stringify(hidden)).not.toMatch(/zebrafish/i);
  });

  it.each(operations)('lets a member use %s', async (name, op) => {
    const res = await t.gql(...op(real()), { token: member.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    if (/^(thread|search|postHistory)/.test(name)) expect(JSON.stringify(res.data)).toMatch(/zebrafish/i);
    if (name.startsWith('thread') || name.startsWith('search')) expect(JSON.stringify(res.data)).toContain(threadId);
  });

  it('is never in the public feed, even for a member, and is in its group’s feed and page', async () => {
    const publicFeed = await ok<{ feed: { edges: Array<{ node: { id: string } }> } }>('{ feed(first: 50) { edges { node { id } } } }', {}, member);
    expect(publicFeed.feed.edges.map((e) => e.node.id)).not.toContain(threadId);
    const groupFeed = await ok<{ feed: { edges: Array<{ node: { id: string; groupId: string } }> } }>('query ($g: ID!) { feed(group: $g) { edges { node { id groupId } } } }', { g: groupId }, member);
    expect(groupFeed.feed.edges.map((e) => e.node)).toEqual([{ id: threadId, groupId }]);
    const page = await ok<{ group: { threads: { edges: Array<{ node: { id: string } }> } } }>(GROUP, { g: groupId }, member);
    expect(page.group.threads.edges.map((e) => e.node.id)).toEqual([threadId]);
    const refused = await t.gql('query ($g: ID!) { feed(group: $g) { edges { node { id } } } }', { g: groupId }, { token: outsider.token });
    const absent = await t.gql('query ($g: ID!) { feed(group: $g) { edges { node { id } } } }', { g: randomUUID() }, { token: outsider.token });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'group', reason: 'not_found' });
    expect(refused.errors?.[0]?.message).toBe(absent.errors?.[0]?.message);
    expect((await t.gql(GROUP, { g: groupId }, { token: outsider.token })).data).toEqual({ group: null });
  });

  it('keeps its tags out of the public tag counts', async () => {
    for (const room of [null, 'cardiology']) {
      const tags = await ok<{ tags: Array<{ tag: string }> }>('query ($r: String) { tags(room: $r) { tag count } }', { r: room }, member);
      expect(tags.tags.map((x) => x.tag)).not.toContain('grouponlytag');
    }
  });

  it('serves its images to members only', async () => {
    expect((await t.http(imageUrl, { token: member.token })).status).toBe(200);
    expect((await t.http(imageUrl, { token: outsider.token })).status).toBe(404);
  });

  it('notifies members only: a mentioned non-member gets nothing, a member who left stops seeing theirs', async () => {
    const NOTIFS = '{ notifications { unreadCount edges { node { threadId } } } }';
    const outsiders = await ok<{ notifications: { unreadCount: number; edges: Array<{ node: { threadId: string } }> } }>(NOTIFS, {}, outsider);
    expect(outsiders.notifications.edges.map((e) => e.node.threadId)).not.toContain(threadId);
    const owners = await ok<{ notifications: { unreadCount: number; edges: Array<{ node: { threadId: string } }> } }>(NOTIFS, {}, owner);
    expect(owners.notifications.edges.map((e) => e.node.threadId)).toContain(threadId);
    // A second group: its owner is notified of a reply, then is removed from nothing but leaves after a transfer.
    const g = await newGroup(outsider, 'Residents 2026');
    expect((await join(member, (await invite(outsider, g)).code)).errors).toBeUndefined();
    const th = (await ok<{ createThread: { id: string } }>(CREATE_THREAD, { i: { room: 'general', groupId: g, title: 'Night shifts', body: 'How do you cope?' } }, outsider)).createThread.id;
    await postReply(t, member.token, th, 'Coffee');
    const before = await ok<{ notifications: { unreadCount: number; edges: Array<{ node: { threadId: string } }> } }>(NOTIFS, {}, outsider);
    expect(before.notifications.edges.map((e) => e.node.threadId)).toContain(th);
    await ok('mutation ($g: ID!, $p: ID!) { transferGroupOwnership(groupId: $g, pseudonymId: $p) { myRole } }', { g, p: me.member!.id }, outsider);
    await ok('mutation ($g: ID!) { leaveGroup(groupId: $g) }', { g }, outsider);
    const after = await ok<{ notifications: { unreadCount: number; edges: Array<{ node: { threadId: string } }> } }>(NOTIFS, {}, outsider);
    expect(after.notifications.edges.map((e) => e.node.threadId)).not.toContain(th);
    expect(after.notifications.unreadCount).toBe(before.notifications.unreadCount - 1);
    expect((await t.gql('query ($id: ID!) { thread(id: $id) { id } }', { id: th }, { token: outsider.token })).data).toEqual({ thread: null });
  });

  it('cannot be started in a group the author is not in', async () => {
    const res = await t.gql(CREATE_THREAD, { i: { room: 'general', groupId, title: 'Sneaking in', body: 'x' } }, { token: outsider.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupId', reason: 'not_found' });
    expect(await t.db.thread.count({ where: { title: 'Sneaking in' } })).toBe(0);
  });

  it('is still moderated: a member’s report reaches the moderators, who read the thread', async () => {
    const admin = await t.make.staff(['MODERATOR']);
    await ok('mutation ($p: ID!) { reportPost(postId: $p, reason: "Patient name visible") }', { p: replyId }, member);
    const queue = await ok<{ moderationQueue: { edges: Array<{ node: { post: { id: string } } }> } }>('{ moderationQueue { edges { node { post { id } } } } }', {}, admin);
    expect(queue.moderationQueue.edges.map((e) => e.node.post.id)).toContain(replyId);
    expect((await ok<{ thread: { id: string } | null }>('query ($id: ID!) { thread(id: $id) { id } }', { id: threadId }, admin)).thread).toEqual({ id: threadId });
  });
});

describe('membership', () => {
  it('shows members their pseudonyms and roles only, and the owner the invitations', async () => {
    const seen = await ok<{ group: { myRole: string; members: Array<{ role: string; pseudonym: { id: string; handle: string } }>; invites: unknown[] } }>(GROUP, { g: groupId }, member);
    expect(seen.group.myRole).toBe('MEMBER');
    expect(seen.group.members.map((m) => [m.role, m.pseudonym.handle])).toEqual([['OWNER', me.owner!.handle], ['MEMBER', me.member!.handle]]);
    expect(seen.group.invites).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(member.account.id);
    expect((await ok<{ group: { invites: unknown[] } }>(GROUP, { g: groupId }, owner)).group.invites.length).toBeGreaterThan(0);
  });

  it('stores only the hash of a code; a revoked, used-up or expired code does not join, with one answer', async () => {
    const g = await newGroup(owner, 'Cardiology team');
    const code = await invite(owner, g, { m: 1 });
    expect(JSON.stringify(await t.db.groupInvite.findMany())).not.toContain(code.code);
    const p1 = await t.make.verifiedPhysician();
    const p2 = await t.make.verifiedPhysician();
    expect((await join(p1, code.code)).data?.joinGroup).toMatchObject({ id: g, myRole: 'MEMBER', memberCount: 2 });
    const usedUp = await join(p2, code.code);
    const revoked = await invite(owner, g);
    await ok('mutation ($i: ID!) { revokeGroupInvite(inviteId: $i) }', { i: revoked.invite.id }, owner);
    const afterRevoke = await join(p2, revoked.code);
    const unknown = await join(p2, 'not-a-code');
    for (const res of [usedUp, afterRevoke, unknown]) expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', reason: 'invalid_token' });
    expect(new Set([usedUp, afterRevoke, unknown].map((r) => r.errors?.[0]?.message)).size).toBe(1);
    const past = await t.gql(INVITE, { g, e: '2020-01-01' }, { token: owner.token });
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresOn' });
    const expiring = await invite(owner, g, { e: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) });
    await t.db.groupInvite.update({ where: { id: expiring.invite.id }, data: { expiresOn: new Date('2020-01-01') } });
    expect((await join(p2, expiring.code)).errors?.[0]?.extensions).toMatchObject({ reason: 'invalid_token' });
    expect(await t.db.groupMember.count({ where: { groupId: g } })).toBe(2);
    // Only the owner makes or revokes invitations.
    expect((await t.gql(INVITE, { g }, { token: p1.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql('mutation ($i: ID!) { revokeGroupInvite(inviteId: $i) }', { i: code.invite.id }, { token: p1.token })).errors?.[0]?.extensions).toMatchObject({ field: 'inviteId', reason: 'not_found' });
  });

  it('the owner cannot leave before transferring (unless last), removes members, marks mentors', async () => {
    const g = await newGroup(owner, 'Residents cohort');
    const [a, b] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    const code = (await invite(owner, g)).code;
    await join(a, code);
    await join(b, code);
    const ids = await t.db.groupMember.findMany({ where: { groupId: g, role: 'MEMBER' }, select: { pseudonymId: true } });
    const aId = (await ok<{ me: { pseudonym: { id: string } } }>('{ me { pseudonym { id } } }', {}, a)).me.pseudonym.id;
    const bId = ids.map((x) => x.pseudonymId).find((x) => x !== aId)!;
    const leave = await t.gql('mutation ($g: ID!) { leaveGroup(groupId: $g) }', { g }, { token: owner.token });
    expect(leave.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'last_owner' });
    const mentor = await ok<{ setGroupMentor: { members: Array<{ mentor: boolean; role: string; pseudonym: { id: string } }> } }>(
      'mutation ($g: ID!, $p: ID!) { setGroupMentor(groupId: $g, pseudonymId: $p, mentor: true) { members { mentor role pseudonym { id } } } }', { g, p: aId }, owner);
    expect(mentor.setGroupMentor.members.find((m) => m.pseudonym.id === aId)).toMatchObject({ mentor: true, role: 'MENTOR' });
    // A member may not remove, mark or transfer.
    for (const q of ['removeGroupMember(groupId: $g, pseudonymId: $p)', 'setGroupMentor(groupId: $g, pseudonymId: $p, mentor: false) { id }', 'transferGroupOwnership(groupId: $g, pseudonymId: $p) { id }']) {
      expect((await t.gql(`mutation ($g: ID!, $p: ID!) { ${q} }`, { g, p: bId }, { token: a.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    await ok('mutation ($g: ID!, $p: ID!) { removeGroupMember(groupId: $g, pseudonymId: $p) }', { g, p: bId }, owner);
    expect((await t.gql(GROUP, { g }, { token: b.token })).data).toEqual({ group: null });
    const removedAgain = await t.gql('mutation ($g: ID!, $p: ID!) { removeGroupMember(groupId: $g, pseudonymId: $p) }', { g, p: bId }, { token: owner.token });
    expect(removedAgain.errors?.[0]?.extensions).toMatchObject({ field: 'pseudonymId', reason: 'not_found' });
    const moved = await ok<{ transferGroupOwnership: { myRole: string } }>('mutation ($g: ID!, $p: ID!) { transferGroupOwnership(groupId: $g, pseudonymId: $p) { myRole } }', { g, p: aId }, owner);
    expect(moved.transferGroupOwnership.myRole).toBe('MEMBER');
    expect(await t.db.groupMember.count({ where: { groupId: g, role: 'OWNER' } })).toBe(1);
    await ok('mutation ($g: ID!) { leaveGroup(groupId: $g) }', { g }, owner);
    // The new owner, now alone, may leave.
    await ok('mutation ($g: ID!) { leaveGroup(groupId: $g) }', { g }, a);
    expect(await t.db.groupMember.count({ where: { groupId: g } })).toBe(0);
    expect((await ok<{ myGroups: Array<{ id: string }> }>('{ myGroups { id } }', {}, a)).myGroups.map((x) => x.id)).not.toContain(g);
  });

  it('a removed member can no longer edit their post in the group', async () => {
    const g = await newGroup(owner, 'Edit team');
    const x = await t.make.verifiedPhysician();
    await join(x, (await invite(owner, g)).code);
    const th = (await ok<{ createThread: { id: string } }>(CREATE_THREAD, { i: { room: 'general', groupId: g, title: 'Edits', body: 'first' } }, x)).createThread.id;
    const xId = (await ok<{ me: { pseudonym: { id: string } } }>('{ me { pseudonym { id } } }', {}, x)).me.pseudonym.id;
    await ok('mutation ($g: ID!, $p: ID!) { removeGroupMember(groupId: $g, pseudonymId: $p) }', { g, p: xId }, owner);
    const edit = await t.gql('mutation ($p: ID!) { editPost(postId: $p, body: "changed") { id } }', { p: th }, { token: x.token });
    expect(edit.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'not_found' });
  });
});
