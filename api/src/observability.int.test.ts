/**
 * /healthz, /readyz, /metrics and request ids, through the koa app on a loopback port. The
 * metrics are scraped after real traffic (logins, a refusal by a rate limit, a bad argument, an
 * answer) and every label value is checked against what must never be in one.
 */
import { createTestDatabase } from '@consilium/db/testing';
import { createDb } from '@consilium/db';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { parseEnv } from './env.ts';
import { createTestApp, serveOnLoopback, TEST_PASSWORD, type TestApp } from './test/harness.ts';
import { answer, answersFor, openSurvey, takeToken } from './test/surveys.ts';

let t: TestApp;
beforeAll(async () => {
  // A fifth of each limit: two failed logins per e-mail and address, then a refusal.
  t = await createTestApp({ RATE_LIMIT_SCALE: '0.2' });
});
afterAll(() => t.close());

const post = (body: object, headers: Record<string, string> = {}) =>
  t.http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Every label value of a Prometheus text exposition. */
function labelValues(exposition: string): string[] {
  return [...exposition.matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
}

/** The value of one series, or undefined. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health and readiness', () => {
  it('/healthz answers while the process runs, without asking anything else', async () => {
    const res = await t.http('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('/readyz says PostgreSQL and Redis answer, and that there is no replica yet', async () => {
    const res = await t.http('/readyz');
    expect(await res.json()).toEqual({ ready: true, postgres: 'ok', redis: 'ok', replica: 'none' });
    expect(res.status).toBe(200);
  });

  it('/readyz stays ready but says degraded, naming Redis, when Redis is unreachable: the balancer keeps answers flowing', async () => {
    const database = await createTestDatabase();
    const env = parseEnv({ NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:1' });
    const db = createDb({ url: database.url, poolMax: 2 });
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    redis.on('error', () => {});
    const down = await serveOnLoopback(buildApp({ env, db, redis, log: pino({ level: 'silent' }) }).app.callback());
    try {
      const res = await fetch(`${down.url}/readyz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, string>;
      expect(body).toMatchObject({ ready: true, degraded: true, postgres: 'ok', replica: 'none' });
      expect(['unreachable', 'timeout']).toContain(body.redis);
      expect((await fetch(`${down.url}/healthz`)).status).toBe(200);
    } finally {
      await down.close();
      redis.disconnect();
      await db.$disconnect();
      await database.drop();
    }
  });
});

describe('request ids', () => {
  it('keeps a well-formed X-Request-Id, returns it, and puts it on the request’s log lines', async () => {
    const physician = await t.make.physician();
    const before = t.logLines.length;
    const res = await post(
      { query: 'mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: physician.account.email, p: TEST_PASSWORD } },
      { 'x-request-id': 'edge-1234abcd' },
    );
    expect(res.headers.get('x-request-id')).toBe('edge-1234abcd');
    const lines = t.logLines.slice(before).map((l) => JSON.parse(l) as { reqId?: string; msg: string });
    expect(lines.some((l) => l.msg === 'logged in')).toBe(true);
    for (const line of lines) expect(line.reqId, line.msg).toBe('edge-1234abcd');
  });

  it('replaces a missing or malformed one with its own', async () => {
    const absent = await t.http('/healthz');
    expect(absent.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await t.http('/healthz', { headers: { 'x-request-id': 'dr.martin@example.org' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(odd.headers.get('x-request-id')).not.toBe(absent.headers.get('x-request-id'));
  });

  it('gives an answer a fresh id, never the one its sender chose (the web server may have logged it beside a session)', async () => {
    const res = await post(
      { query: 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }', variables: { i: {} } },
      { 'x-request-id': 'session-linked-0001' },
    );
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('metrics', () => {
  it('count requests, errors, refusals and the pool, and no label carries an id, a pseudonym, an e-mail, an answer or an address', async () => {
    const survey = await openSurvey(t, { honorariumCents: 700 });
    const physician = await t.make.verifiedPhysician();
    const pseudonym = await t.db.pseudonym.findFirst({ select: { id: true, handle: true } });
    const ip = '198.51.100.23';

    await t.gql('mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: physician.account.email, p: TEST_PASSWORD }, { ip });
    for (let i = 0; i < 3; i++) {
      await t.gql('mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: physician.account.email, p: 'not-the-password-123' }, { ip });
    }
    const taken = await takeToken(t, survey, physician);
    const answered = await answer(t, survey, taken, answersFor(survey, 1, 37), { ip });
    expect(answered.res.errors).toBeUndefined();
    // A name the caller invented (it could say anything) and a bad argument.
    await post({ query: `query dr_martin_example_org_${physician.account.id.replace(/-/g, '_')} { me { id } }` });
    await post({ query: 'query Thread($id: ID!) { thread(id: $id) { id } }', variables: { id: 'not-an-id' } });

    const res = await t.http('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();

    expect(sample(text, 'consilium_graphql_request_duration_seconds_count{operation="Login"}')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'consilium_graphql_request_duration_seconds_count{operation="other"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'consilium_graphql_errors_total{code="RATE_LIMITED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'consilium_graphql_errors_total{code="UNAUTHENTICATED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'consilium_rate_limit_refusals_total{limiter="login-email-ip"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'consilium_http_requests_total{route="/graphql",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'consilium_db_pool_connections{state="max"}')).toBe(4);
    expect(sample(text, 'consilium_db_pool_connections{state="waiting"}')).toBe(0);
    // The answer's receipt was signed on its thread: no fallback to the event loop.
    expect(sample(text, 'consilium_signing_thread_fallbacks')).toBe(0);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);

    const forbidden = [
      physician.account.id, physician.account.email, physician.credential.id, physician.credential.licenseNumber, physician.token,
      survey.id, taken.token.message, taken.token.signature, ...survey.questions.flatMap((q) => [q.id, ...q.choices.map((c) => c.id)]),
      pseudonym?.id, pseudonym?.handle, ip, '203.0.113.7', '127.0.0.1', 'dr_martin',
    ].filter((s): s is string => typeof s === 'string' && s.length > 0).map((s) => s.toLowerCase());
    const values = labelValues(text);
    expect(values.length).toBeGreaterThan(50);
    for (const value of values.map((v) => v.toLowerCase())) {
      expect(value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(value).not.toMatch(/@|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
      for (const secret of forbidden) expect(value, `a label carries ${secret}`).not.toContain(secret);
    }
    // The answer's own request counted too, under its operation's name only.
    expect(text).toContain('route="/graphql"');
  });

  it('are off on the public port in production without METRICS_TOKEN, and need the token when it is set', async () => {
    const log = pino({ level: 'silent' });
    const production = await serveOnLoopback(buildApp({ env: { ...t.env, NODE_ENV: 'production', METRICS_TOKEN: undefined }, db: t.db, redis: t.redis, log }).app.callback());
    const token = 'a-metrics-token-of-at-least-32-characters';
    const guarded = await serveOnLoopback(buildApp({ env: { ...t.env, NODE_ENV: 'production', METRICS_TOKEN: token }, db: t.db, redis: t.redis, log }).app.callback());
    try {
      expect((await fetch(`${production.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-at-least-32-characters' } })).status).toBe(401);
      const allowed = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('consilium_http_requests_total');
    } finally {
      await production.close();
      await guarded.close();
    }
  });
});
