/**
 * Fault tests: a worker killed in the middle of a build, and a Redis that restarts empty with
 * jobs queued. Either way the report comes out once, with the right figures, because
 * PostgreSQL holds what must be done and the build commits all or nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportResult } from '@consilium/jobs/report-result';
import { createQueue } from '@consilium/jobs/queue';
import { createWorker, scheduleSweeps } from '../queues.ts';
import { useTestDatabase } from '../test/harness.ts';
import { closedSurvey, expectHandFigures, HAND_EXAMPLE } from '../test/reports.ts';
import { runJob } from './registry.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.join(here, '..', '..');
const t = useTestDatabase();
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => Promise<boolean>, timeoutMs = 40_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const reportOf = (surveyId: string) => t.db.report.findUniqueOrThrow({ where: { surveyId } });

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/**
 * The real worker process as a child: src/main.ts, or with `slowCommitMs` the same process with a
 * slow commit injected (src/test/slow-worker.ts).
 */
function startWorker(prefix: string, { slowCommitMs }: { slowCommitMs?: number } = {}): ChildProcess {
  const entry = slowCommitMs ? ['src/test/slow-worker.ts', String(slowCommitMs)] : ['src/main.ts'];
  const child = spawn(process.execPath, ['--import', 'tsx', ...entry], {
    cwd: packageDir,
    env: {
      ...process.env, DATABASE_URL: t.url, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix,
      SWEEP_EVERY_SECONDS: '1', WORKER_LOCK_SECONDS: '2', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'silent', WORKER_HTTP_PORT: '0',
    },
    stdio: 'ignore',
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  });
  return child;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Redis of this test's own, keeping nothing on disk: killing it loses every queued job. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  });
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  await until(async () => probe.connect().then(() => probe.ping()).then(() => true, () => false), 10_000);
  probe.disconnect();
  return child;
}

describe('report faults', () => {
  it('a worker killed in the middle of a build: another worker builds the report once, right', async () => {
    const survey = await closedSurvey(t.db, HAND_EXAMPLE);
    const prefix = `fault-${randomUUID()}`;
    const first = startWorker(prefix, { slowCommitMs: 60_000 });
    // The build has started (its attempt is counted) and now waits inside its transaction.
    await until(async () => (await reportOf(survey.id)).attempts === 1);
    await new Promise((r) => setTimeout(r, 500));
    first.kill('SIGKILL');
    await exited(first);
    expect(await reportOf(survey.id)).toMatchObject({ status: 'PENDING', result: null });

    startWorker(prefix);
    await until(async () => (await reportOf(survey.id)).status === 'READY');
    const report = await reportOf(survey.id);
    expectHandFigures(report.result as unknown as ReportResult);
    expect(report.attempts).toBe(2);
    // More sweeps go by: nothing is built again.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await reportOf(survey.id)).toEqual(report);
    console.log('fault: worker SIGKILLed mid-build | load: 1 report build (commit held 60 s) | builds 1 due / 1 READY found after, attempts 2, built once | lost: 0');
  }, 60_000);

  it('Redis restarts empty with builds queued: the sweep enqueues them again from PostgreSQL', async () => {
    const surveys = [await closedSurvey(t.db, HAND_EXAMPLE), await closedSurvey(t.db, HAND_EXAMPLE)];
    const port = await freePort();
    let redis = await startRedis(port);
    const connection = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null });
    connection.on('error', () => {});
    cleanups.push(() => connection.disconnect());
    const config = { connection, prefix: 'fault', name: `q-${randomUUID()}` };
    const queue = createQueue(config);
    cleanups.push(() => queue.close());
    const deps = { ...t.deps, queue };

    expect(await runJob('reports:enqueue-pending', {}, deps)).toMatchObject({ due: 2 });
    // The earlier test's READY report has its files queued too.
    expect((await queue.getWaiting()).filter((job) => job.name === 'reports:build')).toHaveLength(2);
    redis.kill('SIGKILL');
    await exited(redis);
    redis = await startRedis(port);
    await until(async () => connection.status === 'ready', 10_000);
    expect(await queue.getWaitingCount()).toBe(0);

    const worker = createWorker({ ...config, concurrency: 1, deps });
    worker.on('error', () => {});
    cleanups.push(() => worker.close());
    await scheduleSweeps(queue, 1);
    await until(async () => (await t.db.report.count({ where: { surveyId: { in: surveys.map((s) => s.id) }, status: 'READY' } })) === 2);
    for (const survey of surveys) {
      const report = await reportOf(survey.id);
      expect(report.attempts).toBe(1);
      expectHandFigures(report.result as unknown as ReportResult);
    }
    console.log('fault: Redis restarted empty with builds queued | load: 2 report builds queued | 2 queued / 0 left in Redis / 2 READY found after, built once each | lost: 0');
  }, 60_000);
});
