/**
 * DATABASE_REPLICA_URL against a real streaming replica: a primary and a replica made with
 * pg_basebackup, each a cluster of its own on a loopback port (test/pg-replica.ts). What a member
 * would notice: the discussion's pages stay right (their own post shows at once, others' within
 * the lag allowed), and nothing fails when the replica falls behind or goes away.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { postThread } from '../test/discussion.ts';
import { startReplicaPair, type ReplicaPair } from '../test/pg-replica.ts';
import * as surveys from '../test/surveys.ts';
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { READ_PRIMARY_HEADER } from './routing.ts';

const FEED = `query { feed(first: 50) { edges { node { id title } } } }`;
const THREAD = `query ($id: ID!) { thread(id: $id) { id title } }`;
const MAX_LAG_MS = 3000;

let pair: ReplicaPair;
let t: TestApp;

beforeAll(async () => {
  pair = await startReplicaPair();
  t = await createTestApp({ DATABASE_REPLICA_URL: pair.replicaUrl, REPLICA_MAX_LAG_MS: String(MAX_LAG_MS), REPLICA_CHECK_MS: '100' }, { databaseUrl: pair.primary.url });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await pair?.stop();
});

function replica() {
  return t.services.replica!;
}

async function serving() {
  await expect.poll(() => replica().state().status, { timeout: 20_000, interval: 50 }).toBe('ok');
}

/**
 * The feed's titles, over HTTP as the web asks: once yoga has seen the text, the lean path
 * (http/lean-mutations.ts) serves it, with the same routing; `lean` counts the pages it served.
 */
let lean = 0;
async function feedTitles(token: string, headers: Record<string, string> = {}) {
  const run = vi.spyOn(t.lean, 'run');
  try {
    const response = await t.http('/graphql', { method: 'POST', token, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: FEED }) });
    const res = (await response.json()) as { data?: { feed: { edges: Array<{ node: { title: string } }> } }; errors?: unknown };
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    for (const outcome of await Promise.all(run.mock.results.map((r) => r.value as Promise<object>))) if ('text' in outcome) lean++;
    return res.data!.feed.edges.map((edge) => edge.node.title);
  } finally {
    run.mockRestore();
  }
}

