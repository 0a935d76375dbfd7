/**
 * Paying, retrying and closing queue the report's build at once, on the worker's queue (real
 * Redis, a real worker in this process, no sweep scheduled): the report is READY in seconds
 * instead of at the sweep's next run. A report in its grace period is not queued early, and a
 * Redis that is down leaves the mutation working (the sweep remains the guarantee).
 */
import { randomUUID } from 'node:crypto';
import { defaultReportSettings } from '@consilium/analytics/job';
import { createWorker } from '@consilium/analytics/queues';
import { reportJobId } from '@consilium/jobs/payloads';
import { createQueue } from '@consilium/jobs/queue';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { createSession } from '../sessions.ts';
import * as surveys from '../../test/surveys.ts';

const PREFIX = `test-builds-${randomUUID().slice(0, 8)}`;
const NAME = `analytics-${randomUUID()}`;
let t: TestApp;
let connection: Redis;
let worker: Worker;
const queue = () => createQueue({ connection, prefix: PREFIX, name: NAME });

beforeAll(async () => {
  t = await createTestApp({ REPORT_K: '3' }, { reportQueue: { prefix: PREFIX, name: NAME } });
  connection = new Redis(t.env.REDIS_URL, { maxRetriesPerRequest: null });
  worker = createWorker({
    connection, prefix: PREFIX, name: NAME, concurrency: 1,
    deps: { db: t.db, log: pino({ level: 'silent' }), reports: { ...defaultReportSettings, k: 3 } },
  });
  worker.on('error', () => {});
});
afterAll(async () => {
  await worker?.close();
  const q = queue();
  await q.obliterate({ force: true });
  await q.close();
  await connection?.quit();
  await t?.close();
});

const PAY = 'mutation ($o: ID!) { markOrderPaid(orderId: $o) { status } }';
const ORDER = 'mutation ($s: ID!) { orderReport(surveyId: $s) { id } }';
const RETRY = 'mutation ($s: ID!) { retryReport(surveyId: $s) { status } }';
const CLOSE = 'mutation ($id: ID!) { closeSurvey(id: $id) { status } }';

const status = async (surveyId: string) => (await t.db.report.findUnique({ where: { surveyId } }))?.status ?? null;

/** An OPEN survey with `answered` answers, and `unspent` more tokens issued but not used. */
async function answeredSurvey(answered: number, unspent = 0) {
  const survey = await surveys.openSurvey(t, { sampleSize: 100 });
  for (let i = 0; i < answered + unspent; i++) {
    const taken = await surveys.takeToken(t, survey, await t.make.verifiedPhysician());
    if (i < answered) expect((await surveys.answer(t, survey, taken)).res.errors).toBeUndefined();
  }
  const owner = await t.db.account.findFirstOrThrow({ where: { id: survey.createdById } });
  const { token } = await createSession(t.db, owner.id, 1);
  return { survey, clientToken: token };
}

describe('report builds queued by the API', () => {
  it('closing a survey whose every token is spent builds its report without waiting for the sweep', async () => {
    const { survey, clientToken } = await answeredSurvey(3);
    expect((await t.gql(CLOSE, { id: survey.id }, { token: clientToken })).errors).toBeUndefined();
    await expect.poll(() => status(survey.id), { timeout: 10_000, interval: 100 }).toBe('READY');
    const report = await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } });
    expect(report.respondents).toBe(3);
  });

  it('closing a survey with tokens still out does not queue the build before the grace period', async () => {
    const { survey, clientToken } = await answeredSurvey(3, 1);
    expect((await t.gql(CLOSE, { id: survey.id }, { token: clientToken })).errors).toBeUndefined();
    const report = await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } });
    expect(report.dueAt.getTime()).toBeGreaterThan(Date.now() + 47 * 3_600_000);
    const q = queue();
    expect(await q.getJob(reportJobId(survey.id))).toBeUndefined();
    await q.close();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await status(survey.id)).toBe('PENDING');
  });

  it('marking an order paid queues a FAILED report’s build, and the worker builds it', async () => {
    const { survey, clientToken } = await answeredSurvey(3);
    const admin = await t.make.admin();
    await t.db.$transaction([
      t.db.survey.update({ where: { id: survey.id }, data: { status: 'CLOSED', closedAt: new Date(Date.now() - 72 * 3_600_000) } }),
      t.db.report.create({ data: { surveyId: survey.id, dueAt: new Date(Date.now() - 24 * 3_600_000), status: 'FAILED', attempts: 5, failureReason: 'x' } }),
    ]);
    const order = await t.gql<{ orderReport: { id: string } }>(ORDER, { s: survey.id }, { token: clientToken });
    expect((await t.gql(PAY, { o: order.data!.orderReport.id }, { token: admin.token })).data).toEqual({ markOrderPaid: { status: 'PAID' } });
    await expect.poll(() => status(survey.id), { timeout: 10_000, interval: 100 }).toBe('READY');
  });

  it('retrying a report queues its build at once', async () => {
    const { survey } = await answeredSurvey(4);
    const admin = await t.make.admin();
    await t.db.$transaction([
      t.db.survey.update({ where: { id: survey.id }, data: { status: 'CLOSED', closedAt: new Date() } }),
      t.db.report.create({ data: { surveyId: survey.id, dueAt: new Date(Date.now() + 48 * 3_600_000), status: 'FAILED', attempts: 5, failureReason: 'x' } }),
    ]);
    // Due although its grace period runs: every issued token is spent.
    expect((await t.gql(RETRY, { s: survey.id }, { token: admin.token })).data).toEqual({ retryReport: { status: 'PENDING' } });
    await expect.poll(() => status(survey.id), { timeout: 10_000, interval: 100 }).toBe('READY');
    expect((await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).respondents).toBe(4);
  });

  it('a Redis that is down does not fail the payment: one line is logged and the report stays PENDING for the sweep', async () => {
    // Nothing listens on port 1: the connection is refused at once.
    const down = await createTestApp({}, { reportQueue: { prefix: PREFIX, name: NAME, redisUrl: 'redis://127.0.0.1:1', timeoutMs: 1_000 } });
    try {
      const survey = await down.make.survey({ status: 'CLOSED' });
      // k respondents (counted only): fewer would publish nothing, and the order would be refused.
      await down.db.survey.update({ where: { id: survey.id }, data: { responseCount: down.env.REPORT_K } });
      const client = await down.db.account.findFirstOrThrow({ where: { id: survey.createdById } });
      const { token } = await createSession(down.db, client.id, 1);
      await down.db.report.create({ data: { surveyId: survey.id, dueAt: new Date(Date.now() - 3_600_000), status: 'FAILED', failureReason: 'x' } });
      const admin = await down.make.admin();
      const order = await down.gql<{ orderReport: { id: string } }>(ORDER, { s: survey.id }, { token });
      const started = Date.now();
      expect((await down.gql(PAY, { o: order.data!.orderReport.id }, { token: admin.token })).data).toEqual({ markOrderPaid: { status: 'PAID' } });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((await down.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).status).toBe('PENDING');
      const lines = down.logLines.filter((l) => l.includes('report build not queued'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    } finally {
      await down.close();
    }
  });
});
