/**
 * Private messages between pseudonyms, through the API as physicians use them: conversations,
 * unread counts, blocking, reporting to a moderator who sees only a window of the conversation,
 * and the messages' rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let alice: Physician;
let bob: Physician;
let carol: Physician;
let dave: Physician;
const handle: Record<string, string> = {};
const pseudonymId: Record<string, string> = {};
/** SQL statements sent while `counting` is on. */
let counting = false;
let statements = 0;

const START = 'mutation ($h: [String!]!, $b: String!) { startConversation(input: { handles: $h, body: $b }) { id members { handle } unreadCount } }';
const SEND = 'mutation ($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { id seq day mine body } }';
const INBOX = '{ conversations(first: 20) { unreadCount edges { node { id unreadCount members { handle } lastMessage { body author { handle } } } } } }';
const READ = 'query ($id: ID!, $after: String) { conversation(id: $id) { id messages(first: 2, after: $after) { edges { node { seq body mine day author { handle } } } pageInfo { hasNextPage endCursor } } } }';
const MARK = 'mutation ($c: ID!) { markConversationRead(conversationId: $c) }';
const BLOCK = 'mutation ($p: ID!, $on: Boolean!) { setPseudonymBlocked(pseudonymId: $p, blocked: $on) }';
const UNREAD = '{ unreadMessageCount }';

async function ok<T>(query: string, variables: Record<string, unknown>, who: Physician | { token: string }): Promise<T> {
  const res = await t.gql<T>(query, variables, { token: who.token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}
const start = async (from: Physician, to: string[], body: string) => (await ok<{ startConversation: { id: string } }>(START, { h: to, b: body }, from)).startConversation.id;
const send = (from: Physician, c: string, body: string) => t.gql<{ sendMessage: { id: string; seq: number; day: string } }>(SEND, { c, b: body }, { token: from.token });
const unread = async (p: Physician) => (await ok<{ unreadMessageCount: number }>(UNREAD, {}, p)).unreadMessageCount;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '1' }, { onQuery: () => void (counting && statements++) });
  [alice, bob, carol, dave] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician(), await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
  for (const [name, p] of Object.entries({ alice, bob, carol, dave })) {
    const me = await ok<{ me: { pseudonym: { id: string; handle: string } } }>('{ me { pseudonym { id handle } } }', {}, p);
    handle[name] = me.me.pseudonym.handle;
    pseudonymId[name] = me.me.pseudonym.id;
  }
});
afterAll(() => t.close());

