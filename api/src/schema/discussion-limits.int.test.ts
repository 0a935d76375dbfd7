/**
 * The discussion's other limits: replies, votes (posts and polls) and reports are rate-limited
 * per pseudonym, and bad ids or values are refused naming the argument, with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply, postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

const VOTE = 'mutation ($id: ID!, $v: Int!) { vote(postId: $id, value: $v) }';
const VOTE_POLL = 'mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { totalVotes } }';
const REPORT = 'mutation ($id: ID!, $r: String!) { reportPost(postId: $id, reason: $r) }';
const REPLY = 'mutation ($i: ReplyInput!) { reply(input: $i) { id } }';

// RATE_LIMIT_SCALE 0.1: 3 replies and 12 votes per 10 minutes, 2 reports per hour.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '0.1' });
});
afterAll(() => t.close());

describe('rate limits per pseudonym', () => {
  it('stops a flood of replies: RATE_LIMITED past the limit, nothing stored, another pseudonym unaffected', async () => {
    const author = await t.make.verifiedPhysician();
    const flooder = await t.make.verifiedPhysician();
    const thread = await postThread(t, author.token);
    for (let i = 0; i < 3; i++) await postReply(t, flooder.token, thread.id, `Reply ${i}`);
    const refused = await t.gql(REPLY, { i: { threadId: thread.id, body: 'One too many' } }, { token: flooder.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await t.db.post.count({ where: { threadId: thread.id, NOT: { id: thread.id } } })).toBe(3);
    await postReply(t, author.token, thread.id, 'The author can still answer');
  });

  it('counts votes on posts and in polls together, and a refused vote changes no score or count', async () => {
    const author = await t.make.verifiedPhysician();
    const voter = await t.make.verifiedPhysician();
    const thread = await postThread(t, author.token, { poll: { question: 'Holter?', options: ['Yes', 'No'] } });
    const poll = thread.poll!;
    for (let i = 0; i < 6; i++) {
      const res = await t.gql<{ vote: number }>(VOTE, { id: thread.id, v: i % 2 ? -1 : 1 }, { token: voter.token });
      expect(res.errors).toBeUndefined();
    }
    for (let i = 0; i < 6; i++) {
      const res = await t.gql(VOTE_POLL, { p: poll.id, o: poll.options[i % 2]!.id }, { token: voter.token });
      expect(res.errors).toBeUndefined();
    }
    const vote = await t.gql(VOTE, { id: thread.id, v: 1 }, { token: voter.token });
    expect(vote.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const pollVote = await t.gql(VOTE_POLL, { p: poll.id, o: poll.options[0]!.id }, { token: voter.token });
    expect(pollVote.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // The last accepted votes stand: -1 on the thread, "No" in the poll.
    expect((await t.db.post.findUniqueOrThrow({ where: { id: thread.id } })).score).toBe(-1);
    const [only] = await t.db.pollVote.findMany({ where: { pollId: poll.id } });
    expect(only!.optionId).toBe(poll.options[1]!.id);
  });

  it('limits reports, and a second report of the same post by the same pseudonym stays one report', async () => {
    const author = await t.make.verifiedPhysician();
    const reporter = await t.make.verifiedPhysician();
    const thread = await postThread(t, author.token);
    const reply = await postReply(t, author.token, thread.id);
    expect((await t.gql(REPORT, { id: reply.id, r: 'Off topic' }, { token: reporter.token })).errors).toBeUndefined();
    expect((await t.gql(REPORT, { id: reply.id, r: 'Really off topic' }, { token: reporter.token })).errors).toBeUndefined();
    const reports = await t.db.postReport.findMany({ where: { postId: reply.id } });
    expect(reports.map((r) => r.reason)).toEqual(['Really off topic']);
    const third = await t.gql(REPORT, { id: thread.id, r: 'Spam' }, { token: reporter.token });
    expect(third.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await t.db.postReport.count({ where: { postId: thread.id } })).toBe(0);
  });
});

describe('bad ids and values', () => {
  it('refuses a vote other than -1, 0 or 1, an unknown post, poll option or thread, naming the argument', async () => {
    const p = await t.make.verifiedPhysician();
    const thread = await postThread(t, p.token, { poll: { question: 'Q?', options: ['a', 'b'] } });
    const other = await postThread(t, (await t.make.verifiedPhysician()).token, { poll: { question: 'R?', options: ['c', 'd'] } });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [VOTE, { id: thread.id, v: 2 }, 'value'],
      [VOTE, { id: unknown, v: 1 }, 'postId'],
      [VOTE_POLL, { p: thread.poll!.id, o: other.poll!.options[0]!.id }, 'optionId'],
      [REPORT, { id: unknown, r: 'Off topic' }, 'postId'],
      [REPLY, { i: { threadId: unknown, body: 'Hello' } }, 'threadId'],
    ];
    for (const [query, variables, field] of cases) {
      const fresh = await t.make.verifiedPhysician();
      const res = await t.gql(query, variables, { token: fresh.token });
      expect(res.errors?.[0]?.extensions, `${field}: ${JSON.stringify(res.errors)}`).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await t.db.postVote.count({ where: { postId: thread.id } })).toBe(0);
    expect(await t.db.pollVote.count({ where: { pollId: thread.poll!.id } })).toBe(0);
  });

  it('refuses an id that is not an id at all as bad input naming it, not as a server error', async () => {
    const p = await t.make.verifiedPhysician();
    for (const [query, variables, field] of [
      [VOTE, { id: 'not-a-uuid', v: 1 }, 'postId'],
      ['query ($id: ID!) { thread(id: $id) { id } }', { id: 'not-a-uuid' }, 'id'],
    ] as const) {
      const res = await t.gql(query, variables, { token: p.token });
      expect(res.errors?.[0]?.extensions, JSON.stringify(res.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
