/**
 * One fault file's set-up: its own PostgreSQL cluster and redis-server, the factories' test app on
 * them, the Node entry points built, and the API processes it starts (stopped after the file).
 * Plus the checks every fault makes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildNode, gqlAt, startWorker, waitFor, type Member } from '../cluster/cluster.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import * as surveys from '../test/surveys.ts';
import { LEAK, type LoadPlan, type Outcome } from './load.ts';
import { startOwnPostgres, startOwnRedis, startReadyApi, stop, type OwnPostgres, type OwnRedis } from './rig.ts';

export interface FaultSuite {
  db: OwnPostgres;
  redis: OwnRedis;
  t: TestApp;
  /** The built API's environment: the suite's PostgreSQL and Redis, a fresh upload folder. */
  env: Record<string, string>;
  /** Starts a built API process with `extra` over `env`, ready; stopped after the file. */
  api(name: string, extra?: Record<string, string>): Promise<Member>;
  /** Starts a built worker the same way (its sweeps every second), once it says it started. */
  worker(name: string, extra?: Record<string, string>): Promise<Member>;
}

export function faultSuite(): FaultSuite {
  const started: Member[] = [];
  let uploads = '';
  const suite = {
    async api(name: string, extra: Record<string, string> = {}) {
      const member = await startReadyApi(name, { ...suite.env, ...extra });
      started.push(member);
      return member;
    },
    async worker(name: string, extra: Record<string, string> = {}) {
      const member = startWorker(name, { ...suite.env, SWEEP_EVERY_SECONDS: '1', WORKER_LOCK_SECONDS: '5', ...extra });
      started.push(member);
      await waitFor(() => `${name} (${member.lines.slice(-5).join('\n')})`, async () => member.lines.some((line) => line.includes('worker started')), 90_000);
      return member;
    },
  } as FaultSuite;

  beforeAll(async () => {
    [suite.db, suite.redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    suite.t = await createTestApp({ REDIS_URL: suite.redis.url, REPORT_K: '3' }, { databaseUrl: suite.db.url, redisOptions: { maxRetriesPerRequest: null } });
    suite.t.redis.on('error', () => {});
    uploads = await mkdtemp(path.join(tmpdir(), 'consilium-faults-uploads-'));
    buildNode();
    suite.env = {
      // Not 'test': that silences the logs, which the suite reads.
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: suite.db.url,
      REDIS_URL: suite.redis.url,
      REDIS_PREFIX: suite.t.env.REDIS_PREFIX,
      QUEUE_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
      UPLOAD_DIR: uploads,
      REPORT_K: '3',
      // The load comes from one address: its limits must not be what refuses it.
      RATE_LIMIT_SCALE: '100',
    };
  });

  afterAll(async () => {
    await Promise.all(started.map((member) => stop(member, 10_000)));
    await suite.t?.close();
    await Promise.allSettled([suite.db?.close(), suite.redis?.close(), uploads && rm(uploads, { recursive: true, force: true })]);
  });

  return suite;
}

/** Every request that was not acknowledged was refused cleanly: 503, Retry-After, one of `codes`, nothing internal. */
export function expectCleanRefusals(outcomes: Outcome[], codes: string[]) {
  for (const o of outcomes.filter((o) => !o.acknowledged)) {
    expect({ op: o.op, status: o.status, code: o.code, retryAfter: o.retryAfter !== null }, o.text).toEqual({ op: o.op, status: 503, code: expect.toBeOneOf(codes), retryAfter: true });
    expect(o.text).not.toMatch(LEAK);
  }
}

/** Holds an exclusive lock on `table` for `ms` from a connection of the test's own: every statement on it waits. */
export async function holdingLock(url: string, table: string, ms: number) {
  const client = new pg.Client({ connectionString: url });
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

/**
 * The physicians whose answer got no acknowledgement send it again with the same token: each is
 * taken, or told its answers are already recorded. Then every token is spent once, with one response each.
 */
export async function expectRetriedAnswersCounted(t: TestApp, port: number, plan: LoadPlan, outcomes: Outcome[]) {
  const retried = { taken: 0, alreadyRecorded: 0 };
  for (const message of outcomes.filter((o) => o.op === 'answer' && !o.acknowledged).map((o) => o.id)) {
    const taken = plan.tokens.find((token) => token.token.message === message)!;
    const { res } = await surveys.answer({ ...t, gql: gqlAt(port) }, plan.survey, taken);
    const reason = res.errors?.[0]?.extensions?.reason ?? 'taken';
    expect(reason, JSON.stringify(res.errors)).toBeOneOf(['taken', 'token_spent']);
    if (reason === 'taken') retried.taken++;
    else retried.alreadyRecorded++;
  }
  const spent = await t.db.spentToken.count({ where: { surveyId: plan.survey.id } });
  expect(await t.db.surveyResponse.count({ where: { surveyId: plan.survey.id } })).toBe(spent);
  expect(spent).toBe(outcomes.filter((o) => o.op === 'answer').length);
  return retried;
}
