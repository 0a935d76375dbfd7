/**
 * Redis Cluster (issue 15, point 4): two built API processes and two built workers with
 * REDIS_URL=redis+cluster://… naming three masters on loopback ports. The limits, the lockout,
 * idempotent retries and BullMQ's queue (its jobs, its schedulers) behave as on one server, with
 * the queue's keys in one hash slot and everything else spread over the masters.
 */
import { randomBytes } from 'node:crypto';
import { createQueue } from '@consilium/jobs/queue';
import { reportJobId } from '@consilium/jobs/payloads';
import { createRedis, deleteKeys, keysMatching, queuePrefix, type RedisClient } from '@consilium/jobs/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../domain/sessions.ts';
import { createTestApp, type GqlResult, type TestApp } from '../test/harness.ts';
import { startRedisCluster, type RedisCluster } from '../test/redis-cluster.ts';
import * as surveys from '../test/surveys.ts';
import { buildNode, freePort, gqlAt, suiteEnv, listening, startApi, startWorker, stop, waitFor, type Member } from './cluster.ts';

const QUEUE_PREFIX = `rc-${randomBytes(4).toString('hex')}`;
const SWEEP_SECONDS = 2;
let redisCluster: RedisCluster;
let t: TestApp;
let redis: RedisClient;
const apis: Member[] = [];
const workers: Member[] = [];

const via = (i: number): TestApp => ({ ...t, gql: gqlAt(apis[i]!.port!) });
const gql = (i: number) => gqlAt(apis[i]!.port!);
const codeOf = (res: GqlResult) => res.errors?.[0]?.extensions?.code;
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const CLOSE = 'mutation ($id: ID!) { closeSurvey(id: $id) { status } }';

beforeAll(async () => {
  redisCluster = await startRedisCluster();
  t = await createTestApp({ REDIS_URL: redisCluster.url, REPORT_K: '3', RATE_LIMIT_SCALE: '0.2' });
  buildNode();
  const env = suiteEnv(t, { REDIS_URL: redisCluster.url, QUEUE_PREFIX, SWEEP_EVERY_SECONDS: String(SWEEP_SECONDS) });
  const ports = [await freePort(), await freePort()];
  ports.forEach((port, i) => apis.push(startApi(`api${i + 1}`, port, env)));
  workers.push(startWorker('worker1', env), startWorker('worker2', env));
  await Promise.all(apis.map((api) => waitFor(() => `${api.name} (${api.lines.slice(-5).join('\n')})`, () => listening(api.port!), 90_000)));
  await Promise.all(workers.map((w) => waitFor(() => `${w.name} (${w.lines.slice(-5).join('\n')})`, async () => w.lines.some((line) => line.includes('worker started')), 90_000)));
  redis = createRedis(redisCluster.url, { maxRetriesPerRequest: null });
}, 180_000);

afterAll(async () => {
  await Promise.all([...apis, ...workers].map((member) => stop(member, 10_000)));
  if (redis) {
    const queue = createQueue({ connection: redis, prefix: queuePrefix(redisCluster.url, QUEUE_PREFIX) });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await redis.quit();
  }
  await t?.close();
  await redisCluster?.stop();
}, 60_000);

/** Keys matching `pattern` on each master, by port. */
async function keysByNode(pattern: string): Promise<number[]> {
  return Promise.all(redisCluster.ports.map(async (port) => {
    const node = new Redis({ host: '127.0.0.1', port });
    try {
      return (await node.keys(pattern)).length;
    } finally {
      node.disconnect();
    }
  }));
}

