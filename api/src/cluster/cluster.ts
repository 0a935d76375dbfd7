/**
 * Several processes for the multi-process suite: the built API (`api/dist/main.js`) and worker
 * (`analytics/dist/main.js`) started as real child processes on loopback ports, against one
 * database and one Redis prefix, behind HAProxy from Debian's packages. The HAProxy
 * configuration written here is the one docs/deployment.md documents.
 */
import type { CallOptions, GqlResult, TestApp } from '../test/harness.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A free port on loopback (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on the port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls `check` until it holds; `what` (or what it returns then) names it in the error. */
export async function waitFor(what: string | (() => string), check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`cluster: ${typeof what === 'string' ? what : what()} not ready after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** HAProxy's path, or an error that says how to install it (CI installs it in .ci/run). */
export function haproxyBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v haproxy || ls /usr/sbin/haproxy'], { encoding: 'utf8' });
  const binary = found.stdout.trim().split('\n')[0];
  if (found.status !== 0 || !binary) {
    throw new Error('The multi-process suite needs HAProxy, which is not installed: apt-get install -y haproxy (.ci/run does this in CI).');
  }
  return binary;
}

/** Bundles the Node entry points (scripts/build.mjs) so that the suite runs what production runs. */
export function buildNode(): void {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--node-only', '--no-generate'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`cluster: pnpm build failed:\n${built.stdout}\n${built.stderr}`);
}

export interface Member {
  name: string;
  port?: number;
  child: ChildProcess;
  /** Every log line the process wrote (JSON lines from pino, or text). */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, port?: number): Member {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name, port, child, lines, exited };
}

export function startApi(name: string, port: number, env: Record<string, string>): Member {
  return start(name, ['--enable-source-maps', 'dist/main.js'], path.join(ROOT, 'api'), { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, port);
}

export function startWorker(name: string, env: Record<string, string>): Member {
  // Each worker's probe server on a free port of its own: two on the default port would collide.
  return start(name, ['--enable-source-maps', 'dist/main.js'], path.join(ROOT, 'analytics'), { ...process.env, WORKER_HTTP_PORT: '0', ...env });
}

/** SIGTERM, then the exit; SIGKILL if it takes longer than `graceMs`. */
export async function stop(member: Member, graceMs = 30_000) {
  if (member.child.exitCode !== null || member.child.signalCode !== null) return member.exited;
  member.child.kill('SIGTERM');
  const timer = setTimeout(() => member.child.kill('SIGKILL'), graceMs);
  try {
    return await member.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The load balancer's configuration: round robin over the API processes, a health check on
 * /readyz every 500 ms, and retries of idempotent requests on another process when a
 * connection is refused or cut before a response (`retry-on`, `option redispatch`).
 */
export function haproxyConfig(frontPort: number, apiPorts: number[]): string {
  return `global
    maxconn 4096

defaults
    mode http
    option httplog
    timeout connect 2s
    timeout client 35s
    timeout server 35s
    timeout http-keep-alive 10s
    # A request that could not be delivered (connection refused or cut before any response) is
    # sent again, up to 3 times, to another server. HAProxy retries only idempotent methods
    # (GET, HEAD, PUT, DELETE…), so GraphQL reads go through GET; a POST is never replayed.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    # One server connection per request: no idle keep-alive connection to an API process that
    # it could close (SIGTERM) at the moment HAProxy sends the next request on it.
    option http-server-close

frontend graphql
    bind 127.0.0.1:${frontPort}
    default_backend api

backend api
    balance roundrobin
    # A process that stops listening fails its checks at once (connection refused); one slow
    # check on a busy machine must not take a process out: 3 failures in a row do.
    option httpchk GET /readyz
    http-check expect status 200
    timeout check 5s
    default-server inter 500ms fall 3 rise 2
${apiPorts.map((port, i) => `    server api${i + 1} 127.0.0.1:${port} check`).join('\n')}
`;
}

export interface Balancer {
  port: number;
  child: ChildProcess;
  lines: string[];
  close(): Promise<void>;
}

export async function startHaproxy(binary: string, apiPorts: number[]): Promise<Balancer> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'consilium-haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  await writeFile(config, haproxyConfig(port, apiPorts));
  // -db: foreground, no daemon; -W: master-worker, so one SIGTERM/SIGUSR1 reaches everything.
  const child = spawn(binary, ['-db', '-W', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(`HAProxy on ${port} (${lines.join(' ')})`, () => listening(port), 10_000);
  return {
    port,
    child,
    lines,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A GraphQL request over HTTP to one API process; `ip` goes in X-Forwarded-For (loopback is a trusted proxy). */
export function gqlAt(port: number) {
  return async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, { token, ip = '203.0.113.7', headers = {} }: CallOptions = {}): Promise<GqlResult<T>> => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
}

/**
 * The environment of the suites' processes: the test app's database, Redis, prefix and uploads,
 * with `extra` on top (QUEUE_PREFIX, a sweep period, another REDIS_URL…).
 */
export function suiteEnv(t: TestApp, extra: Record<string, string>): Record<string, string> {
  return {
    // Not 'test': that silences the logs, which the suites read. Development's secrets are the test app's.
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    DATABASE_URL: t.env.DATABASE_URL,
    REDIS_URL: t.env.REDIS_URL,
    REDIS_PREFIX: t.env.REDIS_PREFIX,
    UPLOAD_DIR: t.env.UPLOAD_DIR,
    REPORT_K: '3',
    RATE_LIMIT_SCALE: '0.2',
    // No grace period after closing: a closed survey refuses answers at once (with the default
    // of 48 h, tokens issued before the close may still be spent for two days, by design).
    SURVEY_GRACE_HOURS: '0',
    WORKER_CONCURRENCY: '2',
    ...extra,
  };
}
