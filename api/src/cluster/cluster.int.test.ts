/**
 * Several processes (issue 15, point 2): three built API processes and two built workers on one
 * database and one Redis prefix, behind HAProxy. Each test talks to a chosen process directly
 * (its own port) to show that what one process did is seen by the others at once; the rolling
 * restart goes through HAProxy.
 */
import { randomBytes } from 'node:crypto';
import { createQueue } from '@consilium/jobs/queue';
import { reportJobId } from '@consilium/jobs/payloads';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { generateSurveyKey } from '../domain/blind-signatures/keys.ts';
import { createSession } from '../domain/sessions.ts';
import { createTestApp, TEST_PASSWORD, type GqlResult, type TestApp } from '../test/harness.ts';
import * as surveys from '../test/surveys.ts';
import { buildNode, freePort, gqlAt, suiteEnv, haproxyBinary, listening, startApi, startHaproxy, startWorker, stop, waitFor, type Balancer, type Member } from './cluster.ts';

const QUEUE_PREFIX = `cluster-${randomBytes(4).toString('hex')}`;
const SWEEP_SECONDS = 2;
let t: TestApp;
let env: Record<string, string>;
const apis: Member[] = [];
const workers: Member[] = [];
let balancer: Balancer;
let redis: Redis;

/** The test app as the survey helpers know it, with its requests sent to API process `i`. */
const via = (i: number): TestApp => ({ ...t, gql: gqlAt(apis[i]!.port!) });
const gql = (i: number) => gqlAt(apis[i]!.port!);

