/**
 * Reading the database as a thief would: with every table that a pseudonym (and later a post,
 * vote or answer) touches dumped in full, nothing in it names an account, an e-mail, a person's
 * name or a licence number. And no API path leads from a pseudonym to an account.
 */
import { createHmac } from 'node:crypto';
import { getNamedType, isObjectType, type GraphQLNamedType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymKey } from './domain/pseudonyms.ts';
import { codeAt } from './domain/second-factor/totp.ts';
import { schema } from './schema/index.ts';
import { postReply, postThread } from './test/discussion.ts';
import { createTestApp, type TestApp } from './test/harness.ts';

/** Tables that hold pseudonymous data. Issues that add posts, votes or answers add theirs here. */
const PSEUDONYMOUS_TABLES = ['pseudonym', 'thread', 'post', 'post_vote', 'poll', 'poll_option', 'poll_vote', 'post_report', 'notification', 'attachment',
  'conversation', 'conversation_member', 'message', 'pseudonym_block', 'message_report', 'follow'];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function dump(table: string): Promise<string> {
  const rows = await t.db.$queryRawUnsafe<Array<{ row: unknown }>>(`SELECT row_to_json(x)::text AS row FROM "${table}" x`);
  return rows.map((r) => String(r.row)).join('\n').toLowerCase();
}

