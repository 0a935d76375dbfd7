/**
 * PostgreSQL clusters of a test's own (Debian's binaries, a loopback port, a temporary folder):
 * for the suites that stop, restart, replicate or recover a server, which the shared test server
 * must never be. initdb and postgres refuse to run as root: as root (CI, containers), they run as
 * the `postgres` user.
 */
import { execFile as execFileCb, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '@consilium/db/testing';

const execFile = promisify(execFileCb);

/** Debian's binaries of the newest installed major. */
export function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const major = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!major) throw new Error('This suite needs Debian\'s PostgreSQL binaries under /usr/lib/postgresql/<major>/bin: apt-get install -y postgresql');
  return path.join(root, major, 'bin');
}

export const asRoot = userInfo().uid === 0;

/** Runs one of PostgreSQL's programs (as `postgres` when root); rejects with its stderr. */
export async function pgRun(program: string, args: string[]): Promise<string> {
  const bin = path.join(pgBin(), program);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    return (await execFile(file, argv, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    throw new Error(`${program} failed: ${stderr || (err as Error).message}`);
  }
}

/** Runs a shell command as the clusters' owner. */
export async function shAsOwner(command: string): Promise<string> {
  return (await (asRoot ? execFile('runuser', ['-u', 'postgres', '--', 'sh', '-c', command]) : execFile('sh', ['-c', command]))).stdout;
}

/** A fresh folder under /tmp owned by the clusters' owner, mode 0700. */
export async function clusterFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  if (asRoot) await chown(dir, Number((await execFile('id', ['-u', 'postgres'])).stdout), Number((await execFile('id', ['-g', 'postgres'])).stdout));
  await chmod(dir, 0o700);
  return dir;
}

/** Options for `postgres -o`: a loopback port, sockets in `dir`, and no durability (not what these suites test). */
export function serverOptions(port: number, dir: string, extra: Record<string, string | number> = {}): string {
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: dir, fsync: 'off', full_page_writes: 'off', shared_buffers: '16MB', ...extra };
  return [`-p ${port}`, ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`)].join(' ');
}

/** initdb with trust authentication (whose pg_hba.conf also lets loopback replicate). */
export async function initCluster(data: string): Promise<void> {
  await pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
}

/**
 * Creates `database` on the cluster at `port` with the migrated schema: the test template's copy
 * on the shared server, dumped and loaded (faster than migrating).
 */
export async function loadSchema(port: number, database = 'consilium'): Promise<string> {
  const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const source = await createTestDatabase();
  try {
    await pgRun('psql', ['-h', '127.0.0.1', '-p', String(port), '-d', 'postgres', '-q', '-c', `CREATE DATABASE "${database}"`]);
    const dump = await execFile(path.join(pgBin(), 'pg_dump'), ['--no-owner', '--no-privileges', '-d', source.url], { maxBuffer: 64 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      const psql = spawn(path.join(pgBin(), 'psql'), ['-q', '-v', 'ON_ERROR_STOP=1', '-d', url], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      psql.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql failed loading the schema: ${stderr}`))));
      psql.stdin.end(dump.stdout);
    });
  } finally {
    await source.drop();
  }
  return url;
}
