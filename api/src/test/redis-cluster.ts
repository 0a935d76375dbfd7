/**
 * A Redis Cluster of three masters on loopback ports, for the suites that prove the API and the
 * worker run on one (REDIS_URL=redis+cluster://…). Made as an operator would: three
 * `redis-server --cluster-enabled yes`, then `redis-cli --cluster create`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '../cluster/cluster.ts';

export interface RedisCluster {
  /** `redis+cluster://127.0.0.1:a,127.0.0.1:b,127.0.0.1:c` */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/** Waits until a redis-server answers PING on the port (20 s at most). */
export async function redisAnswers(port: number): Promise<void> {
  await waitFor(`redis-server on ${port}`, async () => {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }, 20_000);
}

async function clusterOk(port: number): Promise<boolean> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return /cluster_state:ok/.test(await client.cluster('INFO'));
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'consilium-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const servers: ChildProcess[] = ports.map((port) =>
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }),
  );
  const stop = async () => {
    for (const server of servers) server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      await redisAnswers(port);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stderr || created.stdout}`);
    await waitFor('the Redis Cluster', async () => (await Promise.all(ports.map(clusterOk))).every(Boolean), 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`, ports, stop };
}
