import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { codeAt } from '../domain/second-factor/totp.ts';
import { DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD, seedDemo } from './demo-seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  await seedDemo(t.db, t.env.PSEUDONYM_SECRET, t.env.DATABASE_URL, t.env.SURVEY_KEY_SECRET, t.env, t.services.storage);
}, 60_000);
afterAll(() => t.close());

/**
 * Signs a demo account in; the demo admin with a code of the printed TOTP secret, once: a code
 * is good once per 30-second step, so later tests reuse the admin's session.
 */
const tokens = new Map<string, string>();
async function login(email: string): Promise<string> {
  const known = tokens.get(email);
  if (known) return known;
  const res = await t.gql<{ login: { token: string } }>('mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { token } }', {
    e: email,
    p: DEMO_PASSWORD,
    f: email.startsWith('admin@') ? codeAt(DEMO_ADMIN_TOTP_SECRET) : null,
  });
  tokens.set(email, res.data!.login.token);
  return res.data!.login.token;
}

describe('the discussion demo', () => {
  it('shows dr.martin a living feed with a poll and a case image, and unread notifications', async () => {
    const token = await login('dr.martin@demo.consilium.test');
    const feed = await t.gql<{ feed: { edges: Array<{ node: { room: string; poll: { totalVotes: number } | null; attachments: Array<{ url: string }>; imageAttestation: string | null; replyCount: number } }> } }>(
      '{ feed { edges { node { room replyCount poll { totalVotes } attachments { url } imageAttestation } } } }', {}, { token },
    );
    const nodes = feed.data!.feed.edges.map((e) => e.node);
    expect(new Set(nodes.map((n) => n.room))).toEqual(new Set(['cardiology', 'dermatology', 'general', 'pediatrics']));
    // Every case image comes with its author's attestation; the masked forearm with the patient's consent.
    expect(nodes.filter((n) => n.attachments.length > 0).map((n) => n.imageAttestation).sort()).toEqual(['CONSENT_OBTAINED', 'DEIDENTIFIED']);
    expect(nodes.some((n) => n.poll && n.poll.totalVotes > 0)).toBe(true);
    const url = nodes.flatMap((n) => n.attachments)[0]!.url;
    const image = await t.http(url, { token });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const notifications = await t.gql<{ notifications: { unreadCount: number } }>('{ notifications { unreadCount } }', {}, { token });
    expect(notifications.data!.notifications.unreadCount).toBeGreaterThan(0);
  });

  it('shows dr.martin an open question addressed to the cardiologists of his region', async () => {
    const token = await login('dr.martin@demo.consilium.test');
    const res = await t.gql<{ feed: { edges: Array<{ node: { question: { country: string; region: string | null; status: string } } }> } }>(
      '{ feed(openQuestionsForMySpecialty: true) { edges { node { question { country region status } } } } }', {}, { token },
    );
    expect(res.data!.feed.edges.map((e) => e.node.question)).toContainEqual({ country: 'FR', region: 'Île-de-France', status: 'OPEN' });
  });

  it('shows dr.martin a mention, an edited case with its history, and his bookmarks', async () => {
    const token = await login('dr.martin@demo.consilium.test');
    const notes = await t.gql<{ notifications: { edges: Array<{ node: { kind: string; excerpt: string } }> } }>('{ notifications { edges { node { kind excerpt } } } }', {}, { token });
    expect(notes.data!.notifications.edges.map((e) => e.node.kind)).toContain('MENTION');
    const feed = await t.gql<{ feed: { edges: Array<{ node: { id: string; editedAt: string | null; excerpt: string } }> } }>('{ feed { edges { node { id editedAt excerpt } } } }', {}, { token });
    const edited = feed.data!.feed.edges.map((e) => e.node).filter((n) => n.editedAt);
    expect(edited).toHaveLength(1);
    const history = await t.gql<{ postHistory: { revisions: Array<{ body: string }> } }>('query ($p: ID!) { postHistory(postId: $p) { revisions { body } } }', { p: edited[0]!.id }, { token });
    expect(history.data!.postHistory.revisions).toHaveLength(2);
    expect(history.data!.postHistory.revisions[1]!.body).toContain('Mise à jour');
    const bookmarks = await t.gql<{ feed: { edges: unknown[] } }>('{ feed(bookmarked: true) { edges { node { id } } } }', {}, { token });
    expect(bookmarks.data!.feed.edges).toHaveLength(2);
  });

  it('gives dr.martin a private conversation with dr.dubois, one message unread, beside another', async () => {
    const token = await login('dr.martin@demo.consilium.test');
    const inbox = await t.gql<{ conversations: { unreadCount: number; edges: Array<{ node: { members: unknown[]; lastMessage: { body: string } } }> } }>(
      '{ conversations { unreadCount edges { node { members { handle } lastMessage { body } } } } }', {}, { token });
    expect(inbox.errors).toBeUndefined();
    expect(inbox.data!.conversations.unreadCount).toBe(1);
    expect(inbox.data!.conversations.edges).toHaveLength(2);
    expect(inbox.data!.conversations.edges[0]!.node.members).toHaveLength(2);
  });

  it('gives dr.martin a GLEM with a mentor and a thread with replies, which stays out of the public feed', async () => {
    const token = await login('dr.martin@demo.consilium.test');
    const groups = await t.gql<{ myGroups: Array<{ myRole: string; members: Array<{ mentor: boolean }>; threads: { edges: Array<{ node: { id: string; replyCount: number } }> } }> }>(
      '{ myGroups { myRole members { mentor } threads { edges { node { id replyCount } } } } }', {}, { token });
    expect(groups.errors).toBeUndefined();
    const [glem] = groups.data!.myGroups;
    expect(glem).toMatchObject({ myRole: 'OWNER' });
    expect(glem!.members.filter((m) => m.mentor)).toHaveLength(1);
    expect(glem!.threads.edges.map((e) => e.node.replyCount)).toEqual([3]);
    const feed = await t.gql<{ feed: { edges: Array<{ node: { id: string } }> } }>('{ feed(first: 50) { edges { node { id } } } }', {}, { token });
    expect(feed.data!.feed.edges.map((e) => e.node.id)).not.toContain(glem!.threads.edges[0]!.node.id);
  });

  it('leaves a reported private message, with the two before it, for the moderators', async () => {
    const token = await login('admin@demo.consilium.test');
    const reports = await t.gql<{ messageReports: { edges: Array<{ node: { message: { body: string }; context: unknown[] } }> } }>(
      '{ messageReports { edges { node { message { body } context { body } } } } }', {}, { token });
    expect(reports.errors).toBeUndefined();
    expect(reports.data!.messageReports.edges).toHaveLength(1);
    expect(reports.data!.messageReports.edges[0]!.node.context).toHaveLength(2);
  });

  it('leaves a reported reply in the admin’s moderation queue', async () => {
    const token = await login('admin@demo.consilium.test');
    const queue = await t.gql<{ moderationQueue: { edges: Array<{ node: { reportCount: number } }> } }>('{ moderationQueue { edges { node { reportCount } } } }', {}, { token });
    expect(queue.data!.moderationQueue.edges.map((e) => e.node.reportCount)).toEqual([2]);
  });
});
