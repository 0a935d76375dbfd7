/**
 * `pnpm bench:peers`: the discussion's reads side by side with two peers over one database —
 * the Consilium API (src/main.ts, real HTTP), a hand-written koa + pg server returning the API's
 * JSON byte for byte with the same session check (peers/baseline.ts), and PostGraphile 5 (no
 * session check) — each in its own process, loaded by autocannon from this one.
 *
 * Seeds discussion-data.ts at BENCH_THREADS (50,000), BENCH_REPLIES (500,000), BENCH_VOTES
 * (370,000), BENCH_POLL_VOTES (100,000), BENCH_LONG_REPLIES (50); checks, before any timing, that
 * the baseline's body equals the API's and that PostGraphile returns the same rows (and fails if
 * not); counts each server's SQL statements for one request of each kind (peers/statement-count.ts);
 * then runs BENCH_ROUNDS (3) interleaved rounds — for each request kind, for each server, a
 * BENCH_WARMUP (2 s) warm-up then BENCH_DURATION (10 s) with BENCH_CONNECTIONS (16) — and prints
 * the medians and the issue's ratios. A missed target is reported, not an error.
 * BENCH_KEEP=1 keeps the database (its URL is printed). BENCH_API_DIR: the `api/` folder of another
 * checkout, run beside as `api-before` (before and after on the same data, interleaved);
 * BENCH_API_JS=0 leaves out `api-js`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { seedDiscussion, sizesFromEnv } from './discussion-data.ts';
import { DEVELOPMENT_SELLER } from '../src/env.ts';
import { apiBodies, BASELINE_ROUTE, KINDS, POSTGRAPHILE_SEARCH_FUNCTION, postgraphileBodies, rowsOf, webOperations, type GraphQLBody, type Kind } from './peers/requests.ts';
import { printMedians, printRun, type Run } from './peers/report.ts';

const SIZES = sizesFromEnv({ threads: 50_000, replies: 500_000, votes: 370_000, pollVotes: 100_000, longThreadReplies: 50 });
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

/** `api-js`: the same API with GRAPHQL_FAST_PATH=false (every field through graphql-js), for the fast path's gain in the same run. */
type Server = 'api' | 'api-before' | 'api-js' | 'baseline' | 'postgraphile';
const BEFORE = process.env.BENCH_API_DIR ? path.resolve(process.env.BENCH_API_DIR) : null;
const SERVERS: Server[] = ['api', ...(BEFORE ? (['api-before'] as const) : []), ...(process.env.BENCH_API_JS === '0' ? [] : (['api-js'] as const)), 'baseline', 'postgraphile'];
const here = path.dirname(fileURLToPath(import.meta.url));
const PORTS: Record<Server, number> = { api: 4791, 'api-before': 4795, 'api-js': 4794, baseline: 4792, postgraphile: 4793 };

interface Request {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 4 });
const secret = () => randomBytes(32).toString('hex');
const pseudonymSecret = secret();
const children = new Map<Server, ChildProcess>();