describe('conversations', () => {
  it('delivers a message with an unread count, pages newest first, and marks read', async () => {
    const c = await start(alice, [handle.bob!], 'Do you have a minute about a **case**?');
    for (const body of ['Sure', 'Go ahead']) expect((await send(bob, c, body)).errors).toBeUndefined();
    const sent = await send(alice, c, 'Thanks! A 70-year-old with…');
    expect(sent.data!.sendMessage).toMatchObject({ seq: 4, mine: true, day: new Date().toISOString().slice(0, 10) });

    // Bob's own messages count as read: only Alice's last one is new to him.
    expect(await unread(bob)).toBe(1);
    const inbox = await ok<{ conversations: { unreadCount: number; edges: Array<{ node: { id: string; unreadCount: number; lastMessage: { body: string; author: { handle: string } } } }> } }>(INBOX, {}, bob);
    expect(inbox.conversations.unreadCount).toBe(1);
    expect(inbox.conversations.edges[0]!.node).toMatchObject({ id: c, unreadCount: 1, lastMessage: { body: 'Thanks! A 70-year-old with…', author: { handle: handle.alice } } });

    const first = await ok<{ conversation: { messages: { edges: Array<{ node: { seq: number; mine: boolean } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(READ, { id: c }, bob);
    expect(first.conversation.messages.edges.map((e) => [e.node.seq, e.node.mine])).toEqual([[4, false], [3, true]]);
    const older = await ok<typeof first>(READ, { id: c, after: first.conversation.messages.pageInfo.endCursor }, bob);
    expect(older.conversation.messages.edges.map((e) => e.node.seq)).toEqual([2, 1]);
    expect(older.conversation.messages.pageInfo.hasNextPage).toBe(false);

    expect((await ok<{ markConversationRead: number }>(MARK, { c }, bob)).markConversationRead).toBe(0);
    expect(await unread(bob)).toBe(0);
    // Starting again with the same one person continues the same conversation.
    expect(await start(bob, [handle.alice!], 'One more thing')).toBe(c);
  });

  it('lists the conversation with the latest message first, and a group holds its members', async () => {
    const group = await start(carol, [handle.alice!, handle.dave!], 'Journal club on Friday?');
    const older = await start(alice, [handle.dave!], 'Hello Dave');
    let inbox = await ok<{ conversations: { edges: Array<{ node: { id: string; members: Array<{ handle: string }> } }> } }>(INBOX, {}, alice);
    expect(inbox.conversations.edges.slice(0, 2).map((e) => e.node.id)).toEqual([older, group]);
    expect(inbox.conversations.edges[1]!.node.members.map((m) => m.handle).sort()).toEqual([handle.alice, handle.carol, handle.dave].sort());
    expect((await send(dave, group, 'Count me in')).errors).toBeUndefined();
    inbox = await ok(INBOX, {}, alice);
    expect(inbox.conversations.edges[0]!.node.id).toBe(group);
  });

  it('is invisible to a non-member, who can neither read nor write nor report in it', async () => {
    const c = await start(bob, [handle.dave!], 'Just between us');
    expect((await ok<{ conversation: null }>(READ, { id: c }, carol)).conversation).toBeNull();
    const res = await send(carol, c, 'Let me in');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'conversationId' });
    const message = (await ok<{ conversation: { messages: { edges: Array<{ node: { seq: number } }> } } }>(READ, { id: c }, bob)).conversation.messages.edges;
    expect(message).toHaveLength(1);
    expect(await t.db.message.count({ where: { conversationId: c } })).toBe(1);
  });

  it('refuses bad input naming the field, and leaves nothing behind', async () => {
    const before = await t.db.conversation.count();
    for (const [handles, body, field] of [[['No-Such-Handle-1'], 'Hi', 'handles'], [[handle.alice!], 'Hi', 'handles'], [[handle.bob!], '   ', 'body'], [[handle.bob!], 'x'.repeat(5001), 'body'], [Array.from({ length: 8 }, (_, i) => `H-${i}`), 'Hi', 'handles']] as const) {
      const res = await t.gql(START, { h: handles, b: body }, { token: alice.token });
      expect(res.errors?.[0]?.extensions, `${field}: ${JSON.stringify(res.errors)}`).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(String(res.errors?.[0]?.extensions?.field)).toContain(field);
    }
    expect(await t.db.conversation.count()).toBe(before);
  });
});

describe('the inbox’s cost', () => {
  it('follows the page, not the number of conversations: the same statements for 2 as for 9', async () => {
    const [reader, ...others] = await Promise.all(Array.from({ length: 10 }, () => t.make.verifiedPhysician()));
    const handles = await Promise.all(others.map(async (p) => (await ok<{ me: { pseudonym: { handle: string } } }>('{ me { pseudonym { handle } } }', {}, p)).me.pseudonym.handle));
    const INBOX_PAGE = '{ conversations(first: 20) { unreadCount edges { node { id unreadCount blockedMemberIds members { handle } lastMessage { body mine author { handle } } } } } }';
    const count = async () => {
      [counting, statements] = [true, 0];
      const inbox = await ok<{ conversations: { edges: unknown[] } }>(INBOX_PAGE, {}, reader!);
      counting = false;
      return { rows: inbox.conversations.edges.length, statements };
    };
    for (const h of handles.slice(0, 2)) await start(reader!, [h], 'Hello');
    const few = await count();
    for (const h of handles.slice(2)) await start(reader!, [h], 'Hello');
    const many = await count();
    expect([few.rows, many.rows]).toEqual([2, 9]);
    expect(many.statements).toBe(few.statements);
  });
});

describe('blocking', () => {
  it('stops a blocked pseudonym starting a conversation or sending, without naming who blocked in a group, until unblocked', async () => {
    const pair = await start(dave, [handle.bob!], 'Hi Bob');
    const group = await start(dave, [handle.bob!, handle.carol!], 'Hi both');
    expect((await ok<{ setPseudonymBlocked: boolean }>(BLOCK, { p: pseudonymId.dave, on: true }, bob)).setPseudonymBlocked).toBe(true);
    const count = await t.db.message.count();

    const refused = [await send(dave, pair, 'Hello?'), await send(dave, group, 'Anyone?'), await t.gql(START, { h: [handle.bob], b: 'New one' }, { token: dave.token })];
    for (const res of refused) {
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'blocked' });
      expect(res.errors?.[0]?.message).not.toContain(handle.bob);
    }
    expect(await t.db.message.count()).toBe(count);
    // Others in the group still talk, and the one who blocked still writes.
    expect((await send(carol, group, 'I am here')).errors).toBeUndefined();
    expect((await send(bob, group, 'Me too')).errors).toBeUndefined();
    const blocked = await ok<{ conversation: { blockedMemberIds: string[] } }>('query ($id: ID!) { conversation(id: $id) { blockedMemberIds } }', { id: group }, bob);
    expect(blocked.conversation.blockedMemberIds).toEqual([pseudonymId.dave]);

    await ok(BLOCK, { p: pseudonymId.dave, on: false }, bob);
    expect((await send(dave, pair, 'Hello again')).errors).toBeUndefined();
  });
});

