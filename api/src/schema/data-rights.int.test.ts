import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma, queryRows } from '@consilium/db';
import { pseudonymKey } from '../domain/pseudonyms.ts';
import { codeAt } from '../domain/second-factor/totp.ts';
import { addPasskey, SoftAuthenticator } from '../test/authenticator.ts';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0';
const SAFARI_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const SESSIONS = '{ mySessions { id device openedOn lastUsedOn current } }';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

async function loginFrom(email: string, userAgent: string) {
  const res = await t.gql<{ login: { token: string } }>(LOGIN, { e: email, p: TEST_PASSWORD }, { headers: { 'user-agent': userAgent }, ip: '198.51.100.7' });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.login.token;
}

type Session = { id: string; device: string | null; openedOn: string; lastUsedOn: string; current: boolean };
async function sessionsOf(token: string) {
  const res = await t.gql<{ mySessions: Session[] }>(SESSIONS, {}, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.mySessions;
}

describe('a member\'s sessions', () => {
  it('lists each device with a coarse label and days only, and ends one of them', async () => {
    const { account } = await t.make.physician();
    const phone = await loginFrom(account.email, FIREFOX_ANDROID);
    const laptop = await loginFrom(account.email, SAFARI_MAC);
    const seen = await sessionsOf(laptop);
    const labels = seen.map((s) => s.device);
    expect(labels).toContain('Firefox on Android');
    expect(labels).toContain('Safari on macOS');
    expect(seen.find((s) => s.current)?.device).toBe('Safari on macOS');
    for (const s of seen) {
      expect(s.openedOn).toMatch(/T00:00:00\.000Z$/);
      expect(s.lastUsedOn).toMatch(/T00:00:00\.000Z$/);
    }
    // Only the label is kept: no version, no raw agent, no address, in any column.
    const rows = await queryRows<{ row: string }>(t.db, Prisma.sql`SELECT row_to_json(s)::text AS row FROM session s WHERE account_id = ${account.id}::uuid`);
    for (const { row } of rows) {
      expect(row).not.toMatch(/128\.0|17\.5|Mozilla|198\.51\.100\.7/);
    }

    const phoneSession = seen.find((s) => s.device === 'Firefox on Android')!;
    const ended = await t.gql('mutation ($id: ID!) { endSession(id: $id) }', { id: phoneSession.id }, { token: laptop });
    expect(ended.errors).toBeUndefined();
    expect((await t.gql('{ me { id } }', {}, { token: phone })).data).toEqual({ me: null });
    expect((await sessionsOf(laptop)).map((s) => s.id)).not.toContain(phoneSession.id);
  });

  it('cannot end another member\'s session: it answers as for one that does not exist', async () => {
    const victim = await t.make.physician();
    const [victimSession] = await sessionsOf(victim.token);
    const intruder = await t.make.physician();
    const res = await t.gql('mutation ($id: ID!) { endSession(id: $id) }', { id: victimSession!.id }, { token: intruder.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'not_found' });
    expect((await t.gql('{ me { id } }', {}, { token: victim.token })).data).toEqual({ me: { id: victim.account.id } });
  });
});

/** Every row of every table of the database, as JSON text. */
async function dumpDatabase(): Promise<string[]> {
  const tables = await queryRows<{ name: string }>(t.db, Prisma.sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE '\\_prisma%'`);
  const rows: string[] = [];
  for (const { name } of tables) {
    const found = await queryRows<{ row: string }>(t.db, Prisma.sql`SELECT row_to_json(x)::text AS row FROM ${Prisma.raw(`"${name}"`)} x`);
    rows.push(...found.map((r) => `${name}: ${r.row}`));
  }
  return rows;
}

async function memberWithHistory() {
  const member = await t.make.verifiedPhysician();
  const other = await t.make.verifiedPhysician();
  const thread = await postThread(t, member.token, { title: 'Member thread', body: 'Member opening post' });
  await postReply(t, other.token, thread.id, 'Another member replies');
  const theirs = await postThread(t, other.token, { title: 'Other thread', body: 'Not the member\'s words' });
  const reply = await postReply(t, member.token, theirs.id, 'Member reply');
  const vote = await t.gql('mutation ($id: ID!) { vote(postId: $id, value: 1) }', { id: theirs.id }, { token: member.token });
  expect(vote.errors, JSON.stringify(vote.errors)).toBeUndefined();
  const survey = await t.make.survey({ status: 'CLOSED', specialties: ['cardiology'] });
  await t.db.surveyTokenIssue.create({ data: { surveyId: survey.id, accountId: member.account.id } });
  await t.db.honorariumEntry.create({ data: { accountId: member.account.id, surveyId: survey.id, amountCents: 1500 } });
  return { member, other, thread, reply, theirs, survey };
}

describe('exportMyData', () => {
  it('holds the account, its sessions and honoraria, and the member\'s posts and votes — nothing of others', async () => {
    const { member, other, thread, reply, theirs, survey } = await memberWithHistory();
    const otherHandle = (await t.gql<{ me: { pseudonym: { handle: string } } }>('{ me { pseudonym { handle } } }', {}, { token: other.token })).data!.me.pseudonym.handle;
    const started = await t.gql<{ startConversation: { id: string } }>('mutation ($h: String!) { startConversation(input: { handles: [$h], body: "Member private words" }) { id } }', { h: otherHandle }, { token: member.token });
    await t.gql('mutation ($c: ID!) { sendMessage(conversationId: $c, body: "Other private answer") { id } }', { c: started.data!.startConversation.id }, { token: other.token });
    const res = await t.gql<{ exportMyData: string }>('{ exportMyData }', {}, { token: member.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const data = JSON.parse(res.data!.exportMyData);
    expect(data.account).toMatchObject({ id: member.account.id, email: member.account.email, role: 'PHYSICIAN' });
    expect(data.credential).toMatchObject({ status: 'VERIFIED', specialty: 'cardiology' });
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.honoraria).toEqual([expect.objectContaining({ surveyId: survey.id, amountCents: 1500 })]);
    expect(data.surveysTaken).toEqual([survey.id]);
    const bodies = data.pseudonym.posts.map((p: { body: string }) => p.body).sort();
    expect(bodies).toEqual(['Member opening post', 'Member reply']);
    expect(data.pseudonym.posts.map((p: { id: string }) => p.id).sort()).toEqual([thread.id, reply.id].sort());
    expect(data.pseudonym.threads.map((x: { title: string }) => x.title)).toEqual(['Member thread']);
    expect(data.pseudonym.postVotes).toEqual([{ postId: theirs.id, value: 1 }]);
    expect(data.pseudonym.messages.map((m: { body: string }) => m.body)).toEqual(['Member private words']);
    expect(data.pseudonym.conversations).toEqual([{ conversationId: started.data!.startConversation.id }]);
    expect(res.data!.exportMyData).not.toMatch(/Another member replies|Not the member's words|Other thread|Other private answer/);
    // Computed at request time: the export is not kept anywhere.
    expect((await dumpDatabase()).some((row) => row.includes('consilium-export'))).toBe(false);
  });
});

describe('exportMyData, second factors', () => {
  const today = () => new Date(new Date().toISOString().slice(0, 10)).toISOString();
  const exportOf = async (token: string) => {
    const res = await t.gql<{ exportMyData: string }>('{ exportMyData }', {}, { token });
    expect(res.errors).toBeUndefined();
    return res.data!.exportMyData;
  };

  it('says whether an authenticator app is on (not since when: no time beside a factor), lists passkeys by name and day — never the secret nor a recovery code', async () => {
    const member = await t.make.verifiedPhysician();
    const none = JSON.parse(await exportOf(member.token));
    expect(none.totp).toEqual({ enrolled: false });
    expect(none.passkeys).toEqual([]);

    const started = await t.gql<{ startTotpEnrolment: { secret: string } }>('mutation { startTotpEnrolment { secret } }', {}, { token: member.token });
    const { secret } = started.data!.startTotpEnrolment;
    // Started but not confirmed: not on.
    expect(JSON.parse(await exportOf(member.token)).totp).toEqual({ enrolled: false });
    const confirmed = await t.gql<{ confirmTotpEnrolment: string[] }>('mutation ($c: String!) { confirmTotpEnrolment(code: $c) }', { c: codeAt(secret, Date.now()) }, { token: member.token });
    const recoveryCodes = confirmed.data!.confirmTotpEnrolment;
    expect(recoveryCodes).toHaveLength(10);
    await addPasskey(t.gql, member.token, new SoftAuthenticator(), 'Cabinet laptop');

    const text = await exportOf(member.token);
    const data = JSON.parse(text);
    expect(data.totp).toEqual({ enrolled: true });
    expect(data.passkeys.map((p: { name: string; createdOn: string; lastUsedOn: string | null }) => [p.name, p.createdOn, p.lastUsedOn])).toEqual([['Cabinet laptop', today(), null]]);
    // What would hand the reader the factor itself is not in it, in any form.
    const sealed = await t.db.totpFactor.findUniqueOrThrow({ where: { accountId: member.account.id } });
    const hashes = await t.db.recoveryCode.findMany({ where: { accountId: member.account.id } });
    for (const secretForm of [secret, secret.toLowerCase(), Buffer.from(sealed.sealedSecret).toString('base64'), Buffer.from(sealed.sealedSecret).toString('hex')]) {
      expect(text).not.toContain(secretForm);
    }
    for (const code of recoveryCodes) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(code.replace('-', ''));
    }
    for (const h of hashes) expect(text).not.toContain(Buffer.from(h.codeHash).toString('hex'));
    expect(text).not.toMatch(/sealed|codeHash|recovery/i);
  });
});

describe('deleteMyAccount', () => {
  it('refuses a wrong password and changes nothing', async () => {
    const { member } = await memberWithHistory();
    const res = await t.gql('mutation { deleteMyAccount(password: "not-my-password-at-all") }', {}, { token: member.token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(await t.db.account.count({ where: { id: member.account.id } })).toBe(1);
    expect(await t.db.pseudonym.count({ where: { key: pseudonymKey(t.env.PSEUDONYM_SECRET, member.account.id) } })).toBe(1);
  });

  it('leaves no row naming the account, no way to compute the pseudonym key, and the posts in place', async () => {
    const { member, other, thread, reply, survey } = await memberWithHistory();
    const licence = (await t.db.credential.findUniqueOrThrow({ where: { accountId: member.account.id } })).licenseClaim!;
    const pseudonymId = (await t.db.pseudonym.findUniqueOrThrow({ where: { key: pseudonymKey(t.env.PSEUDONYM_SECRET, member.account.id) } })).id;

    const res = await t.gql('mutation ($p: String!) { deleteMyAccount(password: $p) }', { p: TEST_PASSWORD }, { token: member.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();

    // Sessions end.
    expect((await t.gql('{ me { id } }', {}, { token: member.token })).data).toEqual({ me: null });
    const dump = await dumpDatabase();
    const naming = dump.filter((row) => row.includes(member.account.id) || row.toLowerCase().includes(member.account.email.toLowerCase()));
    expect(naming).toEqual([]);
    // The licence claim is freed: no credential holds it any more.
    expect(await t.db.credential.count({ where: { licenseClaim: licence } })).toBe(0);
    // Posts remain, under the same pseudonym, readable by others.
    const read = await t.gql<{ thread: { body: string; author: { id: string } } }>('query ($id: ID!) { thread(id: $id) { body author { id } } }', { id: thread.id }, { token: other.token });
    expect(read.data?.thread).toEqual({ body: 'Member opening post', author: { id: pseudonymId } });
    expect(await t.db.post.count({ where: { id: { in: [thread.id, reply.id] }, authorId: pseudonymId } })).toBe(2);
    // The attack: the HMAC of every id stored anywhere, with the secret, finds no pseudonym.
    const ids = new Set(dump.join('\n').match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g));
    const keys = (await t.db.pseudonym.findMany({ select: { id: true, key: true } })).filter((p) => p.id === pseudonymId);
    const reproduced = [...ids].filter((id) => Buffer.from(pseudonymKey(t.env.PSEUDONYM_SECRET, id)).equals(Buffer.from(keys[0]!.key)));
    expect(reproduced).toEqual([]);
    // The ledger is kept, without the e-mail, under a stand-in that names no one.
    const ledger = await t.db.honorariumEntry.findMany({ where: { surveyId: survey.id }, select: { amountCents: true, account: { select: { email: true } } } });
    expect(ledger).toEqual([{ amountCents: 1500, account: { email: expect.stringMatching(/^deleted-[0-9a-f]{32}@deleted\.invalid$/) } }]);
    // The e-mail is free again: the person can register anew, as someone new.
    const again = await t.gql<{ login: { token: string } }>(LOGIN, { e: member.account.email, p: TEST_PASSWORD });
    expect(again.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