describe('anonymity of pseudonyms', () => {
  it('leaves nothing identifying in the pseudonymous tables', async () => {
    const physicians = [];
    for (const specialty of ['cardiology', 'pediatrics', 'general-practice']) {
      physicians.push(await t.make.verifiedPhysician({ specialty, country: 'FR' }));
    }
    const extract = await t.db.registryImport.create({ data: { registry: 'RPPS', fileName: 'x.txt', status: 'ACTIVE' } });
    await t.db.registryEntry.createMany({
      data: physicians.map((p, i) => ({ importId: extract.id, identifier: p.credential.licenseNumber, firstName: `Prenom${i}`, lastName: `Nomdefamille${i}` })),
    });
    // Every discussion table gets rows: threads, replies, votes, a poll vote, a report, notifications, an image.
    const [a, b, c] = physicians as [(typeof physicians)[0], (typeof physicians)[0], (typeof physicians)[0]];
    const image = await t.http('/uploads', { method: 'POST', token: a.token, headers: { 'content-type': 'image/png' }, body: new Uint8Array(PNG) });
    const { id: attachmentId } = (await image.json()) as { id: string };
    const thread = await postThread(t, a.token, { poll: { question: 'Q', options: ['x', 'y'] }, attachmentIds: [attachmentId] });
    const reply = await postReply(t, b.token, thread.id, 'A reply');
    await postReply(t, c.token, thread.id, 'A reply to the reply', reply.id);
    await t.gql('mutation ($p: ID!) { vote(postId: $p, value: 1) }', { p: thread.id }, { token: b.token });
    await t.gql('mutation ($p: ID!) { vote(postId: $p, value: -1) }', { p: reply.id }, { token: c.token });
    await t.gql('mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { id } }', { p: thread.poll!.id, o: thread.poll!.options[0]!.id }, { token: c.token });
    await t.gql('mutation ($p: ID!) { reportPost(postId: $p, reason: "Off topic") }', { p: reply.id }, { token: a.token });
    // Follows: a thread watched, a room muted.
    expect((await t.gql('mutation ($t: String!) { setFollow(targetKind: THREAD, target: $t, level: WATCHING) }', { t: thread.id }, { token: b.token })).errors).toBeUndefined();
    expect((await t.gql('mutation { setFollow(targetKind: ROOM, target: "pediatrics", level: MUTED) }', {}, { token: c.token })).errors).toBeUndefined();
    // A private conversation of the three, a block and a reported message.
    const handles = await Promise.all([b, c].map(async (p) => (await t.gql<{ me: { pseudonym: { id: string; handle: string } } }>('{ me { pseudonym { id handle } } }', {}, { token: p.token })).data!.me.pseudonym));
    const started = await t.gql<{ startConversation: { id: string; lastMessage: { id: string } } }>(
      'mutation ($h: [String!]!) { startConversation(input: { handles: $h, body: "Between us" }) { id lastMessage { id } } }', { h: handles.map((h) => h.handle) }, { token: a.token });
    expect(started.errors).toBeUndefined();
    await t.gql('mutation ($c: ID!) { sendMessage(conversationId: $c, body: "Agreed") { id } }', { c: started.data!.startConversation.id }, { token: b.token });
    await t.gql('mutation ($m: ID!) { reportMessage(messageId: $m, reason: "Off topic") }', { m: started.data!.startConversation.lastMessage.id }, { token: c.token });
    await t.gql('mutation ($p: ID!) { setPseudonymBlocked(pseudonymId: $p, blocked: true) }', { p: handles[1]!.id }, { token: b.token });
    const secrets = physicians.flatMap((p, i) => [
      p.account.id, p.account.email, p.credential.licenseNumber, p.credential.id, p.account.id.replace(/-/g, ''), `prenom${i}`, `nomdefamille${i}`,
    ]);
    for (const table of PSEUDONYMOUS_TABLES) {
      const text = await dump(table);
      expect(text.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(text, `${table} contains ${secret}`).not.toContain(secret.toLowerCase());
    }
  });

  it('keeps of an image attestation only which of two values was chosen: no free text, no time, nothing of the patient', async () => {
    const columns = await t.db.$queryRawUnsafe<Array<{ type: string; labels: string[] }>>(
      `SELECT t.typname AS type, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE a.attrelid = 'post'::regclass AND a.attname = 'image_attestation' GROUP BY t.typname`,
    );
    expect(columns).toEqual([{ type: 'ImageAttestation', labels: ['CONSENT_OBTAINED', 'DEIDENTIFIED'] }]);
    const attestationColumns = await t.db.$queryRawUnsafe<Array<{ table_name: string; column_name: string }>>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND (column_name LIKE '%attest%' OR column_name LIKE '%consent%')`,
    );
    expect(attestationColumns).toEqual([{ table_name: 'post', column_name: 'image_attestation' }]);
  });

  it('keeps no exact time next to an account that could be matched with the time of a post or vote', async () => {
    const p = await t.make.verifiedPhysician();
    const thread = await postThread(t, p.token);
    await t.gql('mutation ($p: ID!) { vote(postId: $p, value: 1) }', { p: thread.id }, { token: p.token });
    const sessions = await t.db.session.findMany({ where: { accountId: p.account.id } });
    expect(sessions.length).toBeGreaterThan(0);
    const DAY = 86_400_000;
    for (const session of sessions) {
      // Opened and last used: the day only. Ends: on a whole hour.
      expect(session.createdAt.getTime() % DAY).toBe(0);
      expect(session.lastSeenAt.getTime() % DAY).toBe(0);
      expect(session.expiresAt.getTime() % 3_600_000).toBe(0);
    }
    // Nor do the logs put a time on a post: neither its id nor its author’s pseudonym appears there.
    const logs = t.logLines.join('\n');
    for (const needle of [thread.id, thread.author.id]) expect(logs).not.toContain(needle);
  });

  it('keeps no time beside a physician’s second factor, in the database, the audit log or Redis', async () => {
    const p = await t.make.verifiedPhysician();
    const started = await t.gql<{ startTotpEnrolment: { secret: string } }>('mutation { startTotpEnrolment { secret } }', {}, { token: p.token });
    const code = codeAt(started.data!.startTotpEnrolment.secret);
    expect((await t.gql('mutation ($c: String!) { confirmTotpEnrolment(code: $c) }', { c: code }, { token: p.token })).errors).toBeUndefined();
    // The factor's tables have no time column and no pseudonym in them.
    const columns = await t.db.$queryRaw<Array<{ table_name: string; column_name: string; data_type: string }>>`
      SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN ('totp_factor', 'recovery_code') ORDER BY table_name, column_name`;
    expect(columns.map((c) => `${c.table_name}.${c.column_name}:${c.data_type}`)).toEqual([
      'recovery_code.account_id:uuid', 'recovery_code.code_hash:bytea', 'recovery_code.id:uuid',
      'totp_factor.account_id:uuid', 'totp_factor.confirmed:boolean', 'totp_factor.sealed_secret:bytea',
    ]);
    // A physician's factor changes are not audited (an exact time beside the account).
    expect(await t.db.auditEntry.count({ where: { actorId: p.account.id } })).toBe(0);
    // The used code is remembered in Redis under a keyed hash, never the account id, and not for long.
    const keys = await t.redis.keys(`${t.env.REDIS_PREFIX}:totp-used:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain(p.account.id);
      expect(await t.redis.ttl(key)).toBeLessThanOrEqual(120);
    }
  });

  it('keys a pseudonym with a secret the database does not hold: without it the key is noise', async () => {
    const p = await t.make.verifiedPhysician();
    const pseudonym = await t.db.pseudonym.findUniqueOrThrow({ where: { key: pseudonymKey(t.env.PSEUDONYM_SECRET, p.account.id) } });
    const guess = (secret: string) => Buffer.from(createHmac('sha256', secret).update(`pseudonym:${p.account.id}`).digest());
    expect(Buffer.from(pseudonym.key).equals(guess('another-secret-of-the-same-length-000000000000'))).toBe(false);
    expect(Buffer.from(pseudonym.key).equals(guess(''))).toBe(false);
    // Nothing in the database holds the secret.
    const everything = await t.db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
    );
    expect(Number(everything[0]!.n)).toBeGreaterThan(0);
    for (const { table_name } of await t.db.$queryRawUnsafe<Array<{ table_name: string }>>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)) {
      expect(await dump(table_name)).not.toContain(t.env.PSEUDONYM_SECRET.toLowerCase());
    }
  });

  it('offers no path in the schema from a pseudonym to an account, a credential or an organisation', () => {
    const seen = new Set<string>();
    const walk = (type: GraphQLNamedType) => {
      if (seen.has(type.name) || !isObjectType(type)) return;
      seen.add(type.name);
      for (const field of Object.values(type.getFields())) walk(getNamedType(field.type));
    };
    walk(schema.getType('Pseudonym')!);
    expect([...seen]).not.toEqual(expect.arrayContaining(['Account']));
    for (const forbidden of ['Account', 'Credential', 'Organization', 'AuditEntry']) expect(seen.has(forbidden)).toBe(false);
    const fields = Object.keys((schema.getType('Pseudonym') as unknown as { getFields(): object }).getFields());
    expect(fields.sort()).toEqual(['country', 'handle', 'id', 'specialty']);
  });
});
