/**
 * A PostgreSQL primary and a streaming replica of it, each a cluster of its own on a loopback port,
 * for the replica suite (DATABASE_REPLICA_URL). The primary holds a copy of the migrated test
 * template; the replica is made from it with pg_basebackup, as docs/deployment.md describes.
 * Clusters cannot be run by root: as root, the binaries run as the `postgres` user.
 */
import { execFile as execFileCb, spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@consilium/db/testing';
import pg from 'pg';

const execFile = promisify(execFileCb);

async function binDir(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('No PostgreSQL binaries under /usr/lib/postgresql (Debian\'s postgresql package).');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

const asRoot = process.getuid?.() === 0;

async function run(bin: string, args: string[]): Promise<string> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    return (await execFile(file, argv, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    throw new Error(`${path.basename(bin)} failed: ${stderr ?? (err as Error).message}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
  const bin = await binDir();
  const root = await mkdtemp(path.join(tmpdir(), 'consilium-replica-'));
  if (asRoot) await execFile('chown', ['postgres:postgres', root]);
  else await chown(root, process.getuid!(), process.getgid!());
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  // Durability is not what is tested: no fsync, small memory.
  const options = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off -c full_page_writes=off -c shared_buffers=16MB -c max_wal_senders=4 -c wal_level=replica -c hot_standby=on -c wal_receiver_status_interval=1s`;
  const pgCtl = (dir: string, port: number, action: 'start' | 'stop') =>
    run(`${bin}/pg_ctl`, action === 'start' ? ['-D', dir, '-l', `${dir}.log`, '-w', '-t', '60', '-o', options(port), 'start'] : ['-D', dir, '-m', 'fast', '-w', 'stop']);

  // initdb's trust pg_hba allows replication connections from loopback.
  await run(`${bin}/initdb`, ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  await pgCtl(primaryDir, primaryPort, 'start');
  const primaryUrl = `postgresql://postgres@127.0.0.1:${primaryPort}/consilium`;

  // The schema: the migrated template's copy on the test server, dumped into the primary.
  const source = await createTestDatabase();
  try {
    await run(`${bin}/psql`, ['-h', '127.0.0.1', '-p', String(primaryPort), '-d', 'postgres', '-q', '-c', 'CREATE DATABASE consilium']);
    const dump = await execFile(`${bin}/pg_dump`, ['--no-owner', '--no-privileges', '-d', source.url], { maxBuffer: 64 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      const psql = spawn(`${bin}/psql`, ['-q', '-v', 'ON_ERROR_STOP=1', '-d', primaryUrl], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      psql.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql failed loading the schema: ${stderr}`))));
      psql.stdin.end(dump.stdout);
    });
  } finally {
    await source.drop();
  }

  await run(`${bin}/pg_basebackup`, ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync', '-c', 'fast']);
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
        run(`${bin}/pg_ctl`, ['-D', replicaDir, '-m', 'immediate', '-w', 'stop']),
        run(`${bin}/pg_ctl`, ['-D', primaryDir, '-m', 'immediate', '-w', 'stop']),
      ]);
      await rm(root, { recursive: true, force: true });
    },
  };
}
