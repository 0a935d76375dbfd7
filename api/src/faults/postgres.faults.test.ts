/**
 * PostgreSQL faults (issue 15, point 5), on a cluster of the suite's own with built API processes
 * pointed at it: the server restarted under load, the connection pool exhausted, a slow
 * statement. Each prints what was sent, acknowledged and found afterwards; nothing acknowledged
 * may be lost, and every refusal is a 503 with Retry-After and a code — never a stack or a 500.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, gqlAt, type Member } from '../cluster/cluster.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import * as surveys from '../test/surveys.ts';
import { finder, loadPlan } from './fixture.ts';
import { faultLine, LEAK, startLoad, tally, type LoadPlan, type Outcome } from './load.ts';
import { ready, startOwnPostgres, startOwnRedis, startReadyApi, stop, type OwnPostgres, type OwnRedis } from './rig.ts';

let db: OwnPostgres;
let redis: OwnRedis;
let t: TestApp;
let uploads: string;
let env: Record<string, string>;
const started: Member[] = [];

beforeAll(async () => {
  [db, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  t = await createTestApp({ REDIS_URL: redis.url, REPORT_K: '3' }, { databaseUrl: db.url });
  t.redis.on('error', () => {});
  uploads = await mkdtemp(path.join(tmpdir(), 'consilium-faults-uploads-'));
  buildNode();
  env = {
    // Not 'test': that silences the logs, which the suite reads.
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: t.env.REDIS_PREFIX,
    QUEUE_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
    UPLOAD_DIR: uploads,
    REPORT_K: '3',
    // The load comes from one address: its limits must not be what refuses it.
    RATE_LIMIT_SCALE: '100',
  };
});

afterAll(async () => {
  await Promise.all(started.map((member) => stop(member, 10_000)));
  await t?.close();
  await Promise.allSettled([db?.close(), redis?.close(), uploads && rm(uploads, { recursive: true, force: true })]);
});

async function api(name: string, extra: Record<string, string> = {}) {
  const member = await startReadyApi(name, { ...env, ...extra });
  started.push(member);
  return member;
}

/** Every request that was not acknowledged was refused cleanly: 503, Retry-After, a code, nothing internal. */
function expectCleanRefusals(outcomes: Outcome[], codes: string[]) {
  for (const o of outcomes.filter((o) => !o.acknowledged)) {
    expect({ op: o.op, status: o.status, code: o.code, retryAfter: o.retryAfter !== null }, o.text).toEqual({ op: o.op, status: 503, code: expect.toBeOneOf(codes), retryAfter: true });
    expect(o.text).not.toMatch(LEAK);
  }
}

/** Holds an exclusive lock on `table` for `ms` from a connection of the test's own: every statement on it waits. */
async function holdingLock(table: string, ms: number) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** The physicians whose answer was refused send it again with the same token: each is counted, once. */
async function expectRetriedAnswersCounted(port: number, plan: LoadPlan, outcomes: Outcome[]) {
  const refused = outcomes.filter((o) => o.op === 'answer' && !o.acknowledged).map((o) => o.id);
  for (const message of refused) {
    const taken = plan.tokens.find((token) => token.token.message === message)!;
    const { res } = await surveys.answer({ ...t, gql: gqlAt(port) }, plan.survey, taken);
    expect(res.errors?.[0]?.extensions?.reason ?? 'counted', JSON.stringify(res.errors)).toBeOneOf(['counted', 'token_spent']);
  }
  const spent = await t.db.spentToken.count({ where: { surveyId: plan.survey.id } });
  expect(await t.db.surveyResponse.count({ where: { surveyId: plan.survey.id } })).toBe(spent);
  expect(spent).toBe(outcomes.filter((o) => o.op === 'answer').length);
}

describe('PostgreSQL faults', () => {
  it('PostgreSQL restarted under load: every acknowledged answer, post and login is there afterwards, refusals are 503s, and the API recovers by itself', async () => {
    const a = await api('api-restart');
    const plan = await loadPlan(t, a.port!, 45);
    const load = startLoad(() => a.port!, plan);
    await load.answered(9);
    // Stopped (-m fast: every connection cut) and started again, with requests sent meanwhile.
    await db.stopServer();
    await load.answered(12);
    expect(await ready(a.port!)).toBe(false);
    await db.startServer();
    await load.answered(9);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(t, plan, () => a.port!));
    console.log(faultLine('PostgreSQL stopped (pg_ctl -m fast) and started again', '4 clients: answers, replies, logins', counts));
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);
    expect(outcomes.filter((o) => !o.acknowledged).length).toBeGreaterThan(0);
    expectCleanRefusals(outcomes, ['SERVICE_UNAVAILABLE']);
    // The same process serves again, unrestarted; the physicians whose answer was refused send it again and are counted.
    expect(await ready(a.port!)).toBe(true);
    expect(a.child.exitCode).toBeNull();
    await expectRetriedAnswersCounted(a.port!, plan, outcomes);
    expect(a.lines.filter((line) => /unexpected error/.test(line))).toEqual([]);
  });

  it('the connection pool exhausted: requests queue for DATABASE_POOL_TIMEOUT_MS, then 503; none hangs, none is lost', async () => {
    const a = await api('api-pool', { DATABASE_POOL_MAX: '2', DATABASE_POOL_TIMEOUT_MS: '500' });
    const plan = await loadPlan(t, a.port!, 30);
    const load = startLoad(() => a.port!, plan);
    await load.answered(6);
    // Replies wait on a lock held for 2.5 s, each holding one of the two connections meanwhile:
    // everything else queues for a connection, and gives up after 500 ms.
    await holdingLock('post', 2_500);
    await load.answered(9);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(t, plan, () => a.port!));
    console.log(faultLine('Pool exhausted (2 connections, replies blocked 2.5 s)', '4 clients: answers, replies, logins', counts));
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);
    const refused = outcomes.filter((o) => !o.acknowledged);
    expect(refused.length).toBeGreaterThan(0);
    expectCleanRefusals(outcomes, ['SERVICE_UNAVAILABLE']);
    expect(refused.every((o) => o.text.includes('database_busy'))).toBe(true);
    await expectRetriedAnswersCounted(a.port!, plan, outcomes);
  });

  it('a slow statement: statement_timeout cancels it, and its request gets 503 TIMEOUT; the rest go on', async () => {
    const a = await api('api-timeout', { DATABASE_STATEMENT_TIMEOUT_MS: '800' });
    const plan = await loadPlan(t, a.port!, 30);
    const load = startLoad(() => a.port!, plan);
    await load.answered(6);
    await holdingLock('post', 3_000);
    await load.answered(9);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(t, plan, () => a.port!));
    console.log(faultLine('Slow statement (replies blocked 3 s, statement_timeout 800 ms)', '4 clients: answers, replies, logins', counts));
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);
    const refused = outcomes.filter((o) => !o.acknowledged);
    expect(refused.length).toBeGreaterThan(0);
    expectCleanRefusals(outcomes, ['TIMEOUT']);
    // Only the statements that waited were cut: answers and logins, on other tables, went through.
    expect(new Set(refused.map((o) => o.op))).toEqual(new Set(['post']));
  });
});