async function healthy(port: number) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  const started = performance.now();
  const haproxy = haproxyBinary(); // fails first, with how to install it, when it is missing
  t = await createTestApp({ REPORT_K: '3', RATE_LIMIT_SCALE: '0.2' });
  buildNode();
  env = suiteEnv(t, { QUEUE_PREFIX, SWEEP_EVERY_SECONDS: String(SWEEP_SECONDS) });
  const ports = [await freePort(), await freePort(), await freePort()];
  ports.forEach((port, i) => apis.push(startApi(`api${i + 1}`, port, env)));
  workers.push(startWorker('worker1', env), startWorker('worker2', env));
  await Promise.all(apis.map((api) => waitFor(() => `${api.name} (${api.lines.slice(-5).join('\n')})`, () => healthy(api.port!), 90_000)));
  await Promise.all(workers.map((w) => waitFor(() => `${w.name} (${w.lines.slice(-5).join('\n')})`, async () => w.lines.some((line) => line.includes('worker started')), 90_000)));
  balancer = await startHaproxy(haproxy, ports);
  redis = new Redis(t.env.REDIS_URL, { maxRetriesPerRequest: null });
  console.log(`cluster: 3 API processes, 2 workers and HAProxy up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 180_000);

afterAll(async () => {
  await balancer?.close();
  await Promise.all([...apis, ...workers].map((member) => stop(member, 10_000)));
  if (redis) {
    const queue = createQueue({ connection: redis, prefix: QUEUE_PREFIX });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await redis.quit();
  }
  await t?.close();
}, 60_000);

const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const ME = '{ me { id } }';
const LOGOUT = 'mutation { logout }';
const CLOSE = 'mutation ($id: ID!) { closeSurvey(id: $id) { status } }';
const ISSUE = 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment blindSignature } }';
const codeOf = (res: GqlResult) => res.errors?.[0]?.extensions?.code;

async function clientTokenOf(survey: { createdById: string }) {
  return (await createSession(t.db, survey.createdById, 1)).token;
}

describe('three API processes and two workers on one database and Redis', () => {
  it('a session opened through one process works on the others, and a logout through one ends it on all at once', async () => {
    const physician = await t.make.physician('cluster-session@example.org');
    const login = await gql(0)<{ login: { token: string } }>(LOGIN, { e: 'cluster-session@example.org', p: TEST_PASSWORD });
    expect(login.errors).toBeUndefined();
    const token = login.data!.login.token;
    for (const i of [0, 1, 2]) {
      expect((await gql(i)<{ me: { id: string } }>(ME, {}, { token })).data?.me?.id).toBe(physician.account.id);
    }
    // Every process has just read the session; one of them ends it.
    expect((await gql(1)(LOGOUT, {}, { token })).data).toEqual({ logout: true });
    for (const i of [0, 2]) {
      expect((await gql(i)<{ me: { id: string } | null }>(ME, {}, { token })).data?.me ?? null).toBeNull();
    }
  });

  it('counts failed logins across processes: the limits and the lockout are global', async () => {
    await t.make.physician('cluster-guess@example.org');
    // RATE_LIMIT_SCALE 0.2: 2 attempts per e-mail and address, 20 per e-mail.
    const attacker = '198.51.100.31';
    for (const i of [0, 1]) {
      expect(codeOf(await gql(i)(LOGIN, { e: 'cluster-guess@example.org', p: 'wrong-guess-000000' }, { ip: attacker }))).toBe('UNAUTHENTICATED');
    }
    const third = await gql(2)(LOGIN, { e: 'cluster-guess@example.org', p: TEST_PASSWORD }, { ip: attacker });
    expect(third.status).toBe(429);
    expect(codeOf(third)).toBe('RATE_LIMITED');

    // A guess spread over 18 more addresses and the three processes reaches the e-mail's ceiling of 20.
    const codes = [];
    for (let n = 0; n < 19; n++) {
      codes.push(codeOf(await gql(n % 3)(LOGIN, { e: 'cluster-guess@example.org', p: 'wrong-guess-000000' }, { ip: `198.18.31.${n + 1}` })));
    }
    expect(codes).toEqual([...Array(18).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    for (const i of [0, 1, 2]) {
      expect(codeOf(await gql(i)(LOGIN, { e: 'cluster-guess@example.org', p: TEST_PASSWORD }, { ip: `198.18.32.${i + 1}` }))).toBe('RATE_LIMITED');
    }
  });

  it('a survey closed through one process refuses answers through the others at once', async () => {
    const survey = await surveys.openSurvey(t, { sampleSize: 50 });
    const physicians = await Promise.all([1, 2, 3, 4, 5].map(() => t.make.verifiedPhysician()));
    const late = physicians.pop()!;
    const tokens = [];
    for (const [n, physician] of physicians.entries()) tokens.push(await surveys.takeToken(via(n % 3), survey, physician));
    // Processes 2 and 3 take an answer each first: whatever they keep of the survey is warm.
    expect((await surveys.answer(via(1), survey, tokens[0]!, undefined, { ip: '198.51.100.41' })).res.errors).toBeUndefined();
    expect((await surveys.answer(via(2), survey, tokens[1]!, undefined, { ip: '198.51.100.42' })).res.errors).toBeUndefined();

    expect((await gql(0)(CLOSE, { id: survey.id }, { token: await clientTokenOf(survey) })).data).toEqual({ closeSurvey: { status: 'CLOSED' } });

    for (const [n, i] of [[2, 1], [3, 2]] as const) {
      const { res } = await surveys.answer(via(i), survey, tokens[n]!, undefined, { ip: `198.51.100.5${n}` });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.errors)).toMatch(/closed/i);
    }
    // Nor does any process issue a token for it any more (each keeps the survey in a cache).
    for (const i of [1, 2]) {
      const blinded = await prepareAndBlind(survey.receiptPublicKey!);
      const issued = await gql(i)(ISSUE, { s: survey.id, b: blinded.blindedMessage }, { token: late.token });
      expect(codeOf(issued)).toBe('BAD_USER_INPUT');
    }
    expect(await surveys.stored(t, survey.id)).toMatchObject({ responses: 2, spent: 2 });
  });

  it('creates a survey\'s keys once when two processes need them at the same moment', async () => {
    // A survey opened without its keys (as one opened before key labels existed): the first
    // issue, on whichever process, makes them.
    const client = await t.make.client();
    const receipt = await generateSurveyKey(t.env.SURVEY_KEY_SECRET);
    const survey = await t.db.survey.create({
      data: {
        organizationId: client.account.organizationId!, createdById: client.account.id, title: 'Keys on first need', description: 'One question.',
        status: 'OPEN', openedAt: new Date(), sampleSize: 50, honorariumCents: 1000, targetSpecialties: ['cardiology'],
        receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey,
        questions: { create: [{ position: 0, kind: 'NUMBER', prompt: 'Patients a week?', min: 0, max: 300 }] },
      },
    });
    const physicians = await Promise.all([1, 2, 3, 4].map(() => t.make.verifiedPhysician()));
    // The blinded messages are made with a key of the same size: what matters is the key row.
    // Blinded under another modulus, a message can be above the real one (then refused as out of
    // range), so its top byte is cleared: below 2^2040, it is smaller than any 2048-bit modulus.
    const stand = (await generateSurveyKey(t.env.SURVEY_KEY_SECRET)).publicKey;
    const blinded = await Promise.all(physicians.map(async () => {
      const bytes = Buffer.from((await prepareAndBlind(stand)).blindedMessage, 'base64url');
      bytes[0] = 0;
      return { blindedMessage: bytes.toString('base64url') };
    }));
    expect(await t.db.surveySegmentKey.count({ where: { surveyId: survey.id } })).toBe(0);

    const issued = await Promise.all(physicians.map((p, n) => gql(n % 3)(ISSUE, { s: survey.id, b: blinded[n]!.blindedMessage }, { token: p.token })));
    expect(issued.map((res) => res.errors)).toEqual([undefined, undefined, undefined, undefined]);
    const keys = await t.db.surveySegmentKey.findMany({ where: { surveyId: survey.id } });
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys.map((key) => key.segment)).size).toBe(keys.length);
    // One set: every process signed with the same key pair.
    const segments = new Set(issued.map((res) => (res.data as { issueSurveyToken: { segment: string } }).issueSurveyToken.segment));
    expect(segments.size).toBe(1);
    expect(keys.map((key) => key.segment)).toContain([...segments][0]);
  });

  it('builds each report once with two workers, whose sweeps are scheduled once', async () => {
    const survey = await surveys.openSurvey(t, { sampleSize: 50 });
    for (let n = 0; n < 3; n++) {
      const taken = await surveys.takeToken(via(n), survey, await t.make.verifiedPhysician());
      expect((await surveys.answer(via(n), survey, taken, surveys.answersFor(survey, n % 2, 10 + n), { ip: `198.51.100.6${n}` })).res.errors).toBeUndefined();
    }
    // Every token is spent: closing queues the build at once, and both workers' sweeps find it due too.
    expect((await gql(1)(CLOSE, { id: survey.id }, { token: await clientTokenOf(survey) })).errors).toBeUndefined();
    await expect.poll(async () => (await t.db.report.findUnique({ where: { surveyId: survey.id } }))?.status, { timeout: 20_000, interval: 200 }).toBe('READY');
    // Two more sweeps of each worker: none builds it again.
    await new Promise((resolve) => setTimeout(resolve, (2 * SWEEP_SECONDS + 1) * 1_000));
    const report = await t.db.report.findUniqueOrThrow({ where: { surveyId: survey.id } });
    expect(report).toMatchObject({ status: 'READY', respondents: 3, attempts: 1 });
    const builds = workers.flatMap((w) => w.lines).filter((line) => line.includes(`"jobId":"${reportJobId(survey.id)}"`) && line.includes('job completed'));
    expect(builds).toHaveLength(1);

    const queue = createQueue({ connection: redis, prefix: QUEUE_PREFIX });
    try {
      const schedulers = await queue.getJobSchedulers();
      const names = schedulers.map((s) => s.key).sort();
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
      // Each sweep has one next run waiting, not one per worker.
      const waiting = await queue.getJobs(['delayed', 'waiting', 'prioritized']);
      const repeats = waiting.filter((job) => job.id?.startsWith('repeat:'));
      for (const name of names) expect(repeats.filter((job) => job.name === name).length, name).toBeLessThanOrEqual(1);
    } finally {
      await queue.close();
    }
  }, 40_000);

  it('loses no request during a rolling restart: each API process in turn is sent SIGTERM and started again under load', async () => {
    const physician = await t.make.physician();
    const url = `http://127.0.0.1:${balancer.port}/graphql?query=${encodeURIComponent(ME)}`;
    let running = true;
    const failures: string[] = [];
    let served = 0;
    // Idempotent reads (GET) from 6 clients at once, through HAProxy, for as long as the restart lasts.
    const clients = Array.from({ length: 6 }, async () => {
      while (running) {
        try {
          const response = await fetch(url, { headers: { authorization: `Bearer ${physician.token}`, 'x-forwarded-for': '198.51.100.70' } });
          const text = await response.text();
          const body = (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as GqlResult<{ me: { id: string } }>;
          if (response.status !== 200 || body.data?.me?.id !== physician.account.id) failures.push(`${response.status} ${text.slice(0, 120)}`);
          else served++;
        } catch (err) {
          failures.push(String((err as Error).cause ?? err));
        }
      }
    });
    const before = served;
    await waitFor('load', async () => served > before + 50);
    for (const [i, old] of apis.entries()) {
      const countedBefore = served;
      const exit = await stop(old);
      expect(exit, old.name).toEqual({ code: 0, signal: null });
      expect(old.lines.some((line) => line.includes('shutting down'))).toBe(true);
      expect(old.lines.some((line) => line.includes('"stopped"'))).toBe(true);
      expect(await listening(old.port!)).toBe(false);
      const fresh = startApi(old.name, old.port!, env);
      apis[i] = fresh;
      await waitFor(`${fresh.name} again`, () => healthy(fresh.port!), 60_000);
      // Two good checks 500 ms apart take it back; the load went on meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(served, `requests served while ${old.name} restarted`).toBeGreaterThan(countedBefore);
    }
    running = false;
    await Promise.all(clients);
    console.log(`cluster: rolling restart of 3 API processes: ${served} reads served, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(200);
  }, 240_000);
});
