/**
 * A PostgreSQL primary and a streaming replica of it, each a cluster of its own on a loopback port,
 * for the replica suite (DATABASE_REPLICA_URL). The primary holds a copy of the migrated test
 * template; the replica is made from it with pg_basebackup, as docs/deployment.md describes.
 * Clusters cannot be run by root: as root, the binaries run as the `postgres` user.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestDatabase } from '@consilium/db/testing';
import pg from 'pg';
import { freePort } from '../cluster/cluster.ts';
import { clusterFolder, initCluster, loadSchema, pgRun, serverOptions } from './pg-cluster.ts';

export interface ReplicaPair {
  /** The `consilium` database on the primary, migrated and empty; dropping it stops nothing. */
  primary: TestDatabase;
  replicaUrl: string;
  /** Stops applying WAL on the replica (it keeps receiving it): the replica falls behind. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops both clusters and removes their files. */
  stop(): Promise<void>;
}

export async function startReplicaPair(): Promise<ReplicaPair> {
  const root = await clusterFolder('consilium-replica-');
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const options = (port: number) => serverOptions(port, root, { max_wal_senders: 4, wal_level: 'replica', hot_standby: 'on', wal_receiver_status_interval: '1s' });
  const pgCtl = (dir: string, port: number, action: 'start' | 'stop') =>
    pgRun('pg_ctl', action === 'start' ? ['-D', dir, '-l', `${dir}.log`, '-w', '-t', '60', '-o', options(port), 'start'] : ['-D', dir, '-m', 'fast', '-w', 'stop']);

  await initCluster(primaryDir);
  await pgCtl(primaryDir, primaryPort, 'start');
  const primaryUrl = await loadSchema(primaryPort);

  await pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync', '-c', 'fast']);
  await pgCtl(replicaDir, replicaPort, 'start');
  const replicaUrl = `postgresql://postgres@127.0.0.1:${replicaPort}/consilium`;

  async function onReplica(sql: string) {
    const client = new pg.Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }

  return {
    primary: { name: 'consilium', url: primaryUrl, drop: async () => {} },
    replicaUrl,
    pauseReplay: () => onReplica('SELECT pg_wal_replay_pause()'),
    resumeReplay: () => onReplica('SELECT pg_wal_replay_resume()'),
    stopReplica: async () => void (await pgCtl(replicaDir, replicaPort, 'stop')),
    startReplica: async () => void (await pgCtl(replicaDir, replicaPort, 'start')),
    async stop() {
      await Promise.allSettled([
        pgRun('pg_ctl', ['-D', replicaDir, '-m', 'immediate', '-w', 'stop']),
        pgRun('pg_ctl', ['-D', primaryDir, '-m', 'immediate', '-w', 'stop']),
      ]);
      await rm(root, { recursive: true, force: true });
    },
  };
}
