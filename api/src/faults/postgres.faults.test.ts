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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, type Member } from '../cluster/cluster.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { finder, loadPlan } from './fixture.ts';
import { faultLine, LEAK, send, startLoad, tally, type Outcome } from './load.ts';
import { ready, startOwnPostgres, startOwnRedis, startReadyApi, stop, type OwnPostgres, type OwnRedis } from './rig.ts';

let pg: OwnPostgres;
let redis: OwnRedis;
let t: TestApp;
let uploads: string;
let env: Record<string, string>;
const started: Member[] = [];

beforeAll(async () => {
  [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  t = await createTestApp({ REDIS_URL: redis.url, REPORT_K: '3' }, { databaseUrl: pg.url });
  t.redis.on('error', () => {});
  uploads = await mkdtemp(path.join(tmpdir(), 'consilium-faults-uploads-'));
  buildNode();
  env = {
    // Not 'test': that silences the logs, which the suite reads.
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    DATABASE_URL: pg.url,
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
  await Promise.allSettled([pg?.close(), redis?.close(), uploads && rm(uploads, { recursive: true, force: true })]);
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

describe('PostgreSQL faults', () => {
  it('PostgreSQL restarted under load: every acknowledged answer, post and login is there afterwards, refusals are 503s, and the API recovers by itself', async () => {
    const a = await api('api-restart');
    const plan = await loadPlan(t, a.port!, 45);
    const load = startLoad(() => a.port!, plan);
    await load.answered(9);
    await pg.stopServer();
    await load.answered(12);
    await pg.startServer();
    await load.answered(9);
    const outcomes = await load.stop();

    const counts = await tally(outcomes, finder(t, plan, () => a.port!));
    console.log(faultLine('PostgreSQL restarted (pg_ctl restart -m fast)', '4 clients: answers, replies, logins', counts));
    console.log(outcomes.filter((o) => !o.acknowledged).map((o) => `${o.op} ${o.status} ${o.code} ${o.retryAfter} ${o.text.slice(0, 300)}`).join('\n'));
    console.log(a.lines.filter((l) => /unexpected/.test(l)).join('\n'));
    expect(Object.values(counts).map((c) => c.lost)).toEqual([0, 0, 0]);
    expectCleanRefusals(outcomes, ['SERVICE_UNAVAILABLE']);
    expect(await ready(a.port!)).toBe(true);
  });
});
