/**
 * Following and notification mails (issue #16 point 5): who is notified in the app at each
 * level, what the worker's sweep mails through a real SMTP server on loopback (counts only, the
 * RFC 8058 headers), and one-click unsubscribe.
 */
import { createMailer } from '@consilium/jobs/mail';
import { deliveryOf, notificationMailSweep, type NotificationMailSettings } from '@consilium/jobs/notification-mail';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { startSmtpServer } from '../test/smtp.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let settings: NotificationMailSettings;
let mailer: ReturnType<typeof createMailer>;
let author: Physician, watcher: Physician, muted: Physician, roomWatcher: Physician, replier: Physician;

const SET = 'mutation ($k: FollowTargetKind!, $t: String!, $l: FollowLevel!) { setFollow(targetKind: $k, target: $t, level: $l) }';
const NOTES = '{ notifications(first: 20) { edges { node { kind threadId } } } }';
const TITLE = 'Syncope nocturne chez un plongeur Zanzibar';
const BODY = 'Corps confidentiel du sujet Quetzal';
const REPLY_BODY = 'Réponse confidentielle Xylophone';

async function ok<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await t.gql<T>(query, variables, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}
const kinds = async (p: Physician) => (await ok<{ notifications: { edges: Array<{ node: { kind: string } }> } }>(NOTES, {}, p.token)).notifications.edges.map((e) => e.node.kind);

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  smtp = await startSmtpServer();
  mailer = createMailer({ SMTP_URL: smtp.url, MAIL_FROM: 'Consilium <no-reply@consilium.test>' }, pino({ level: 'silent' }));
  settings = {
    send: (m) => mailer.send(m),
    pseudonymSecret: t.env.PSEUDONYM_SECRET,
    mailTokenSecret: t.env.MAIL_TOKEN_SECRET,
    webUrl: 'https://consilium.test',
    unsubscribeUrl: 'https://api.consilium.test/mail/unsubscribe',
  };
  const made = await Promise.all([1, 2, 3, 4, 5].map(() => t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' })));
  [author, watcher, muted, roomWatcher, replier] = made as [Physician, Physician, Physician, Physician, Physician];
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await t.close();
});

