/**
 * Following a peer group and a question (issue #16 point 5): who of a group's members is notified
 * at each level, that only members can follow a group and that leaving or removal stops its
 * notifications; the asker watching their question and the "answers to your question" mail; and
 * who takes a group over when its owner's account is deleted (docs/groups.md).
 */
import { createMailer } from '@consilium/jobs/mail';
import { notificationMailSweep } from '@consilium/jobs/notification-mail';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';
import { startSmtpServer } from '../test/smtp.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let mailer: ReturnType<typeof createMailer>;

const SET = 'mutation ($k: FollowTargetKind!, $t: String!, $l: FollowLevel!) { setFollow(targetKind: $k, target: $t, level: $l) }';
const LEVEL = 'query ($k: FollowTargetKind!, $t: String!) { followLevel(targetKind: $k, target: $t) }';
const FOLLOWS = '{ myFollows { targetKind target level label question } }';
const NOTES = '{ notifications(first: 50) { edges { node { kind threadId } } } }';
const ASK = 'mutation ($i: AskSpecialistInput!) { askSpecialist(input: $i) { id } }';

async function ok<T>(query: string, variables: Record<string, unknown>, who: { token: string }): Promise<T> {
  const res = await t.gql<T>(query, variables, { token: who.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}
const physician = () => t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
const pseudonymOf = async (p: Physician) => (await ok<{ me: { pseudonym: { id: string; handle: string } } }>('{ me { pseudonym { id handle } } }', {}, p)).me.pseudonym;
/** The kinds of the viewer's notifications about one thread, oldest first. */
async function notified(p: Physician, threadId: string) {
  const { notifications } = await ok<{ notifications: { edges: Array<{ node: { kind: string; threadId: string } }> } }>(NOTES, {}, p);
  return notifications.edges.map((e) => e.node).filter((n) => n.threadId === threadId).map((n) => n.kind).reverse();
}
async function newGroup(owner: Physician, ...members: Physician[]) {
  const { createGroup } = await ok<{ createGroup: { id: string } }>('mutation { createGroup(input: { name: "GLEM Nantes Nord", kind: GLEM }) { id } }', {}, owner);
  const { createGroupInvite } = await ok<{ createGroupInvite: { code: string } }>('mutation ($g: ID!) { createGroupInvite(groupId: $g) { code } }', { g: createGroup.id }, owner);
  for (const m of members) await ok('mutation ($c: String!) { joinGroup(code: $c) { id } }', { c: createGroupInvite.code }, m);
  return { id: createGroup.id, code: createGroupInvite.code };
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  smtp = await startSmtpServer();
  mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'Consilium <no-reply@consilium.test>' }, pino({ level: 'silent' }));
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
});

