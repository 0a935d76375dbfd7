/**
 * What `bench:answers` and `bench:tokens` share: the API on loopback over a fresh test database
 * (production settings, limits scaled out of the way), a survey open to cardiologists with its
 * segment key, verified physicians with sessions, and autocannon runs of one mutation.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { toBase64url } from '../src/domain/blind-signatures/base64url.ts';
import { generateSurveyKey, unsealPrivateKey } from '../src/domain/blind-signatures/keys.ts';
import { hashPassword } from '../src/domain/passwords.ts';
import { createSession } from '../src/domain/sessions.ts';
import { DEVELOPMENT_SELLER, parseEnv } from '../src/env.ts';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
export const SEGMENT = 'cardiology|FR|10-19';

/** The secrets the API child and the bench's own client share (production refuses the defaults). */
const SECRETS = { PSEUDONYM_SECRET: 'b'.repeat(40), SURVEY_KEY_SECRET: 's'.repeat(40), REPORT_LINK_SECRET: 'r'.repeat(40), RATE_LIMIT_KEY_SECRET: 'l'.repeat(40), FACTOR_KEY_SECRET: 'f'.repeat(40), MAIL_TOKEN_SECRET: 'm'.repeat(40) };

/**
 * A fresh test database and the API over it. The API runs as a child process (`src/main.ts` with
 * the flags `pnpm api` gives it, as bench:reads and bench:peers run it), so that it has an event
 * loop of its own: autocannon, in this process, would otherwise take a share of the API's. The
 * bench's own client (`db`) seeds and counts. BENCH_API_DIR: the api/ folder of another checkout
 * to run instead (before/after on the same data); BENCH_CPU_PROF=dir: the API's --cpu-prof there
 * (and the write peer's, in dir/peer).
 * `cpu()` reads the CPU time (user + system) of the API process, of this database's PostgreSQL
 * backends and of this process (autocannon): what one request costs the machine, all told.
 */