describe('following and notification mails', () => {
  let threadId: string;

  it('notifies watchers of every new post, never a muted pseudonym (not even of a reply to it), and replies as before', async () => {
    await ok('mutation { setMailFrequency(frequency: DAILY) }', {}, author.token);
    await ok('mutation { setMailFrequency(frequency: IMMEDIATE_DAILY) }', {}, watcher.token);
    await ok('mutation { setMailFrequency(frequency: IMMEDIATE_DAILY) }', {}, muted.token);
    await ok(SET, { k: 'ROOM', t: 'cardiology', l: 'WATCHING' }, roomWatcher.token);
    const thread = await postThread(t, author.token, { room: 'cardiology', title: TITLE, body: BODY, tags: ['plongée'] });
    threadId = thread.id;
    expect(await kinds(roomWatcher)).toEqual(['WATCHED_ACTIVITY']);
    expect(await ok(SET, { k: 'THREAD', t: threadId.toUpperCase(), l: 'WATCHING' }, watcher.token)).toEqual({ setFollow: 'WATCHING' });
    await ok(SET, { k: 'THREAD', t: threadId, l: 'MUTED' }, muted.token);
    await ok(SET, { k: 'THREAD', t: threadId, l: 'MUTED' }, roomWatcher.token);
    const mutedPost = await postReply(t, muted.token, threadId, 'First opinion');
    await postReply(t, replier.token, threadId, REPLY_BODY, mutedPost.id);

    expect(await kinds(watcher)).toEqual(['WATCHED_ACTIVITY', 'WATCHED_ACTIVITY']);
    expect(await kinds(author)).toEqual(['REPLY_TO_THREAD', 'REPLY_TO_THREAD']);
    expect(await kinds(muted)).toEqual([]);
    expect(await kinds(roomWatcher)).toEqual(['WATCHED_ACTIVITY']);
    const follows = await ok<{ myFollows: Array<{ targetKind: string; level: string; label: string }> }>('{ myFollows { targetKind target level label } }', {}, roomWatcher.token);
    expect(follows.myFollows.map((f) => [f.targetKind, f.level, f.label])).toEqual([['THREAD', 'MUTED', TITLE], ['ROOM', 'WATCHING', 'cardiology']]);
    expect(await ok(`query ($t: String!) { followLevel(targetKind: THREAD, target: $t) }`, { t: threadId }, watcher.token)).toEqual({ followLevel: 'WATCHING' });
    // NORMAL is no row at all.
    await ok(SET, { k: 'ROOM', t: 'cardiology', l: 'NORMAL' }, roomWatcher.token);
    expect(await t.db.follow.count({ where: { targetKind: 'ROOM' } })).toBe(0);
  });

  it('mails the watcher at once and the author in the daily digest: counts and kinds only, with one-click unsubscribe headers', async () => {
    // A day passes for the author's digest.
    await t.db.account.update({ where: { id: author.account.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    const sent = await notificationMailSweep(t.db, settings);
    expect(sent).toEqual({ immediate: 1, daily: 1, weekly: 0 });
    const immediate = await smtp.next(watcher.account.email);
    expect(immediate.subject).toBe('Consilium : du nouveau à lire');
    expect(immediate.text).toContain('2 nouveaux messages dans ce que vous surveillez');
    const digest = await smtp.next(author.account.email);
    expect(digest.subject).toBe('Consilium : votre résumé du jour');
    expect(digest.text).toContain('2 nouvelles réponses à vos sujets');
    expect(digest.text).toContain('https://consilium.test/notifications');
    const pseudonyms = await t.db.pseudonym.findMany({ select: { id: true, handle: true } });
    for (const mail of [immediate, digest]) {
      expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/api\.consilium\.test\/mail\/unsubscribe\/[0-9a-f-]{36}\.[\w-]+>$/);
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const whole = JSON.stringify(mail);
      for (const secret of [TITLE, 'Zanzibar', 'Quetzal', 'Xylophone', 'First opinion', threadId, 'cardiolog', 'Cardiolog', 'plongée', ...pseudonyms.flatMap((p) => [p.id, p.handle])]) {
        expect(whole).not.toContain(secret);
      }
    }
    // The run moved every IMMEDIATE_DAILY account's instant to one value, mailed or not: it says nothing of anyone's activity.
    const instants = await t.db.account.findMany({ where: { mailFrequency: 'IMMEDIATE_DAILY' }, select: { mailedUpTo: true } });
    expect(instants).toHaveLength(2);
    expect(new Set(instants.map((a) => a.mailedUpTo.getTime())).size).toBe(1);
    // Nothing for the muted pseudonym, nothing twice.
    expect(smtp.received.filter((m) => m.to === muted.account.email)).toEqual([]);
    expect(await notificationMailSweep(t.db, settings)).toEqual({ immediate: 0, daily: 0, weekly: 0 });
  });

  it('turns mails off with a one-click POST of the signed URL, and refuses a bad token', async () => {
    await postReply(t, replier.token, threadId, 'Another one');
    await t.db.account.update({ where: { id: author.account.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    await notificationMailSweep(t.db, settings);
    const digest = await smtp.next(author.account.email);
    const path = new URL(digest.headers['list-unsubscribe']!.slice(1, -1)).pathname;
    const forged = path.replace(/\.[\w-]+$/, '.AAAA');
    const refused = await t.http(forged, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(refused.status).toBe(403);
    expect((await t.db.account.findUniqueOrThrow({ where: { id: author.account.id } })).mailFrequency).toBe('DAILY');
    const otherAccount = path.replace(/[0-9a-f-]{36}/, watcher.account.id);
    expect((await t.http(otherAccount, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(403);
    const res = await t.http(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect((await t.db.account.findUniqueOrThrow({ where: { id: author.account.id } })).mailFrequency).toBe('OFF');
    const opened = await t.http(path, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toMatch(/\/unsubscribe\/[0-9a-f-]{36}\.[\w-]+$/);
    expect(await ok('mutation ($t: String!) { unsubscribeMail(token: $t) }', { t: 'not-a-token' })).toEqual({ unsubscribeMail: false });
    expect((await t.db.account.findUniqueOrThrow({ where: { id: watcher.account.id } })).mailFrequency).toBe('IMMEDIATE_DAILY');
  });

  it('refuses a malformed target naming it, and changes nothing', async () => {
    for (const [k, target] of [['THREAD', 'not-a-uuid'], ['ROOM', 'no-such-room'], ['TAG', 'Not a tag!'], ['THREAD', '6f1c1d1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f']]) {
      const res = await t.gql(SET, { k, t: target, l: 'WATCHING' }, { token: watcher.token });
      expect(res.errors?.[0]?.extensions, `${k} ${target}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target' });
    }
    expect(await t.db.follow.count()).toBe(3);
  });

  it('mails an urgent question at once to an opted-in specialist, a routine one in the digest, naming neither the specialty nor the question', async () => {
    const [gp, specialist] = await Promise.all([
      t.make.verifiedPhysician({ specialty: 'general-practice', country: 'FR' }),
      t.make.verifiedPhysician({ specialty: 'nephrology', country: 'FR' }),
    ]);
    await ok('mutation { setSpecialistAvailability(input: { optedIn: true, timeZone: "Europe/Paris" }) { optedIn } }', {}, specialist.token);
    await ok('mutation { setMailFrequency(frequency: IMMEDIATE_DAILY) }', {}, specialist.token);
    const ASK = 'mutation ($u: QuestionUrgency!, $t: String!) { askSpecialist(input: { specialty: "nephrology", urgency: $u, title: $t, body: "Créatinine Wombat" }) { id } }';
    await ok(ASK, { u: 'URGENT', t: 'Hyperkaliémie Ornithorynque' }, gp.token);
    await ok(ASK, { u: 'ROUTINE', t: 'Suivi Capybara' }, gp.token);
    await notificationMailSweep(t.db, settings);
    const urgent = await smtp.next(specialist.account.email);
    expect(urgent.subject).toBe('Consilium : du nouveau à lire');
    expect(urgent.text).toContain('1 question urgente posée à votre spécialité');
    expect(urgent.text).not.toContain('1 question posée');
    // A day later, the routine one comes in the digest (the urgent one was mailed already).
    await t.db.account.update({ where: { id: specialist.account.id }, data: { digestSentAt: new Date(Date.now() - 25 * 3600_000) } });
    await notificationMailSweep(t.db, settings);
    const digest = await smtp.next(specialist.account.email);
    expect(digest.text).toContain('1 question posée à votre spécialité');
    for (const mail of [urgent, digest]) {
      const whole = JSON.stringify(mail);
      for (const secret of ['Ornithorynque', 'Capybara', 'Wombat', 'nephrolog', 'Néphrolog', 'néphrolog']) expect(whole).not.toContain(secret);
    }
  });

  it('decides delivery in one place', () => {
    expect(deliveryOf({ kind: 'WATCHED_ACTIVITY' }, 'IMMEDIATE_DAILY')).toBe('immediate');
    expect(deliveryOf({ kind: 'REPLY_TO_THREAD' }, 'IMMEDIATE_DAILY')).toBe('digest');
    expect(deliveryOf({ kind: 'WATCHED_ACTIVITY' }, 'WEEKLY')).toBe('digest');
    expect(deliveryOf({ kind: 'MENTION', urgent: true }, 'OFF')).toBe('none');
  });
});