describe('reporting a message', () => {
  it('shows the moderator the reported message and the two before it, nothing else, and never the reporter', async () => {
    const c = await start(alice, [handle.carol!], 'm1');
    const ids: string[] = [];
    for (const body of ['m2', 'm3', 'm4', 'm5 (offensive)', 'm6']) ids.push((await send(body === 'm4' || body === 'm6' ? alice : carol, c, body)).data!.sendMessage.id);
    expect((await t.gql('mutation ($m: ID!) { reportMessage(messageId: $m, reason: "Insulting a colleague") }', { m: ids[3] }, { token: alice.token })).errors).toBeUndefined();
    const outsider = await t.gql('mutation ($m: ID!) { reportMessage(messageId: $m, reason: "Not mine to report") }', { m: ids[3] }, { token: dave.token });
    expect(outsider.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'messageId' });

    const moderator = await t.make.staff(['MODERATOR']);
    const queue = await t.gql<{ messageReports: { edges: Array<{ node: { id: string; reason: string; message: { body: string; author: { handle: string } }; context: Array<{ body: string }> } }> } }>(
      '{ messageReports { edges { node { id reason message { body author { handle } } context { body } } } } }', {}, { token: moderator.token });
    expect(queue.errors).toBeUndefined();
    const [item] = queue.data!.messageReports.edges.map((e) => e.node);
    expect(item).toMatchObject({ reason: 'Insulting a colleague', message: { body: 'm5 (offensive)', author: { handle: handle.carol } } });
    expect(item!.context.map((m) => m.body)).toEqual(['m3', 'm4']);
    expect(JSON.stringify(queue.data)).not.toContain(handle.alice);
    // The moderator cannot open the conversation itself.
    expect((await t.gql<{ conversation: null }>(READ, { id: c }, { token: moderator.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await t.gql('mutation ($r: ID!) { resolveMessageReport(reportId: $r, reason: "Author warned") }', { r: item!.id }, { token: moderator.token })).errors).toBeUndefined();
    expect((await t.gql<{ messageReports: { edges: unknown[] } }>('{ messageReports { edges { node { id } } } }', {}, { token: moderator.token })).data!.messageReports.edges).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('stops a pseudonym sending more than 60 messages in ten minutes, with RATE_LIMITED', async () => {
    const [sender, other] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    const otherHandle = (await ok<{ me: { pseudonym: { handle: string } } }>('{ me { pseudonym { handle } } }', {}, other)).me.pseudonym.handle;
    const c = await start(sender, [otherHandle], 'first');
    let refused: string | undefined;
    for (let i = 0; i < 61 && !refused; i++) refused = (await send(sender, c, `message ${i}`)).errors?.[0]?.extensions?.code as string | undefined;
    expect(refused).toBe('RATE_LIMITED');
    expect(await t.db.message.count({ where: { conversationId: c } })).toBe(60);
  });
});