/** A mutation through HTTP, for its response headers. */
async function createThreadOverHttp(token: string, title: string) {
  const response = await t.http('/graphql', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation ($i: ThreadInput!) { createThread(input: $i) { id } }`, variables: { i: { room: 'general', title, body: 'What would you do?' } } }),
  });
  const body = (await response.json()) as { data?: { createThread: { id: string } }; errors?: unknown };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return { id: body.data!.createThread.id, readPrimaryUntil: response.headers.get(READ_PRIMARY_HEADER) };
}

describe('a streaming read replica (DATABASE_REPLICA_URL)', () => {
  it('serves the feed from the replica, and its author sees a new thread at once while the replica is behind', async () => {
    const [author, reader] = [await t.make.verifiedPhysician(), await t.make.verifiedPhysician()];
    await postThread(t, author.token, { title: 'Seen by everyone' });
    await serving();
    await expect.poll(() => feedTitles(reader.token), { timeout: 10_000, interval: 100 }).toContain('Seen by everyone');
    const servedBefore = replica().counts.replica;
    const leanBefore = lean;
    expect(await feedTitles(reader.token)).toContain('Seen by everyone');
    expect(replica().counts.replica).toBe(servedBefore + 1);
    expect(lean, 'the page was served by the lean path').toBe(leanBefore + 1);

    // The replica stops applying WAL: it keeps serving (within the lag allowed) what it had.
    await pair.pauseReplay();
    const written = await createThreadOverHttp(author.token, 'Written while the replica sleeps');
    expect(Number(written.readPrimaryUntil)).toBeGreaterThan(Date.now());
    expect(await feedTitles(reader.token)).not.toContain('Written while the replica sleeps');
    const { data } = await t.gql<{ thread: { title: string } | null }>(THREAD, { id: written.id }, { token: reader.token });
    expect(data?.thread).toBeNull();

    // Its author, sending back the header the write returned, reads the primary.
    const recentWrites = replica().counts.primary['recent-write'];
    expect(await feedTitles(author.token, { [READ_PRIMARY_HEADER]: written.readPrimaryUntil! })).toContain('Written while the replica sleeps');
    expect(replica().counts.primary['recent-write']).toBe(recentWrites + 1);

    // Once the replica is further behind than REPLICA_MAX_LAG_MS, everyone reads the primary.
    await expect.poll(() => replica().state().status, { timeout: MAX_LAG_MS + 5_000, interval: 50 }).toBe('lagging');
    const lagging = replica().counts.primary.lagging;
    expect(await feedTitles(reader.token)).toContain('Written while the replica sleeps');
    expect(replica().counts.primary.lagging).toBe(lagging + 1);

    await pair.resumeReplay();
    await serving();
    const served = replica().counts.replica;
    expect(await feedTitles(reader.token)).toContain('Written while the replica sleeps');
    expect(replica().counts.replica).toBe(served + 1);
    expect(lean - leanBefore, 'each of the five pages since, through the lean path').toBe(5);
  }, 60_000);

  it('routes and counts once a page the lean path leaves to yoga (a caller the feed refuses)', async () => {
    const pending = await t.make.pendingPhysician();
    await serving();
    await feedTitles((await t.make.verifiedPhysician()).token); // yoga has seen the text
    const served = replica().counts.replica;
    const response = await t.http('/graphql', { method: 'POST', token: pending.token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FEED }) });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(replica().counts.replica).toBe(served + 1);
  });

  it('keeps serving from an idle replica: no writes is not lag', async () => {
    await serving();
    await new Promise((resolve) => setTimeout(resolve, MAX_LAG_MS + 1_000));
    expect(replica().state()).toMatchObject({ status: 'ok' });
    expect(replica().state().lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
  }, 30_000);

  it('answers from the primary, without an error, when the replica goes away, and returns to it when it is back', async () => {
    const reader = await t.make.verifiedPhysician();
    await postThread(t, reader.token, { title: 'Still there' });
    await serving();
    await pair.stopReplica();
    // Whether or not the monitor has noticed yet, the member gets the page (through the lean path too).
    const leanBefore = lean;
    expect(await feedTitles(reader.token)).toContain('Still there');
    expect(lean).toBe(leanBefore + 1);
    await expect.poll(() => replica().state().status, { timeout: 10_000, interval: 50 }).toBe('down');
    const down = replica().counts.primary.down;
    expect(await feedTitles(reader.token)).toContain('Still there');
    expect(replica().counts.primary.down).toBe(down + 1);

    await pair.startReplica();
    await serving();
    const served = replica().counts.replica;
    expect(await feedTitles(reader.token)).toContain('Still there');
    expect(replica().counts.replica).toBe(served + 1);
  }, 90_000);

  it('shows the replica in /readyz and /metrics, and stays ready while it is down', async () => {
    await serving();
    expect(await (await t.http('/readyz')).json()).toMatchObject({ ready: true, replica: 'ok' });
    const metrics = await (await t.http('/metrics')).text();
    expect(metrics).toMatch(/^consilium_replica_serving 1$/m);
    expect(metrics).toMatch(/^consilium_replica_eligible_queries\{served_by="replica",reason="none"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^consilium_replica_eligible_queries\{served_by="primary",reason="lagging"\} [1-9]\d*$/m);

    await pair.stopReplica();
    await expect.poll(() => replica().state().status, { timeout: 10_000, interval: 50 }).toBe('down');
    const readyz = await t.http('/readyz');
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ ready: true, replica: 'down' });
    expect(await (await t.http('/metrics')).text()).toMatch(/^consilium_replica_serving 0$/m);
    await pair.startReplica();
    await serving();
  }, 60_000);

  it('never routes account pages or writes to the replica, and marks no anonymous answer', async () => {
    const physician = await t.make.verifiedPhysician();
    await serving();
    const before = { ...replica().counts, primary: { ...replica().counts.primary } };
    const me = await t.gql<{ me: { id: string } }>(`query { me { id } feed(first: 1) { edges { node { id } } } }`, {}, { token: physician.token });
    expect(me.errors).toBeUndefined();
    expect(replica().counts).toEqual(before);

    // An answer's response carries no read-your-writes mark, even when a session came with it.
    const survey = await surveys.openSurvey(t);
    const taken = await surveys.takeToken(t, survey, physician);
    const receipt = await prepareAndBlind(survey.receiptPublicKey!);
    const response = await t.http('/graphql', {
      method: 'POST',
      token: physician.token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: surveys.SUBMIT, variables: { i: { surveyId: survey.id, segment: taken.segment, token: taken.token, answers: surveys.answersFor(survey), receiptBlindedMessage: receipt.blindedMessage } } }),
    });
    const body = (await response.json()) as { errors?: unknown };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(response.headers.get(READ_PRIMARY_HEADER)).toBeNull();
    expect(await surveys.stored(t, survey.id)).toMatchObject({ responses: 1 });
  }, 30_000);
});