describe('two API processes and two workers on a Redis Cluster of three masters', () => {
  it('counts failed logins across processes and masters: the limits and the lockout hold', async () => {
    await t.make.physician('rc-guess@example.org');
    // RATE_LIMIT_SCALE 0.2: 2 attempts per e-mail and address, 20 per e-mail.
    const attacker = '198.51.100.71';
    for (const i of [0, 1]) {
      expect(codeOf(await gql(i)(LOGIN, { e: 'rc-guess@example.org', p: 'wrong-guess-000000' }, { ip: attacker }))).toBe('UNAUTHENTICATED');
    }
    const third = await gql(0)(LOGIN, { e: 'rc-guess@example.org', p: 'wrong-guess-000000' }, { ip: attacker });
    expect(third.status).toBe(429);
    expect(codeOf(third)).toBe('RATE_LIMITED');
    // Another address is not locked out by the first one's guesses.
    expect(codeOf(await gql(1)(LOGIN, { e: 'rc-guess@example.org', p: 'wrong-guess-000000' }, { ip: '198.51.100.72' }))).toBe('UNAUTHENTICATED');
  });

  it('runs an idempotent retry once whichever process it reaches', async () => {
    const physician = await t.make.verifiedPhysician();
    const create = 'mutation ($i: ThreadInput!) { createThread(input: $i) { id } }';
    const variables = { i: { room: 'general', title: 'Sent twice through a cluster', body: 'Once is enough.' } };
    const headers = { 'idempotency-key': `rc-${randomBytes(8).toString('hex')}` };
    const first = await gql(0)<{ createThread: { id: string } }>(create, variables, { token: physician.token, headers });
    const retry = await gql(1)<{ createThread: { id: string } }>(create, variables, { token: physician.token, headers });
    expect(first.errors).toBeUndefined();
    expect(retry.data?.createThread.id).toBe(first.data?.createThread.id);
    expect(await t.db.thread.count({ where: { title: 'Sent twice through a cluster' } })).toBe(1);
  });

  it('builds each report once with two workers, whose sweeps are scheduled once, with the queue in one hash slot', async () => {
    const survey = await surveys.openSurvey(t, { sampleSize: 50 });
    for (let n = 0; n < 3; n++) {
      const taken = await surveys.takeToken(via(n % 2), survey, await t.make.verifiedPhysician());
      expect((await surveys.answer(via(n % 2), survey, taken, surveys.answersFor(survey, n % 2, 10 + n), { ip: `198.51.100.8${n}` })).res.errors).toBeUndefined();
    }
    const client = (await createSession(t.db, survey.createdById, 1)).token;
    expect((await gql(1)(CLOSE, { id: survey.id }, { token: client })).errors).toBeUndefined();
    await expect.poll(async () => (await t.db.report.findUnique({ where: { surveyId: survey.id } }))?.status, { timeout: 30_000, interval: 200 }).toBe('READY');
    await new Promise((resolve) => setTimeout(resolve, (2 * SWEEP_SECONDS + 1) * 1_000));
    expect(await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } })).toMatchObject({ status: 'READY', respondents: 3, attempts: 1 });
    const builds = workers.flatMap((w) => w.lines).filter((line) => line.includes(`"jobId":"${reportJobId(survey.id)}"`) && line.includes('job completed'));
    expect(builds).toHaveLength(1);

    const queue = createQueue({ connection: redis, prefix: queuePrefix(redisCluster.url, QUEUE_PREFIX) });
    try {
      const names = (await queue.getJobSchedulers()).map((s) => s.key).sort();
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
      const repeats = (await queue.getJobs(['delayed', 'waiting', 'prioritized'])).filter((job) => job.id?.startsWith('repeat:'));
      for (const name of names) expect(repeats.filter((job) => job.name === name).length, name).toBeLessThanOrEqual(1);
    } finally {
      await queue.close();
    }
    // BullMQ's keys: all on one master (the hash tag); the API's own keys: spread over several.
    const queueKeys = await keysByNode(`{${QUEUE_PREFIX}}:*`);
    expect(queueKeys.filter((count) => count > 0)).toHaveLength(1);
    const apiKeys = await keysByNode(`${t.env.REDIS_PREFIX}:*`);
    expect(apiKeys.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('cleans up through the cluster client as the harness does', async () => {
    const marker = `${t.env.REDIS_PREFIX}:cleanup:${randomBytes(4).toString('hex')}`;
    await Promise.all([0, 1, 2, 3, 4, 5].map((n) => redis.set(`${marker}:${n}`, '1')));
    expect(await keysMatching(redis, `${marker}:*`)).toHaveLength(6);
    await deleteKeys(redis, await keysMatching(redis, `${marker}:*`));
    expect(await keysMatching(redis, `${marker}:*`)).toHaveLength(0);
  });
});