describe('following a group', () => {
  let owner: Physician, watcher: Physician, normal: Physician, muted: Physician, outsider: Physician;
  let group: { id: string; code: string };

  beforeAll(async () => {
    [owner, watcher, normal, muted, outsider] = await Promise.all([physician(), physician(), physician(), physician(), physician()]);
    group = await newGroup(owner, watcher, normal, muted);
  });

  it('notifies a watching member of every new thread and reply, a normal one of replies to them only, a muted one of nothing — not even a mention', async () => {
    expect(await ok(SET, { k: 'GROUP', t: group.id.toUpperCase(), l: 'WATCHING' }, watcher)).toEqual({ setFollow: 'WATCHING' });
    await ok(SET, { k: 'GROUP', t: group.id, l: 'MUTED' }, muted);
    // A watched public room does not override a muted group: the group is the narrower choice.
    await ok(SET, { k: 'ROOM', t: 'cardiology', l: 'WATCHING' }, muted);
    const mutedHandle = (await pseudonymOf(muted)).handle;
    const thread = await postThread(t, owner.token, { room: 'cardiology', groupId: group.id, title: 'Our team’s syncope case', body: `What do you think, @${mutedHandle}?` });
    const normalPost = await postReply(t, normal.token, thread.id, 'I would do a tilt test.');
    await postReply(t, owner.token, thread.id, 'Agreed.', normalPost.id);
    await postReply(t, muted.token, thread.id, 'Muted but still writing.');
    await postReply(t, owner.token, thread.id, 'Thanks.', (await t.db.post.findFirstOrThrow({ where: { threadId: thread.id, body: 'Muted but still writing.' } })).id);

    expect(await notified(watcher, thread.id)).toEqual(['WATCHED_ACTIVITY', 'WATCHED_ACTIVITY', 'WATCHED_ACTIVITY', 'WATCHED_ACTIVITY', 'WATCHED_ACTIVITY']);
    expect(await notified(normal, thread.id)).toEqual(['REPLY_TO_POST']);
    expect(await notified(muted, thread.id)).toEqual([]);
    expect(await ok(LEVEL, { k: 'GROUP', t: group.id }, watcher)).toEqual({ followLevel: 'WATCHING' });
    // A thread's own level still wins over the group's.
    await ok(SET, { k: 'THREAD', t: thread.id, l: 'MUTED' }, watcher);
    await postReply(t, normal.token, thread.id, 'One more thought.');
    expect(await notified(watcher, thread.id)).toHaveLength(5);
    await ok(SET, { k: 'ROOM', t: 'cardiology', l: 'NORMAL' }, muted);
  });

  it('lists the group by name among the member’s follows, and hands both over in the member’s data export', async () => {
    const { myFollows } = await ok<{ myFollows: Array<{ targetKind: string; target: string; level: string; label: string }> }>(FOLLOWS, {}, watcher);
    expect(myFollows.filter((f) => f.targetKind === 'GROUP')).toEqual([{ targetKind: 'GROUP', target: group.id, level: 'WATCHING', label: 'GLEM Nantes Nord', question: false }]);
    const exported = JSON.parse((await ok<{ exportMyData: string }>('{ exportMyData }', {}, watcher)).exportMyData);
    expect(exported.pseudonym.groups).toEqual([{ groupId: group.id, role: 'MEMBER' }]);
    expect(exported.pseudonym.follows).toContainEqual({ targetKind: 'GROUP', target: group.id, level: 'WATCHING' });
  });

  it('lets no non-member follow a group or its thread: the same answer as for a group or thread that does not exist', async () => {
    const thread = await postThread(t, owner.token, { groupId: group.id, title: 'Members only', body: 'Shh.' });
    for (const [kind, real] of [['GROUP', group.id], ['THREAD', thread.id]] as const) {
      for (const level of ['WATCHING', 'MUTED', 'NORMAL']) {
        const theirs = await t.gql(SET, { k: kind, t: real, l: level }, { token: outsider.token });
        const missing = await t.gql(SET, { k: kind, t: randomUUID(), l: level }, { token: outsider.token });
        expect(theirs.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target', reason: 'not_found' });
        expect(theirs).toEqual(missing);
      }
    }
    for (const malformed of ['not-a-uuid', '', `${group.id}0`, "' OR 1=1 --"]) {
      expect(await t.gql(SET, { k: 'GROUP', t: malformed, l: 'WATCHING' }, { token: watcher.token }), malformed).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', field: 'target' } }] });
    }
    expect(await t.db.follow.count({ where: { target: { in: [group.id, thread.id] }, pseudonymId: (await pseudonymOf(outsider)).id } })).toBe(0);
  });

  it('stops notifying a member who is removed or leaves, and drops their follows of the group and its threads', async () => {
    const leaver = await physician();
    const { createGroupInvite } = await ok<{ createGroupInvite: { code: string } }>('mutation ($g: ID!) { createGroupInvite(groupId: $g) { code } }', { g: group.id }, owner);
    await ok('mutation ($c: String!) { joinGroup(code: $c) { id } }', { c: createGroupInvite.code }, leaver);
    const before = await postThread(t, owner.token, { groupId: group.id, title: 'Before they go', body: 'Still here?' });
    for (const p of [normal, leaver]) {
      await ok(SET, { k: 'GROUP', t: group.id, l: 'WATCHING' }, p);
      await ok(SET, { k: 'THREAD', t: before.id, l: 'WATCHING' }, p);
    }
    await postReply(t, owner.token, before.id, 'Yes.');
    expect(await notified(normal, before.id)).toEqual(['WATCHED_ACTIVITY']);

    await ok('mutation ($g: ID!, $p: ID!) { removeGroupMember(groupId: $g, pseudonymId: $p) }', { g: group.id, p: (await pseudonymOf(normal)).id }, owner);
    await ok('mutation ($g: ID!) { leaveGroup(groupId: $g) }', { g: group.id }, leaver);
    const ids = await Promise.all([normal, leaver].map(async (p) => (await pseudonymOf(p)).id));
    expect(await t.db.follow.count({ where: { pseudonymId: { in: ids } } })).toBe(0);
    // What would have notified them notifies the watcher only.
    const after = await postThread(t, owner.token, { groupId: group.id, title: 'After they left', body: 'New case.' });
    await postReply(t, owner.token, before.id, 'Another reply.');
    expect(await notified(watcher, after.id)).toEqual(['WATCHED_ACTIVITY']);
    for (const p of [normal, leaver]) {
      expect(await notified(p, after.id)).toEqual([]);
      expect(await notified(p, before.id)).toEqual([]);
      expect((await ok<{ myFollows: unknown[] }>(FOLLOWS, {}, p)).myFollows).toEqual([]);
    }
  });

  it('notifies no former member through a follow left behind (the one membership rule of the fan-out)', async () => {
    const ghost = await physician();
    const { createGroupInvite } = await ok<{ createGroupInvite: { code: string } }>('mutation ($g: ID!) { createGroupInvite(groupId: $g) { code } }', { g: group.id }, owner);
    await ok('mutation ($c: String!) { joinGroup(code: $c) { id } }', { c: createGroupInvite.code }, ghost);
    const ghostId = (await pseudonymOf(ghost)).id;
    // A follow row written behind the API's back, after the membership went.
    await t.db.groupMember.delete({ where: { groupId_pseudonymId: { groupId: group.id, pseudonymId: ghostId } } });
    await t.db.follow.create({ data: { pseudonymId: ghostId, targetKind: 'GROUP', target: group.id, level: 'WATCHING' } });
    const thread = await postThread(t, owner.token, { groupId: group.id, title: 'Who hears this?', body: 'Members.' });
    expect(await notified(watcher, thread.id)).toEqual(['WATCHED_ACTIVITY']);
    expect(await t.db.notification.count({ where: { recipientId: ghostId } })).toBe(0);
  });
});

describe('following a question', () => {
  it('makes the asker watch their question, tells them of each answer as such, and mails "N new answers to your question" with no content', async () => {
    const [asker, cardiologist, follower] = await Promise.all([physician(), physician(), physician()]);
    await ok('mutation { setMailFrequency(frequency: DAILY) }', {}, asker);
    const TITLE = 'Brugada pattern Quokka after fever';
    const { askSpecialist: q } = await ok<{ askSpecialist: { id: string } }>(ASK, { i: { specialty: 'cardiology', urgency: 'ROUTINE', title: TITLE, body: 'Body Wombat: what next?' } }, asker);
    expect(await ok(LEVEL, { k: 'THREAD', t: q.id }, asker)).toEqual({ followLevel: 'WATCHING' });
    const { myFollows } = await ok<{ myFollows: Array<Record<string, unknown>> }>(FOLLOWS, {}, asker);
    expect(myFollows).toEqual([{ targetKind: 'THREAD', target: q.id, level: 'WATCHING', label: TITLE, question: true }]);
    // Anyone who may read it follows the question as its thread.
    await ok(SET, { k: 'THREAD', t: q.id, l: 'WATCHING' }, follower);

    const first = await postReply(t, cardiologist.token, q.id, 'Answer Platypus: repeat the ECG.');
    await postReply(t, follower.token, q.id, 'Answer Echidna: ajmaline test?', first.id);
    expect(await notified(asker, q.id)).toEqual(['ANSWER_TO_QUESTION', 'ANSWER_TO_QUESTION']);
    expect(await notified(follower, q.id)).toEqual(['WATCHED_ACTIVITY']);

    await t.db.account.update({ where: { id: asker.account.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    await notificationMailSweep(t.db, {
      send: (m) => mailer.send(m),
      pseudonymSecret: t.env.PSEUDONYM_SECRET,
      mailTokenSecret: t.env.MAIL_TOKEN_SECRET,
      webUrl: 'https://consilium.test',
      unsubscribeUrl: 'https://api.consilium.test/mail/unsubscribe',
    });
    const digest = await smtp.next(asker.account.email);
    expect(digest.text).toContain('2 nouvelles réponses à votre question');
    const handles = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    const whole = JSON.stringify(digest);
    for (const secret of [TITLE, 'Quokka', 'Wombat', 'Platypus', 'Echidna', q.id, 'cardiolog', ...handles.flatMap((p) => [p.id, p.handle])]) expect(whole).not.toContain(secret);

    // The asker may lower it: muted, the answers stop.
    await ok(SET, { k: 'THREAD', t: q.id, l: 'MUTED' }, asker);
    await postReply(t, cardiologist.token, q.id, 'A third answer.');
    expect(await notified(asker, q.id)).toHaveLength(2);
  });
});

describe('deleting the account of a group’s owner', () => {
  const roleOf = async (groupId: string, p: Physician) =>
    (await ok<{ group: { myRole: string } | null }>('query ($g: ID!) { group(id: $g) { myRole } }', { g: groupId }, p)).group?.myRole ?? null;
  const deleteAccount = (p: Physician) => ok('mutation ($p: String!) { deleteMyAccount(password: $p) }', { p: TEST_PASSWORD }, p);

  it('passes the group to its mentor, even one who joined after other members', async () => {
    const [owner, early, mentor] = [await physician(), await physician(), await physician()];
    const group = await newGroup(owner, early, mentor);
    await ok('mutation ($g: ID!, $p: ID!) { setGroupMentor(groupId: $g, pseudonymId: $p, mentor: true) { id } }', { g: group.id, p: (await pseudonymOf(mentor)).id }, owner);
    const ownerId = (await pseudonymOf(owner)).id;
    await deleteAccount(owner);
    expect(await roleOf(group.id, mentor)).toBe('OWNER');
    expect(await roleOf(group.id, early)).toBe('MEMBER');
    expect(await t.db.groupMember.count({ where: { pseudonymId: ownerId } })).toBe(0);
    // The new owner runs the group.
    expect((await t.gql('mutation ($g: ID!) { createGroupInvite(groupId: $g) { code } }', { g: group.id }, { token: mentor.token })).errors).toBeUndefined();
  });

  it('passes the group to the longest-standing member when there is no mentor', async () => {
    const [owner, first, second, third] = [await physician(), await physician(), await physician(), await physician()];
    // Joined in this order: first, second, third (whatever their pseudonym ids).
    const group = await newGroup(owner, first, second, third);
    await deleteAccount(owner);
    expect(await Promise.all([first, second, third].map((p) => roleOf(group.id, p)))).toEqual(['OWNER', 'MEMBER', 'MEMBER']);
    expect(await t.db.groupMember.count({ where: { groupId: group.id, role: 'OWNER' } })).toBe(1);
  });

  it('archives a group left with no member: its invitations no longer let anyone in', async () => {
    const [owner, latecomer] = [await physician(), await physician()];
    const group = await newGroup(owner);
    const thread = await postThread(t, owner.token, { groupId: group.id, title: 'Alone here', body: 'Notes to self.' });
    await deleteAccount(owner);
    expect(await t.db.groupMember.count({ where: { groupId: group.id } })).toBe(0);
    expect(await t.db.groupInvite.count({ where: { groupId: group.id, revoked: false } })).toBe(0);
    const join = await t.gql('mutation ($c: String!) { joinGroup(code: $c) { id } }', { c: group.code }, { token: latecomer.token });
    expect(join.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'invalid_token' });
    expect((await ok<{ thread: unknown }>('query ($id: ID!) { thread(id: $id) { id } }', { id: thread.id }, latecomer)).thread).toBeNull();
  });
});
