/**
 * One Redis server or a Redis Cluster, from REDIS_URL (docs/deployment.md, "Redis Cluster").
 *
 * `redis://…` and `rediss://…` name one server, as ioredis reads them. A cluster is named by its
 * seed nodes: `redis+cluster://[user:password@]host:port[,host:port…]` (`rediss+cluster://` for
 * TLS); ioredis discovers the rest of the cluster from any of them.
 *
 * Everything the API and the worker keep in Redis is cluster-safe: each command and each Lua
 * script touches one key. BullMQ's scripts touch several keys of a queue at once, so on a
 * cluster the queue prefix is wrapped in a hash tag (`{consilium}`): all of a queue's keys hash
 * to one slot, as BullMQ requires.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export type RedisTarget =
  | { kind: 'server'; url: string }
  | { kind: 'cluster'; nodes: Array<{ host: string; port: number }>; username?: string; password?: string; tls: boolean };

const CLUSTER = /^(rediss?)\+cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)\/?$/;

/** Reads REDIS_URL; throws a one-line error naming what is wrong. */
export function parseRedisUrl(url: string): RedisTarget {
  const cluster = CLUSTER.exec(url);
  if (cluster) {
    const [, scheme, user, password, hosts] = cluster;
    const nodes = hosts!.split(',').map((hostPort) => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(hostPort.trim());
      if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) throw new Error(`REDIS_URL: "${hostPort}" is not a host:port of a cluster node`);
      return { host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) };
    });
    return {
      kind: 'cluster',
      nodes,
      ...(user ? { username: decodeURIComponent(user) } : {}),
      ...(password ? { password: decodeURIComponent(password) } : {}),
      tls: scheme === 'rediss',
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('REDIS_URL: not a URL (redis://host:port, or redis+cluster://host:port,host:port for a cluster)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`REDIS_URL: the scheme must be redis://, rediss:// or redis+cluster://, not ${parsed.protocol}//`);
  return { kind: 'server', url };
}

/** Whether `url` is a REDIS_URL this module reads: for the environment's schemas. */
export function isRedisUrl(url: string): boolean {
  try {
    parseRedisUrl(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * A client for REDIS_URL with these options (on a cluster, the options of each node's
 * connection; `cluster` adds the cluster's own).
 */
export function createRedis(url: string, options: RedisOptions = {}, cluster: Omit<ClusterOptions, 'redisOptions'> = {}): RedisClient {
  const target = parseRedisUrl(url);
  if (target.kind === 'server') return new Redis(url, options);
  // What ioredis reads at the cluster's level rather than each node's connection.
  const { enableOfflineQueue, lazyConnect, enableAutoPipelining, ...nodeOptions } = options;
  return new Cluster(target.nodes, {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
    ...cluster,
    redisOptions: {
      ...nodeOptions,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
  });
}

/** BullMQ's prefix for QUEUE_PREFIX on REDIS_URL: in a hash tag on a cluster. */
export function queuePrefix(url: string, prefix: string): string {
  return parseRedisUrl(url).kind === 'cluster' ? `{${prefix}}` : prefix;
}

/** Every key matching `pattern` (tests and tools: never on a request path), on each master of a cluster. */
export async function keysMatching(client: RedisClient, pattern: string): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  return (await Promise.all(nodes.map((node) => node.keys(pattern)))).flat();
}

/** Deletes keys one by one: on a cluster, a DEL of several keys must not span slots. */
export async function deleteKeys(client: RedisClient, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => client.del(key)));
}
