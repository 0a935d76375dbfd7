import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

// Counters kept in the writing transaction must stay exact when many physicians vote at the same
// moment: each request races the others for the same post or poll option rows.
type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let author: Physician;
let voters: Physician[];

const VOTE = `mutation ($p: ID!, $v: Int!) { vote(postId: $p, value: $v) }`;
const VOTE_POLL = `mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { id } }`;
const THREAD = `query ($id: ID!) { thread(id: $id) { score replies(first: 5) { edges { node { id score } } } } }`;
const POLL = `query ($id: ID!) { thread(id: $id) { poll { totalVotes options { id votes } } } }`;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  author = await t.make.verifiedPhysician();
  voters = [];
  for (let i = 0; i < 20; i++) voters.push(await t.make.verifiedPhysician());
});
afterAll(() => t.close());

async function all(calls: Array<() => Promise<{ errors?: unknown }>>) {
  const results = await Promise.all(calls.map((call) => call()));
  for (const r of results) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
}

async function scoreOf(threadId: string) {
  const res = await t.gql<{ thread: { score: number } }>(THREAD, { id: threadId }, { token: author.token });
  return res.data!.thread.score;
}

async function truthOf(postId: string) {
  const [row] = await t.db.$queryRaw<Array<{ sum: number }>>`SELECT coalesce(sum(value), 0)::int AS sum FROM post_vote WHERE post_id = ${postId}::uuid`;
  return row!.sum;
}

describe('concurrent votes on one post', () => {
  it('keeps every voter’s contribution when 20 physicians vote, change and withdraw at once', async () => {
    const thread = await postThread(t, author.token);
    await all(voters.map((v) => () => t.gql(VOTE, { p: thread.id, v: 1 }, { token: v.token })));
    expect(await scoreOf(thread.id)).toBe(20);

    const changes = voters.map((_, i) => [-1, 0, 1][i % 3]!);
    await all(voters.map((v, i) => () => t.gql(VOTE, { p: thread.id, v: changes[i] }, { token: v.token })));
    const expected = changes.reduce((a, b) => a + b, 0);
    expect(await truthOf(thread.id)).toBe(expected);
    expect(await scoreOf(thread.id)).toBe(expected);
  });

  it('stays exact when one pseudonym changes its own vote several times at once, still one vote per pseudonym', async () => {
    const thread = await postThread(t, author.token);
    const few = voters.slice(0, 5);
    await all(few.flatMap((v) => [1, -1, 0, 1, -1].map((value) => () => t.gql(VOTE, { p: thread.id, v: value }, { token: v.token }))));
    const [count] = await t.db.$queryRaw<Array<{ n: number; voters: number }>>`
      SELECT count(*)::int AS n, count(DISTINCT pseudonym_id)::int AS voters FROM post_vote WHERE post_id = ${thread.id}::uuid`;
    expect(count!.n).toBe(count!.voters);
    expect(await scoreOf(thread.id)).toBe(await truthOf(thread.id));
  });
});

describe('concurrent poll votes', () => {
  type PollView = { thread: { poll: { totalVotes: number; options: Array<{ id: string; votes: number }> } } };
  async function counts(threadId: string) {
    const res = await t.gql<PollView>(POLL, { id: threadId }, { token: author.token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.thread.poll;
  }

  it('counts every vote when 20 physicians vote and then change their vote at once', async () => {
    const thread = await postThread(t, author.token, { poll: { question: 'Which?', options: ['a', 'b', 'c'] } });
    const pollId = thread.poll!.id;
    const options = thread.poll!.options.map((o) => o.id);
    const first = voters.map((_, i) => options[i % 2]!);
    await all(voters.map((v, i) => () => t.gql(VOTE_POLL, { p: pollId, o: first[i] }, { token: v.token })));
    expect(await counts(thread.id)).toEqual({ totalVotes: 20, options: [{ id: options[0], votes: 10 }, { id: options[1], votes: 10 }, { id: options[2], votes: 0 }] });

    // Each voter moves to another option; both the option left and the option chosen move.
    const second = voters.map((_, i) => options[(i + 1) % 3]!);
    await all(voters.map((v, i) => () => t.gql(VOTE_POLL, { p: pollId, o: second[i] }, { token: v.token })));
    const expected = options.map((id) => ({ id, votes: second.filter((o) => o === id).length }));
    expect(await counts(thread.id)).toEqual({ totalVotes: 20, options: expected });
    const truth = await t.db.$queryRaw<Array<{ option_id: string; n: number }>>`
      SELECT option_id::text, count(*)::int AS n FROM poll_vote WHERE poll_id = ${pollId}::uuid GROUP BY option_id`;
    for (const { id, votes } of expected) expect(truth.find((r) => r.option_id === id)?.n ?? 0).toBe(votes);
  });

  it('stays exact when one pseudonym changes its poll vote several times at once', async () => {
    const thread = await postThread(t, author.token, { poll: { question: 'Which?', options: ['a', 'b'] } });
    const pollId = thread.poll!.id;
    const [a, b] = thread.poll!.options.map((o) => o.id);
    await all(voters.slice(0, 6).flatMap((v) => [a, b, a, b].map((o) => () => t.gql(VOTE_POLL, { p: pollId, o }, { token: v.token }))));
    const truth = await t.db.$queryRaw<Array<{ option_id: string; n: number }>>`
      SELECT option_id::text, count(*)::int AS n FROM poll_vote WHERE poll_id = ${pollId}::uuid GROUP BY option_id`;
    const seen = await counts(thread.id);
    expect(seen.totalVotes).toBe(6);
    for (const o of seen.options) expect(o.votes).toBe(truth.find((r) => r.option_id === o.id)?.n ?? 0);
  });
});
