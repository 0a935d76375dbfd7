/**
 * The worker's /healthz, /readyz and /metrics: a real worker on a queue of its own builds a
 * report, and the scrape shows the queue's depths, the job's duration and the build's outcome,
 * with no survey id in any label.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueueReportBuild } from '@consilium/jobs/queue';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createWorkerHttpServer } from './http.ts';
import { jobIdMixin } from './log.ts';
import { createWorkerMetrics } from './metrics.ts';
import { useQueues, useTestDatabase } from './test/harness.ts';
import { closedSurvey, HAND_EXAMPLE } from './test/reports.ts';

const t = useTestDatabase();
const queues = useQueues();

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the worker’s HTTP server', () => {
  it('answers /healthz and /readyz, and its metrics show queue depths, job durations and report builds', async () => {
    const survey = await closedSurvey(t.db, HAND_EXAMPLE);
    const q = queues.setup();
    const queue = q.queue();
    const worker = q.worker({ ...t.deps, queue });
    const metrics = createWorkerMetrics({ db: t.db, queues: [queue] });
    metrics.observe(worker);
    const url = await listen(createWorkerHttpServer({ db: t.db, redis: q.connection, registry: metrics.registry }));

    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ ready: true, postgres: 'ok', redis: 'ok', replica: 'none' });
    expect(ready.status).toBe(200);

    const built = new Promise<Job>((resolve) => worker.on('completed', (job) => job.name === 'reports:build' && resolve(job)));
    await enqueueReportBuild(queue, survey.id);
    await built;
    await queue.add('sessions:purge-expired', {}, { delay: 600_000 });

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, 'consilium_report_builds_total{outcome="built"}')).toBe(1);
    expect(sample(text, 'consilium_job_duration_seconds_count{job="reports:build",result="completed"}')).toBe(1);
    expect(sample(text, `consilium_queue_jobs{queue="${q.name}",state="delayed"}`)).toBe(1);
    expect(sample(text, `consilium_queue_jobs{queue="${q.name}",state="failed"}`)).toBe(0);
    expect(sample(text, 'consilium_db_pool_connections{state="max"}')).toBe(4);
    expect(text).not.toContain(survey.id);
  });

  it('answers /readyz with 503 naming Redis when Redis is unreachable', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: null, retryStrategy: () => 200 });
    redis.on('error', () => {});
    try {
      const url = await listen(createWorkerHttpServer({ db: t.db, redis, registry: new Registry() }));
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as Record<string, string>;
      expect(body).toMatchObject({ ready: false, postgres: 'ok', replica: 'none' });
      expect(['unreachable', 'timeout']).toContain(body.redis);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      redis.disconnect();
    }
  });

  it('asks for the bearer token on /metrics when METRICS_TOKEN is set', async () => {
    const q = queues.setup();
    const token = 'a-metrics-token-of-at-least-32-characters';
    const url = await listen(createWorkerHttpServer({ db: t.db, redis: q.connection, registry: new Registry(), metricsToken: token }));
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe('the worker’s logs', () => {
  it('put the job’s id on every line a job writes', async () => {
    const survey = await closedSurvey(t.db, HAND_EXAMPLE);
    const lines: Array<{ jobId?: string; msg: string }> = [];
    const log = pino({ level: 'info', mixin: jobIdMixin }, { write: (line: string) => void lines.push(JSON.parse(line) as { jobId?: string; msg: string }) });
    const q = queues.setup();
    const queue = q.queue();
    const worker = q.worker({ db: t.db, log, queue });
    const built = new Promise<Job>((resolve) => worker.on('completed', (job) => job.name === 'reports:build' && resolve(job)));
    await enqueueReportBuild(queue, survey.id);
    const job = await built;
    expect(lines.some((l) => l.msg === 'report built')).toBe(true);
    for (const line of lines) expect(line.jobId, line.msg).toBe(job.id);
  });
});