export async function startApi(extraEnv: Record<string, string> = {}) {
  const database = await createTestDatabase();
  const all = { NODE_ENV: 'production', ...DEVELOPMENT_SELLER, DATABASE_URL: database.url, RATE_LIMIT_SCALE: '100000', ...SECRETS, REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`, ...extraEnv };
  const env = parseEnv(all);
  const db = createDb({ url: database.url, poolMax: 10 });
  const port = 4000 + Math.floor(Math.random() * 900) + 50;
  const prof = process.env.BENCH_CPU_PROF;
  const child = spawn(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--max-semi-space-size=32', '--import', 'tsx', 'src/main.ts'], {
    cwd: process.env.BENCH_API_DIR ?? new URL('..', import.meta.url).pathname,
    env: { ...process.env, LOG_LEVEL: 'warn', ...all, PORT: String(port), HOST: '127.0.0.1' },
    // A production log level writes to the API's stdout: not this bench's.
    stdio: ['ignore', extraEnv.LOG_LEVEL === 'info' ? 'ignore' : 'inherit', 'inherit'],
  });
  let peerChild: ReturnType<typeof spawn> | null = null;
  // A bench that fails midway must not leave its servers running.
  process.once('exit', () => {
    child.kill('SIGTERM');
    peerChild?.kill('SIGTERM');
  });
  for (let i = 0; ; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
    if (i > 360 || child.exitCode !== null) throw new Error('the API did not start');
    await sleep(250);
  }
  const url = `http://127.0.0.1:${port}/graphql`;
  const cpu = async (): Promise<CpuSnapshot> => {
    const backends = await db.$queryRaw<Array<{ pid: number }>>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
    const own = process.cpuUsage();
    return { api: cpuMsOf(child.pid!), postgres: new Map(backends.map(({ pid }) => [pid, cpuMsOf(pid)])), bench: (own.user + own.system) / 1000 };
  };
  /**
   * The hand-written peer (peers/write-baseline.ts: node:http + pg, an answer's and a token's work
   * and nothing else) over the same database, Redis and keys, in a process of its own; its `cpu()`
   * reads the peer's process in place of the API's.
   */
  const peer = async () => {
    const peerPort = port + 1;
    peerChild = spawn(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}/peer`] : []), '--max-semi-space-size=32', '--import', 'tsx', 'bench/peers/write-baseline.ts'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, ...all, PORT: String(peerPort) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const started = peerChild;
    for (let i = 0; ; i++) {
      if (await fetch(`http://127.0.0.1:${peerPort}/ping`, { method: 'POST', body: '{}' }).then((r) => r.status === 200, () => false)) break;
      if (i > 360 || started.exitCode !== null) throw new Error('the peer did not start');
      await sleep(250);
    }
    const peerCpu = async (): Promise<CpuSnapshot> => ({ ...(await cpu()), api: cpuMsOf(started.pid!) });
    return { answerUrl: `http://127.0.0.1:${peerPort}/answer`, tokenUrl: `http://127.0.0.1:${peerPort}/token`, loginUrl: `http://127.0.0.1:${peerPort}/login`, cpu: peerCpu };
  };
  const close = async () => {
    for (const running of [child, peerChild]) {
      if (!running || running.exitCode !== null) continue;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    await db.$disconnect();
    await database.drop();
  };
  return { env, db, url, cpu, peer, close };
}

export interface CpuSnapshot {
  api: number;
  /** Per backend: a backend that was not there at the start counts from zero. */
  postgres: Map<number, number>;
  bench: number;
}

/** CPU milliseconds (user + system) a process has used; 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export interface CpuSpent {
  api: number;
  postgres: number;
  bench: number;
}

export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): CpuSpent {
  let postgres = 0;
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0);
  return { api: after.api - before.api, postgres, bench: after.bench - before.bench };
}

type Api = Awaited<ReturnType<typeof startApi>>;

/** An open survey of four questions (every kind) with its segment key; sampleSize as given. */
export async function openBenchSurvey({ db, env }: Api, sampleSize: number) {
  const org = await db.organization.create({ data: { name: 'Bench agency' } });
  const client = await db.account.create({ data: { email: `bench-client-${randomBytes(4).toString('hex')}@example.org`, passwordHash: await hashPassword('bench-client-password-1'), role: 'CLIENT', organizationId: org.id } });
  const receipt = await generateSurveyKey(env.SURVEY_KEY_SECRET);
  const survey = await db.survey.create({
    data: {
      organizationId: org.id, createdById: client.id, title: 'Bench', description: '', status: 'OPEN', sampleSize, honorariumCents: 100,
      targetSpecialties: ['cardiology'], receiptPublicKey: receipt.publicKey, receiptSealedKey: receipt.sealedPrivateKey,
      questions: {
        create: [
          { position: 0, kind: 'SINGLE_CHOICE', prompt: 'One', choices: { create: [{ position: 0, label: 'a' }, { position: 1, label: 'b' }] } },
          { position: 1, kind: 'MULTIPLE_CHOICE', prompt: 'Many', choices: { create: [{ position: 0, label: 'a' }, { position: 1, label: 'b' }, { position: 2, label: 'c' }] } },
          { position: 2, kind: 'NUMBER', prompt: 'How many', min: 0, max: 1000 },
          { position: 3, kind: 'TEXT', prompt: 'Why' },
        ],
      },
    },
    include: { questions: { orderBy: { position: 'asc' }, include: { choices: { orderBy: { position: 'asc' } } } } },
  });
  const keys = await Promise.all([SEGMENT, '*|*|*'].map(async (segment) => db.surveySegmentKey.create({ data: { surveyId: survey.id, segment, ...(await generateSurveyKey(env.SURVEY_KEY_SECRET)) } })));
  return { survey, segmentPrivate: unsealPrivateKey(keys[0]!.sealedPrivateKey, env.SURVEY_KEY_SECRET) };
}

/** A value below any 2048-bit modulus, as a blinded message looks to the server. */
export const blindedLooking = () => toBase64url(Buffer.concat([Buffer.from([0x01]), randomBytes(255)]));

/** n verified cardiologists, each with a session token (rows written in bulk). */
export async function physiciansWithSessions({ db }: Api, n: number, tag = 'p'): Promise<string[]> {
  const passwordHash = await hashPassword('bench-physician-password-1');
  const year = new Date().getUTCFullYear() - 12;
  const accounts = await db.account.createManyAndReturn({
    data: Array.from({ length: n }, (_, i) => ({ email: `bench-${tag}-${i}@example.org`, passwordHash, role: 'PHYSICIAN' as const })),
    select: { id: true, email: true },
  });
  await db.credential.createMany({
    data: accounts.map((a, i) => ({ accountId: a.id, country: 'FR', registry: 'RPPS', licenseNumber: `${tag}${i}`, licenseClaim: `RPPS:${tag}${i}`, specialty: 'cardiology', practiceStartYear: year, status: 'VERIFIED' as const })),
  });
  const tokens: string[] = [];
  for (const a of accounts) tokens.push((await createSession(db, a.id, 24)).token);
  return tokens;
}

/**
 * `amount` POSTs of the bodies given, over CONNECTIONS connections. `seconds`: from the start to
 * the last response (autocannon's own `duration`, and its callback, wait for its one-second ticker:
 * 1,500 requests answered in 5.2 s read as 6 s, a 15 % error on short runs).
 */
export function run(url: string, amount: number, body: (i: number) => string, headers: (i: number) => Record<string, string> = () => ({})) {
  let i = 0;
  const started = performance.now();
  let last = started;
  return new Promise<autocannon.Result & { seconds: number }>((resolve, reject) => {
    autocannon(
      {
        url, method: 'POST', connections: CONNECTIONS, amount,
        headers: { 'content-type': 'application/json' },
        requests: [{
          setupRequest: (req) => { const n = i++; return { ...req, body: body(n), headers: { ...req.headers, ...headers(n) } }; },
          onResponse: () => { last = performance.now(); },
        }],
      },
      (err, result) => (err ? reject(err) : resolve({ ...result, seconds: (last - started) / 1000 })),
    );
  });
}

/**
 * One line per run, and with `spent` the CPU per request of the API, of PostgreSQL's backends and
 * of autocannon, and the rate their sum would allow if they had the machine's cores to themselves.
 */
export function report(name: string, result: autocannon.Result & { seconds: number }, accepted: number, spent?: CpuSpent) {
  const { seconds } = result;
  console.log(`${name.padEnd(22)} ${String(result.requests.total).padStart(6)} requests in ${seconds.toFixed(2)} s: ${(accepted / seconds).toFixed(0)} accepted/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
  if (!spent) return;
  const per = (ms: number) => ms / result.requests.total;
  const all = per(spent.api) + per(spent.postgres) + per(spent.bench);
  console.log(`${''.padEnd(22)} CPU ms/request: API ${per(spent.api).toFixed(2)}, PostgreSQL backends ${per(spent.postgres).toFixed(2)}, autocannon ${per(spent.bench).toFixed(2)}; all ${all.toFixed(2)}: at most ${((cpus().length * 1000) / all).toFixed(0)}/s on ${cpus().length} idle cores`);
}

/** issueSurveyToken for every session given, once each; returns the run and how many were recorded. */
export async function issueTokens(api: Api, surveyId: string, sessions: string[], target: Target = api) {
  const before = await target.cpu();
  const result = await run(target.url, sessions.length, () => tokenBody(surveyId), (n) => ({ authorization: `Bearer ${sessions[n]}` }));
  const spent = cpuSpent(before, await target.cpu());
  return { result, spent, issued: await api.db.surveyTokenIssue.count({ where: { surveyId } }) };
}

/** Where a run's requests go, and whose CPU it reads: the API, or the peer (`peer()`). */
export interface Target {
  url: string;
  cpu: () => Promise<CpuSnapshot>;
}

/** The bench's issueSurveyToken request. */
export const tokenBody = (surveyId: string, blinded = blindedLooking()) => JSON.stringify({
  query: 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment } }',
  variables: { s: surveyId, b: blinded },
});

/** One POST's status and body text. */
export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return `${response.status} ${await response.text()}`;
}

/** Fails unless the API's body is the peer's, byte for byte (checked before any timing). */
export function sameBody(what: string, api: string, peer: string) {
  if (api !== peer) throw new Error(`${what}: the peer's answer is not the API's:\n  API:  ${api}\n  peer: ${peer}`);
  console.log(`${what}: the API and the peer answer the same bytes (${api.length - 4} bytes of JSON)`);
}

/** Per request of a run: the CPU of the server (API or peer), of PostgreSQL and of autocannon. */
export function perRequest(result: autocannon.Result & { seconds: number }, accepted: number, spent: CpuSpent) {
  const n = result.requests.total;
  return { rate: accepted / result.seconds, server: spent.api / n, postgres: spent.postgres / n, bench: spent.bench / n, all: (spent.api + spent.postgres + spent.bench) / n };
}

/** The interleaved rounds of the API against its peer: each run's line, then medians and the API/peer ratios. */
export function peerSummary(name: string, rounds: { api: ReturnType<typeof perRequest>[]; peer: ReturnType<typeof perRequest>[] }) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const m = (side: 'api' | 'peer', key: keyof ReturnType<typeof perRequest>) => median(rounds[side].map((r) => r[key]));
  console.log(`\n${name}, the API against the hand-written peer (node:http + pg), ${rounds.api.length} interleaved rounds, medians (load ${loadavg()[0]!.toFixed(2)}):`);
  for (const side of ['api', 'peer'] as const) {
    console.log(`  ${side.padEnd(5)} ${m(side, 'rate').toFixed(0).padStart(5)}/s; CPU ms/request: server ${m(side, 'server').toFixed(2)}, PostgreSQL ${m(side, 'postgres').toFixed(2)}, autocannon ${m(side, 'bench').toFixed(2)}; all ${m(side, 'all').toFixed(2)} (at most ${((cpus().length * 1000) / m(side, 'all')).toFixed(0)}/s on ${cpus().length} idle cores)`);
  }
  console.log(`  API/peer: rate ${(m('api', 'rate') / m('peer', 'rate')).toFixed(2)}×, server CPU per request ${(m('api', 'server') / m('peer', 'server')).toFixed(2)}×, machine CPU per request ${(m('api', 'all') / m('peer', 'all')).toFixed(2)}×`);
  // Each round runs both sides back to back: their ratio there is the least moved by the machine's
  // state, which moves both (runs of the same side have differed by half on this machine).
  const paired = rounds.api.map((api, i) => api.rate / rounds.peer[i]!.rate);
  const sorted = [...paired].sort((a, b) => a - b);
  const middle = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  console.log(`  API/peer rate within each round: ${paired.map((r) => r.toFixed(2)).join(', ')}; median ${middle.toFixed(2)}×`);
}
