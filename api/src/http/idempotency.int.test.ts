/** Idempotency-Key: a double submit or a retry creates once; the record links no one to anything. */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { postThread, REPLY } from '../test/discussion.ts';
import { idempotencyPlugin } from './idempotency.ts';
import { openSurvey, answersFor, stored, takeToken } from '../test/surveys.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let alice: Physician;
let bob: Physician;
let threadId: string;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  alice = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  bob = await t.make.verifiedPhysician({ specialty: 'pediatrics', country: 'BE' });
  threadId = (await postThread(t, alice.token)).id;
});
afterAll(() => t.close());

type Reply = { reply: { id: string; body: string } };
const reply = (token: string, key: string, body: string) =>
  t.gql<Reply>(REPLY, { i: { threadId, body } }, { token, headers: { 'idempotency-key': key } });
const repliesWith = (body: string) => t.db.post.count({ where: { body } });

describe('Idempotency-Key', () => {
  it('answers a repeat with the first result and posts once', async () => {
    const key = randomUUID();
    const first = await reply(alice.token, key, 'Posted once, sent twice.');
    const second = await reply(alice.token, key, 'Posted once, sent twice.');
    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    expect(await repliesWith('Posted once, sent twice.')).toBe(1);
  });

  it('marks a replayed answer, over HTTP', async () => {
    const key = randomUUID();
    const send = () =>
      t.http('/graphql', {
        method: 'POST',
        token: alice.token,
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ query: REPLY, variables: { i: { threadId, body: 'Over HTTP.' } } }),
      });
    const first = await send();
    const second = await send();
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(await repliesWith('Over HTTP.')).toBe(1);
  });

  it('creates once when the repeats arrive together', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, () => reply(alice.token, key, 'Six clicks at once.')));
    const ids = new Set(answers.map((a) => a.data?.reply.id));
    expect(answers.map((a) => a.errors)).toEqual(Array(6).fill(undefined));
    expect(ids.size).toBe(1);
    expect(await repliesWith('Six clicks at once.')).toBe(1);
  });

  it('refuses the same key with another request, and writes nothing', async () => {
    const key = randomUUID();
    await reply(alice.token, key, 'The first text.');
    const other = await reply(alice.token, key, 'Another text under the same key.');
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey', reason: 'idempotency_key_reused' });
    expect(await repliesWith('Another text under the same key.')).toBe(0);
  });

  it('lets a refused request be corrected and sent again under its key', async () => {
    const key = randomUUID();
    const refused = await reply(alice.token, key, '   ');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const corrected = await reply(alice.token, key, 'Corrected after a refusal.');
    expect(corrected.errors).toBeUndefined();
    expect(await repliesWith('Corrected after a refusal.')).toBe(1);
  });

  it('keeps one caller’s key apart from another’s', async () => {
    const key = randomUUID();
    const mine = await reply(alice.token, key, 'Same key, two people.');
    const theirs = await reply(bob.token, key, 'Same key, two people.');
    expect(theirs.data?.reply.id).not.toBe(mine.data?.reply.id);
    expect(await repliesWith('Same key, two people.')).toBe(2);
  });

  it('refuses a malformed key before running anything', async () => {
    const res = await reply(alice.token, 'short', 'Malformed key.');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey', reason: 'invalid' });
    expect(await repliesWith('Malformed key.')).toBe(0);
  });

  it('keeps in Redis nothing that names the session, the key, the post or its text', async () => {
    const key = randomUUID();
    const text = 'A reply whose trace in Redis must say nothing.';
    const posted = await reply(alice.token, key, text);
    const id = posted.data!.reply.id;
    const keys = await t.redis.keys(`${t.env.REDIS_PREFIX}:idempotency:*`);
    expect(keys.length).toBeGreaterThan(0);
    const kept = (await Promise.all(keys.map(async (k) => `${k} ${await t.redis.get(k)}`))).join('\n');
    const pseudonym = await t.db.pseudonym.findFirstOrThrow({ where: { posts: { some: { id } } } });
    const tokenHash = createHash('sha256').update(alice.token).digest();
    for (const secret of [alice.token, key, id, text, pseudonym.id, tokenHash.toString('hex'), tokenHash.toString('base64'), tokenHash.toString('base64url')]) {
      expect(kept).not.toContain(secret);
    }
    // Every record expires: none outlives the window.
    for (const k of keys) expect(await t.redis.ttl(k)).toBeGreaterThan(0);
  });

  it('keys an anonymous answer by the key alone: a session sent along is not read, and a retry without it gets the same receipt', async () => {
    const survey = await openSurvey(t);
    const taken = await takeToken(t, survey, alice);
    const receipt = await prepareAndBlind(survey.receiptPublicKey!);
    const submit = 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }';
    const i = { surveyId: survey.id, segment: taken.segment, token: taken.token, answers: answersFor(survey), receiptBlindedMessage: receipt.blindedMessage };
    const key = randomUUID();
    const sent = await t.gql(submit, { i }, { token: alice.token, headers: { 'idempotency-key': key } });
    const retried = await t.gql(submit, { i }, { headers: { 'idempotency-key': key } });
    expect(sent.errors).toBeUndefined();
    expect(retried).toEqual(sent);
    expect((await stored(t, survey.id)).responses).toBe(1);
  });

  it('answers a repeat that waited too long for the first with 409 CONFLICT, and still runs the request once', async () => {
    let runs = 0;
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { ok: Boolean } type Mutation { slow: Int }',
        resolvers: { Mutation: { slow: async () => (await sleep(600), ++runs) } },
      }),
      plugins: [idempotencyPlugin({ redis: t.redis, prefix: t.env.REDIS_PREFIX, secret: 's'.repeat(32), windowSeconds: 60, isAnonymous: () => false, waitMs: 150 })],
    });
    const key = randomUUID();
    const send = () =>
      yoga.fetch('http://api.local/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ query: 'mutation { slow }' }) });
    const [first, early] = await Promise.all([send(), sleep(50).then(send)]);
    expect(early.status).toBe(409);
    expect(((await early.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]!.extensions).toEqual({ code: 'CONFLICT', reason: 'idempotency_in_progress' });
    expect(await first.json()).toEqual({ data: { slow: 1 } });
    expect(await (await send()).json()).toEqual({ data: { slow: 1 } });
    expect(runs).toBe(1);
  });
});