/** Starts a server in its own process; resolves once it listens. */
async function start(server: Server, file: string, env: Record<string, string>): Promise<void> {
  // The API with the V8 flag `pnpm api` gives it (api/package.json); the peers with Node's defaults.
  const flags = server.startsWith('api') ? ['--max-semi-space-size=32'] : [];
  const child = fork(server === 'api-before' ? path.join(BEFORE!, 'bench', 'peers', file) : path.join(here, 'peers', file), [], { execArgv: [...flags, '--import', 'tsx'], env: { ...process.env, ...env, PORT: String(PORTS[server]) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.set(server, child);
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${server} exited (${code}) before it listened`))));
  await Promise.race([exited, waitUntilListening(server)]);
}

async function waitUntilListening(server: Server): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const answer = await fetch(`http://127.0.0.1:${PORTS[server]}/`, { method: 'HEAD' }).catch(() => null);
    if (answer) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${server} did not listen within 60 s`);
}

/** Ends a server and waits for its exit (its connections must be gone before the database is dropped). */
function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  return exit.finally(() => clearTimeout(timer));
}

/** The running count of SQL statements the server has sent (peers/statement-count.ts). */
function statementsOf(server: Server): Promise<number> {
  const child = children.get(server)!;
  return new Promise((resolve) => {
    const listen = (message: { statements?: number }) => {
      if (typeof message.statements !== 'number') return;
      child.off('message', listen);
      resolve(message.statements);
    };
    child.on('message', listen);
    child.send({ statements: true });
  });
}

function requestFor(server: Server, kind: Kind, token: string, api: GraphQLBody, postgraphile: GraphQLBody): Request {
  const graphql = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const session = { ...graphql, authorization: `Bearer ${token}`, 'accept-language': 'fr' };
  if (server === 'postgraphile') return { url: `http://127.0.0.1:${PORTS.postgraphile}/graphql`, headers: graphql, body: JSON.stringify(postgraphile) };
  const route = server.startsWith('api') ? '/graphql' : BASELINE_ROUTE[kind];
  return { url: `http://127.0.0.1:${PORTS[server]}${route}`, headers: session, body: JSON.stringify(api) };
}

async function send(request: Request): Promise<string> {
  const answer = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await answer.text();
  if (answer.status !== 200 || text.includes('"errors"')) throw new Error(`${request.url} answered ${answer.status}: ${text.slice(0, 500)}`);
  return text;
}

/** Where two bodies first differ, with some context, for the failure message. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at byte ${i}:\n  api:      …${a.slice(Math.max(0, i - 80), i + 80)}\n  baseline: …${b.slice(Math.max(0, i - 80), i + 80)}`;
}

/** Every request of the run, checked: the baseline's body is the API's, PostGraphile's rows are the API's. */
async function prepare(token: string): Promise<Record<Kind, Record<Server, Request>>> {
  const web = await webOperations();
  const firstApi = apiBodies(web, null);
  const apiSearch = JSON.parse(await send(requestFor('api', 'search p1', token, firstApi['search p1'], postgraphileBodies(null)['search p1'])));
  const pglSearch = JSON.parse(await send(requestFor('postgraphile', 'search p1', token, firstApi['search p1'], postgraphileBodies(null)['search p1'])));
  const api = apiBodies(web, apiSearch.data.search.pageInfo.endCursor);
  const pgl = postgraphileBodies(pglSearch.data.peersSearchThreads.pageInfo.endCursor);
  const requests = {} as Record<Kind, Record<Server, Request>>;
  for (const kind of KINDS) {
    requests[kind] = Object.fromEntries(SERVERS.map((server) => [server, requestFor(server, kind, token, api[kind], pgl[kind])])) as Record<Server, Request>;
    const bodies = Object.fromEntries(await Promise.all(SERVERS.map(async (server) => [server, await send(requests[kind][server])] as const))) as Record<Server, string>;
    const { api: fromApi, baseline: fromBaseline, postgraphile: fromPostgraphile } = bodies;
    for (const other of SERVERS.filter((server) => server.startsWith('api-'))) {
      if (bodies[other] !== fromApi) throw new Error(`${kind}: ${other}'s body is not the API's ${firstDifference(fromApi, bodies[other])}`);
    }
    if (fromApi !== fromBaseline) throw new Error(`${kind}: the baseline's body is not the API's (${fromApi.length} and ${fromBaseline.length} bytes) ${firstDifference(fromApi, fromBaseline)}`);
    const apiRows = JSON.stringify(rowsOf(kind, JSON.parse(fromApi).data, 'api'));
    const pglRows = JSON.stringify(rowsOf(kind, JSON.parse(fromPostgraphile).data, 'postgraphile'));
    if (apiRows !== pglRows) throw new Error(`${kind}: PostGraphile's rows are not the API's:\n  api:          ${apiRows.slice(0, 600)}\n  postgraphile: ${pglRows.slice(0, 600)}`);
    const count = (JSON.parse(apiRows) as unknown[]).length;
    console.log(`  ${kind.padEnd(26)} identical bodies from ${SERVERS.filter((server) => server !== 'postgraphile').join(', ')} (${fromApi.length} bytes), same rows in PostGraphile (${kind.startsWith('thread') ? 'thread + replies' : `${count} threads`})`);
  }
  return requests;
}

/** SQL statements of one request of each kind on each server. */
async function countStatements(requests: Record<Kind, Record<Server, Request>>): Promise<Record<Kind, Record<Server, number>>> {
  const counts = {} as Record<Kind, Record<Server, number>>;
  for (const kind of KINDS) {
    counts[kind] = {} as Record<Server, number>;
    for (const server of SERVERS) {
      const before = await statementsOf(server);
      await send(requests[kind][server]);
      counts[kind][server] = (await statementsOf(server)) - before;
    }
  }
  return counts;
}

/** CPU time (user + system, ms) the server's process has used so far: what each request costs it, whatever else the machine runs. */
function cpuMsOf(server: Server): number {
  const fields = readFileSync(`/proc/${children.get(server)!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function load(request: Request, seconds: number): Promise<autocannon.Result> {
  const result = await autocannon({ url: request.url, method: 'POST', headers: request.headers, body: request.body, connections: CONNECTIONS, duration: seconds });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(`${request.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers under load`);
  }
  return result;
}

try {
  console.log(`seeding (${JSON.stringify(SIZES)})`);
  const { token, counts } = await seedDiscussion(db, pseudonymSecret, SIZES);
  await db.$executeRawUnsafe(POSTGRAPHILE_SEARCH_FUNCTION);
  const tag = randomBytes(4).toString('hex');
  const apiEnv = {
    NODE_ENV: 'production', HOST: '127.0.0.1', DATABASE_URL: database.url, LOG_LEVEL: 'silent', RATE_LIMIT_SCALE: '1000000',
    ...DEVELOPMENT_SELLER,
    // The thread page with 50 replies (the web asks 20) costs 8,029 > the default limit of 5,000.
    GRAPHQL_MAX_COST: '20000',
    REDIS_PREFIX: `bench-peers-${tag}`, QUEUE_PREFIX: `bench-peers-${tag}`,
    PSEUDONYM_SECRET: pseudonymSecret, SURVEY_KEY_SECRET: secret(), REPORT_LINK_SECRET: secret(), RATE_LIMIT_KEY_SECRET: secret(),
    FACTOR_KEY_SECRET: secret(), MAIL_TOKEN_SECRET: secret(),
  };
  await start('api', 'api-server.ts', apiEnv);
  if (BEFORE) await start('api-before', 'api-server.ts', apiEnv);
  if (SERVERS.includes('api-js')) await start('api-js', 'api-server.ts', { ...apiEnv, GRAPHQL_FAST_PATH: 'false' });
  await start('baseline', 'baseline.ts', { NODE_ENV: 'production', DATABASE_URL: database.url, PSEUDONYM_SECRET: pseudonymSecret });
  await start('postgraphile', 'postgraphile.ts', { NODE_ENV: 'production', GRAPHILE_ENV: 'production', DATABASE_URL: database.url });
  console.log('\nchecks before timing:');
  const requests = await prepare(token);
  const statements = await countStatements(requests);
  console.log(`\n${ROUNDS} interleaved rounds, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s each:`);
  const runs: Run[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of KINDS) {
      for (const server of SERVERS) {
        if (WARMUP > 0) await load(requests[kind][server], WARMUP);
        const cpuBefore = cpuMsOf(server);
        const result = await load(requests[kind][server], DURATION);
        const cpuMsPerRequest = (cpuMsOf(server) - cpuBefore) / result.requests.total;
        const run: Run = { round, kind, server, requestsPerSecond: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, cpuMsPerRequest };
        runs.push(run);
        printRun(run);
      }
    }
  }
  printMedians(runs, statements, KINDS, SERVERS, counts);
} finally {
  await Promise.all([...children.values()].map((child) => stopped(child)));
  await db.$disconnect();
  if (process.env.BENCH_KEEP) console.log(`kept the database: ${database.url}`);
  else await database.drop();
}
