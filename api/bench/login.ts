/**
 * `pnpm bench:login`: what a login costs beyond its one argon2 verification. Side by side in one
 * run, interleaved (the order alternates every round), one request at a time: a bare
 * `argon2.verify` of the account's own hash, and the `login` mutation through the API over HTTP
 * on loopback (rate limits in Redis, the account read, the session written) — with the fields a
 * client needs least (`token expiresAt`) and with the web's own Login document; and the same
 * sign-in through the hand-written peer (peers/write-baseline.ts, node:http + pg: the same limits,
 * statements and Redis writes, without koa or GraphQL), with its HTTP floor. Prints each p50, its
 * ratio to the bare verification's, and the API's to the peer's. `BENCH_LOGIN_CONCURRENCY=N`: then N at a time, logins
 * against bare verifications (each side alone), for the thread pool's size (`UV_THREADPOOL_SIZE`,
 * which the API child inherits) against the two cores.
 */
import { cpus, loadavg } from 'node:os';
import argon2 from 'argon2';
import { signInSuccessTally } from '../src/domain/audit.ts';
import { hashPassword } from '../src/domain/passwords.ts';
import { createSession, type SessionCommit } from '../src/domain/sessions.ts';
import { startApi } from './api-harness.ts';

const ROUNDS = Number(process.env.BENCH_LOGIN_ROUNDS ?? 60);
const PASSWORD = 'bench-physician-password-1';

const MINIMAL = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt } }';
const WEB = `mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt account { id email role verificationStatus organization { name type } } } }`;

// The API in a process of its own (api-harness.ts), logging at its production level: what a
// login writes to the log is part of its cost.
const api = await startApi({ LOG_LEVEL: 'info' });
const { db, url } = api;

const hash = await hashPassword(PASSWORD);
const accounts = await Promise.all([0, 1, 2].map((i) => db.account.create({ data: { email: `bench-login-${i}@example.org`, passwordHash: hash, role: 'PHYSICIAN' } })));

async function timed(op: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await op();
  return performance.now() - started;
}

/** Signs in and returns the answer's text; throws unless it holds a token. */
async function login(query: string, email: string, to = url): Promise<string> {
  const res = await fetch(to, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { e: email, p: PASSWORD } }) });
  const text = await res.text();
  const body = JSON.parse(text) as { errors?: unknown; data?: { login?: { token?: string } } };
  if (body.errors || !body.data?.login?.token) throw new Error(`login failed: ${text}`);
  return text;
}

const peer = await api.peer();
// The peer answers the API's JSON, but for the token.
const shape = async (to: string, email: string) => (await login(MINIMAL, email, to)).replace(/"token":"[^"]+"/, '"token":"…"');
const [apiShape, peerShape] = [await shape(url, accounts[0]!.email), await shape(peer.loginUrl, accounts[2]!.email)];
if (apiShape !== peerShape) throw new Error(`the peer answers ${peerShape}, the API ${apiShape}`);

