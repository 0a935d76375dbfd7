/**
 * OpenTelemetry tracing, end to end: the real API process (from source) with
 * OTEL_EXPORTER_OTLP_ENDPOINT pointed at a tiny OTLP/HTTP receiver on loopback. A request
 * produces exported spans (the HTTP server's, koa's, and PostgreSQL's statements under them),
 * and nothing exported carries what the request was about: the e-mail it logged in with (a
 * statement parameter), the variables of a GET (a URL's query string) or the caller's address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@consilium/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from './cluster/cluster.ts';
import { serveOnLoopback, type Served } from './test/harness.ts';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EMAIL = 'dr.tracing-probe@example.org';

interface OtlpSpan {
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

let database: TestDatabase;
let receiver: Served;
let api: ChildProcess;
let apiUrl: string;
const bodies: string[] = [];
const output: string[] = [];

function spans(): OtlpSpan[] {
  return bodies.flatMap((body) => {
    const parsed = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
    return parsed.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await serveOnLoopback((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: {
      ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1',
      DATABASE_URL: database.url, REDIS_PREFIX: `test:${randomBytes(6).toString('hex')}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Export every 200 ms instead of every 5 s: the test waits for the spans, not a clock.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => output.push(chunk.toString('utf8'));
  api.stdout!.on('data', keep);
  api.stderr!.on('data', keep);
  await waitFor(() => `the API with tracing to answer /readyz\n${output.join('')}`, async () => (await fetch(`${apiUrl}/readyz`).catch(() => null))?.ok ?? false, 60_000);
}, 90_000);

afterAll(async () => {
  if (api && api.exitCode === null) {
    const exited = new Promise((resolve) => api.once('exit', resolve));
    api.kill('SIGTERM');
    await exited;
  }
  await receiver?.close();
  await database?.drop();
});

describe('tracing with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('exports the spans of a request, and none of them carries an e-mail, an id, the variables or an address', async () => {
    const login = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' },
      body: JSON.stringify({ query: 'mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: EMAIL, p: 'not-a-password-of-anyone' } }),
    });
    expect(login.status).toBe(200);
    const query = new URLSearchParams({ query: 'query Thread($id: ID!) { thread(id: $id) { id } }', variables: JSON.stringify({ id: '0b7a4c56-3c1e-4c41-9d37-5b2f0a1e9c11' }) });
    expect((await fetch(`${apiUrl}/graphql?${query}`)).status).toBe(200);

    await waitFor('an HTTP server span and a PostgreSQL span exported', async () => {
      const all = spans();
      return all.some((s) => s.kind === 2 && s.attributes.some((a) => a.key === 'http.route' || a.key === 'http.method' || a.key === 'http.request.method'))
        && all.some((s) => s.attributes.some((a) => a.key === 'db.system' || a.key === 'db.system.name'));
    }, 30_000);

    const exported = bodies.join('\n');
    for (const secret of [EMAIL, 'dr.tracing-probe', '0b7a4c56-3c1e-4c41-9d37-5b2f0a1e9c11', '198.51.100.77', 'not-a-password-of-anyone']) {
      expect(exported, `an exported span carries ${secret}`).not.toContain(secret);
    }
    for (const span of spans()) {
      for (const { key } of span.attributes) expect(key).not.toMatch(/client\.address|peer|user_agent|url\.query|http\.target|http\.url|url\.full|db\.postgresql\.values/);
    }
  });

  it('leaves out the probes and scrapes', async () => {
    const before = spans().length;
    await fetch(`${apiUrl}/healthz`);
    await fetch(`${apiUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    await waitFor('the next request exported', async () => spans().length > before, 30_000);
    expect(spans().some((s) => s.name.includes('healthz'))).toBe(false);
  });
});
