/**
 * A thread's search document is a tsvector, which PostgreSQL caps at 1 MB. A long, wordy thread
 * must never make a reply (or a moderation decision) fail on it: past the cap the document stops
 * growing, and what it already holds stays searchable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

const SEARCH = 'query ($q: String!) { search(query: $q) { edges { node { id } } } }';

describe('a thread whose search document reaches the tsvector limit', () => {
  it('still takes replies and moderation, and stays findable by what it held', async () => {
    const author = await t.make.verifiedPhysician();
    const thread = await postThread(t, author.token, { title: 'Palpitations nocturnes persistantes' });
    // Replies full of distinct words (random hex), written straight into the table: about 60
    // replies of 1,800 new words each take the document past 1 MB.
    const { authorId } = await t.db.post.findUniqueOrThrow({ where: { id: thread.id }, select: { authorId: true } });
    for (let i = 0; i < 60; i++) {
      await t.db.$executeRaw`
        INSERT INTO post (thread_id, author_id, body)
        SELECT ${thread.id}::uuid, ${authorId}::uuid, string_agg(substr(md5(random()::text || g::text), 1, 10), ' ')
        FROM generate_series(1, 1800) g`;
    }
    const [size] = await t.db.$queryRaw<Array<{ bytes: number }>>`
      SELECT pg_column_size(search)::int AS bytes FROM thread_search WHERE thread_id = ${thread.id}::uuid`;
    expect(size!.bytes).toBeGreaterThan(900_000);

    const colleague = await t.make.verifiedPhysician();
    const reply = await postReply(t, colleague.token, thread.id, 'Holter de 24 heures, puis échographie.');
    const admin = await t.make.admin();
    const hidden = await t.gql('mutation ($id: ID!) { moderatePost(postId: $id, action: HIDE, reason: "Test") { hidden } }', { id: reply.id }, { token: admin.token });
    expect(hidden.errors, JSON.stringify(hidden.errors)).toBeUndefined();

    const found = await t.gql<{ search: { edges: Array<{ node: { id: string } }> } }>(SEARCH, { q: 'palpitations' }, { token: colleague.token });
    expect(found.data!.search.edges.map((e) => e.node.id)).toEqual([thread.id]);
  }, 60_000);
});
