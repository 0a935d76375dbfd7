/**
 * `pnpm bench:reads`: the discussion's reads under load, through HTTP, as a browser's server
 * would call them — the feed (the full node of bench/feed.ts, with poll counts), the web's own
 * FeedQuery (feed + rooms + tags + specialties), a thread page of 50 replies, and search for a
 * common word (page 1 and page 2). For each: req/s, p50 and p99 with 16 connections, the API
 * process' CPU per request, and the SQL statements one request sends (session check included).
 *
 * Runs against a database seeded by `BENCH_KEEP=1 pnpm bench:feed` (BENCH_DATABASE_URL, the URL
 * it prints), so that it can be run again after each change; the API runs as a child process
 * (`tsx src/main.ts`), autocannon here. BENCH_SECONDS (10), BENCH_CONNECTIONS (16), BENCH_ONLY
 * (comma-separated target names), BENCH_CPU_PROF=dir (writes the API's --cpu-prof there).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { createDb } from '@consilium/db';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { createSession } from '../src/domain/sessions.ts';
import { DEVELOPMENT_SELLER, parseEnv } from '../src/env.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL: the database `BENCH_KEEP=1 pnpm bench:feed` kept');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PORT = 4000 + Math.floor(Math.random() * 900) + 50;

const NODE = 'id title room tags body score myVote replyCount hidden lastActivityAt author { handle specialty country } poll { id question totalVotes myVote options { id label votes } } attachments { id url }';
const FEED = `query ($after: String) { feed(first: 20, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;
const SUMMARY = 'id room title tags author { id handle specialty country } createdAt lastActivityAt score myVote replyCount hidden poll { id } attachments { id }';
const WEB_FEED = `query Feed($room: String, $tag: String, $after: String) { feed(room: $room, tag: $tag, first: 20, after: $after) { edges { cursor node { ${SUMMARY} } } pageInfo { hasNextPage endCursor } } rooms tags(room: $room) { tag count } specialties { code label } }`;
// The web's ThreadQuery (web/src/lib/graphql/discussion.ts) with a page of 50 replies.
const THREAD = `query ($id: ID!, $after: String) { thread(id: $id) { id room title body tags author { id handle specialty country } createdAt lastActivityAt score myVote hidden replyCount attachments { id url mimeType width height } poll { id question totalVotes myVote options { id label votes } } replies(first: 50, after: $after) { edges { node { id threadId parentId body author { id handle specialty country } createdAt score myVote hidden } } pageInfo { hasNextPage endCursor } } } specialties { code label } }`;
const SEARCH = `query ($q: String!, $after: String) { search(query: $q, first: 20, after: $after) { edges { cursor node { ${SUMMARY} } } pageInfo { hasNextPage endCursor } } specialties { code label } }`;

// A thread page of 50 replies costs more than the default GRAPHQL_MAX_COST allows (the web asks 20).
const LIMITS = { RATE_LIMIT_SCALE: '100000', GRAPHQL_MAX_COST: '20000' };
const env = parseEnv({ NODE_ENV: 'test', DATABASE_URL: url, ...LIMITS });
const statements: string[] = [];
const db = createDb({ url, poolMax: 2, onQuery: (sql) => void statements.push(sql) });
const redis = new Redis(env.REDIS_URL);
const { yoga } = buildApp({ env, db, redis, log: pino({ level: 'silent' }) });
const physician = await db.account.findFirstOrThrow({ where: { email: 'bench@example.org' } });
const { token } = await createSession(db, physician.id, 24);

async function gql(query: string, variables: Record<string, unknown>) {
  const response = await yoga.fetch('http://api.local/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const json = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json.data!;
}

// The busiest thread of the first page has the most replies a thread page shows.
const busy = await db.thread.findFirstOrThrow({ where: { replyCount: { gte: 50 } }, orderBy: { lastActivityAt: 'desc' } });
const searchPage2 = (await gql(SEARCH, { q: 'syncope' })).search.pageInfo.endCursor as string;
const targets = {
  feed: { query: FEED, variables: {} },
  'web-feed': { query: WEB_FEED, variables: {} },
  thread: { query: THREAD, variables: { id: busy.id } },
  'search-1': { query: SEARCH, variables: { q: 'syncope' } },
  'search-2': { query: SEARCH, variables: { q: 'syncope', after: searchPage2 } },
};
const only = process.env.BENCH_ONLY?.split(',');

const counts: Record<string, number> = {};
for (const [name, { query, variables }] of Object.entries(targets)) {
  await gql(query, variables);
  statements.length = 0;
  await gql(query, variables);
  counts[name] = statements.length;
}
await db.$disconnect();
await redis.quit();

const prof = process.env.BENCH_CPU_PROF;
// With the V8 flag `pnpm api` gives the API (api/package.json).
const api = spawn(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--max-semi-space-size=32', '--import', 'tsx', 'src/main.ts'], {
  // As in production (graphql-js, koa and others check less there), with the secrets the data was seeded with.
  env: {
    ...process.env,
    NODE_ENV: 'production',
    ...DEVELOPMENT_SELLER,
    ...LIMITS,
    ...{ PSEUDONYM_SECRET: env.PSEUDONYM_SECRET, SURVEY_KEY_SECRET: env.SURVEY_KEY_SECRET, REPORT_LINK_SECRET: env.REPORT_LINK_SECRET, RATE_LIMIT_KEY_SECRET: env.RATE_LIMIT_KEY_SECRET, FACTOR_KEY_SECRET: env.FACTOR_KEY_SECRET, MAIL_TOKEN_SECRET: env.MAIL_TOKEN_SECRET },
    ...{ DATABASE_URL: url, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const cpuMs = () => {
  const fields = readFileSync(`/proc/${api.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

try {
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 120) throw new Error('the API did not start');
    await sleep(250);
  }
  console.log(`${CONNECTIONS} connections, ${SECONDS} s each (after a 3 s warm-up); the API on one Node process\n`);
  console.log(`${'target'.padEnd(10)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU ms/req'.padStart(11)} ${'statements'.padStart(11)} ${'bytes'.padStart(7)}`);
  for (const [name, { query, variables }] of Object.entries(targets)) {
    if (only && !only.includes(name)) continue;
    const options = {
      url: `http://127.0.0.1:${PORT}/graphql`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      connections: CONNECTIONS,
    };
    await autocannon({ ...options, duration: 3 });
    const before = cpuMs();
    const result = await autocannon({ ...options, duration: SECONDS });
    const cpu = (cpuMs() - before) / result.requests.total;
    if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    const bytes = Math.round(result.throughput.total / result.requests.total);
    console.log(`${name.padEnd(10)} ${result.requests.average.toFixed(0).padStart(7)} ${String(result.latency.p50).padStart(7)} ${String(result.latency.p99).padStart(7)} ${cpu.toFixed(2).padStart(11)} ${String(counts[name]).padStart(11)} ${String(bytes).padStart(7)}`);
  }
} finally {
  api.kill('SIGTERM');
}