const samples = { verify: [] as number[], minimal: [] as number[], web: [] as number[], peer: [] as number[], floor: [] as number[], peerFloor: [] as number[] };
const ops: Array<[keyof typeof samples, () => Promise<unknown>]> = [
  ['verify', () => argon2.verify(hash, PASSWORD)],
  ['minimal', () => login(MINIMAL, accounts[0]!.email)],
  ['web', () => login(WEB, accounts[1]!.email)],
  ['peer', () => login(MINIMAL, accounts[2]!.email, peer.loginUrl)],
  // The HTTP and GraphQL floor: a request that reads nothing; and a bare node:http server's (the peer's refusal of an unknown path).
  ['floor', () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }).then((r) => r.json())],
  ['peerFloor', () => fetch(peer.loginUrl.replace(/login$/, 'ping'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json())],
];
// Warm-up: connections, the GraphQL document cache, the JIT.
for (let i = 0; i < 3; i++) for (const [, op] of ops) await op();
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ops : [...ops].reverse();
  for (const [name, op] of order) samples[name].push(await timed(op));
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const p50 = (name: keyof typeof samples) => quantile(samples[name], 0.5);
console.log(`login against a bare argon2id verify of the same hash (m = 19 MiB, t = 2, p = 1), ${ROUNDS} interleaved rounds, one at a time, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`);
for (const name of ['verify', 'minimal', 'web', 'peer', 'floor', 'peerFloor'] as const) {
  const label = { verify: 'argon2.verify (bare)', minimal: 'login { token expiresAt }', web: "login, the web's document", peer: 'login, hand-written peer', floor: '{ __typename } (the floor)', peerFloor: "node:http's floor (peer)" }[name];
  console.log(`${label.padEnd(28)} p50 ${p50(name).toFixed(1).padStart(6)} ms   p90 ${quantile(samples[name], 0.9).toFixed(1).padStart(6)} ms   ratio to bare p50 ${(p50(name) / p50('verify')).toFixed(2)}×`);
}
console.log(`API/peer p50: ${(p50('minimal') / p50('peer')).toFixed(2)}× (${(p50('minimal') - p50('peer')).toFixed(1)} ms); the peer's own cost beyond argon2: ${(p50('peer') - p50('verify')).toFixed(1)} ms, of which its HTTP floor ${p50('peerFloor').toFixed(1)} ms`);

// The statement a physician's login waits for after the verification (the session with the
// tally's count), alone, as it commits now (without waiting for the WAL flush) and durably as
// before, interleaved: what the commit's flush costs on this disk, whatever the load.
const STATEMENTS = Number(process.env.BENCH_SESSION_ROUNDS ?? 200);
if (STATEMENTS > 0) {
  const commits: Record<SessionCommit, number[]> = { durable: [], async: [] };
  for (let round = 0; round < STATEMENTS; round++) {
    for (const commit of round % 2 === 0 ? (['durable', 'async'] as const) : (['async', 'durable'] as const)) {
      commits[commit].push(await timed(() => createSession(db, accounts[0]!.id, 1, null, false, [signInSuccessTally(accounts[0]!.id)], commit)));
    }
  }
  for (const commit of ['durable', 'async'] as const) {
    console.log(`the session's statement, ${commit.padEnd(7)} p50 ${quantile(commits[commit], 0.5).toFixed(2).padStart(6)} ms   p90 ${quantile(commits[commit], 0.9).toFixed(2).padStart(6)} ms   (${STATEMENTS} each, interleaved, load ${loadavg()[0]!.toFixed(2)})`);
  }
}

const CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 0);
if (CONCURRENCY > 1) {
  // N callers, each one request after the other, for `perCaller` requests: the rate and p50.
  const perCaller = Math.max(4, Math.ceil(ROUNDS / 2));
  const concurrent = async (op: (caller: number) => Promise<unknown>) => {
    const times: number[] = [];
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async (_, caller) => {
      for (let i = 0; i < perCaller; i++) times.push(await timed(() => op(caller)));
    }));
    return { rate: times.length / ((performance.now() - started) / 1000), p50: quantile(times, 0.5), p90: quantile(times, 0.9) };
  };
  const many = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => db.account.create({ data: { email: `bench-login-many-${i}@example.org`, passwordHash: hash, role: 'PHYSICIAN' } })));
  const pool = process.env.UV_THREADPOOL_SIZE ?? '4 (default)';
  for (const [label, op] of [
    ['argon2.verify (bare)', () => argon2.verify(hash, PASSWORD)],
    ['login { token expiresAt }', (caller: number) => login(MINIMAL, many[caller]!.email)],
  ] as const) {
    const { rate, p50: median, p90 } = await concurrent(op);
    console.log(`${CONCURRENCY} at a time, thread pool ${pool}: ${label.padEnd(26)} ${rate.toFixed(1).padStart(6)}/s   p50 ${median.toFixed(1).padStart(6)} ms   p90 ${p90.toFixed(1).padStart(6)} ms`);
  }
}

await api.close();
