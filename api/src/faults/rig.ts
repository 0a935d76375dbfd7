/**
 * The fault suite's own services (issue 15, point 5): a PostgreSQL cluster and a redis-server on
 * loopback ports that the suite may stop, restart or starve, and built API processes pointed at
 * them. The shared test server (5432) and Redis (6379) are never touched: other test files run
 * against them at the same time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { freePort, listening, startApi, stop, waitFor, type Member } from '../cluster/cluster.ts';
import { clusterFolder, initCluster, loadSchema, pgRun, serverOptions } from '../test/pg-cluster.ts';
import { redisAnswers } from '../test/redis-cluster.ts';

export interface OwnPostgres {
  url: string;
  port: number;
  /** `pg_ctl stop -m fast` (every connection cut) and `start`, apart: a restart a test can act in the middle of. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

/** A cluster of the suite's own with the migrated schema in its `consilium` database. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = await clusterFolder('consilium-faults-pg-');
  const data = path.join(root, 'data');
  const port = await freePort();
  // Room for every API process of the suite and the factories' pool, not the 100 default's memory.
  const options = serverOptions(port, root, { max_connections: 60 });
  const ctl = (...args: string[]) => pgRun('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', '-t', '60', ...args]);
  await initCluster(data);
  await ctl('-o', options, 'start');
  const url = await loadSchema(port);
  return {
    url,
    port,
    stopServer: async () => void (await ctl('-m', 'fast', 'stop')),
    startServer: async () => void (await ctl('-o', options, 'start')),
    async close() {
      await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface OwnRedis {
  url: string;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

/** A redis-server of the suite's own (no persistence), which it stops and starts on the same port. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const startServer = async () => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await redisAnswers(port);
  };
  const stopServer = async () => {
    const running = server;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    await waitFor(`redis-server on ${port} to stop`, async () => !(await listening(port)), 10_000);
  };
  await startServer();
  return { url: `redis://127.0.0.1:${port}`, stopServer, startServer, close: stopServer };
}

/** A built API process on a port of its own; ready once /readyz answers 200. */
export async function startReadyApi(name: string, env: Record<string, string>): Promise<Member> {
  const api = startApi(name, await freePort(), env);
  await waitFor(() => `${name} (${api.lines.slice(-5).join('\n')})`, () => ready(api.port!), 90_000);
  return api;
}

export async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
  } catch {
    return false;
  }
}

export { stop };
