/**
 * The point-in-time recovery of docs/operations.md, run for real: a PostgreSQL cluster of its own
 * (Debian's binaries, a loopback port, a temporary folder) archiving its WAL with the documented
 * `archive_command`, a `pg_basebackup` in tar format, threads written before and after a chosen
 * moment, then a new data directory from the base backup with the documented `restore_command`
 * and `recovery_target_time`: the recovered cluster has what was committed before the moment
 * and nothing after it, and the API serves it.
 */
import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT } from '../cluster/cluster.ts';
import { postThread } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { clusterFolder, pgBin, pgRun, shAsOwner } from '../test/pg-cluster.ts';

const run = promisify(execFile);
const pg = pgRun;
const sh = shAsOwner;

let dir: string;
let port: number;
let apps: TestApp[] = [];
const running = new Set<string>();

async function startCluster(data: string) {
  await pg('pg_ctl', ['--pgdata', data, '--log', path.join(dir, `${path.basename(data)}.log`), '--wait', '--timeout=120', 'start']);
  running.add(data);
}

async function stopCluster(data: string) {
  await pg('pg_ctl', ['--pgdata', data, '--wait', '--mode=fast', 'stop']);
  running.delete(data);
}

const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
const psql = async (sql: string, database = 'consilium') =>
  (await run(path.join(pgBin(), 'psql'), ['--no-psqlrc', '--tuples-only', '--no-align', '--set=ON_ERROR_STOP=1', `--dbname=${url(database)}`, '--command', sql])).stdout.trim();

beforeAll(async () => {
  dir = await clusterFolder('consilium-pitr-');
  port = await freePort();
  await pg('initdb', ['--pgdata', path.join(dir, 'data'), '--auth=trust', '--username=postgres', '--encoding=UTF8', '--no-sync']);
  await sh(`mkdir -m 0700 ${dir}/wal-archive`);
  // The settings of docs/operations.md, "Point-in-time recovery", step 1 — on a port of loopback.
  await sh(`cat >> ${dir}/data/postgresql.conf <<'EOF'
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${dir}'
fsync = off
wal_level = replica
archive_mode = on
archive_command = 'test ! -f ${dir}/wal-archive/%f && cp %p ${dir}/wal-archive/%f'
EOF`);
  await startCluster(path.join(dir, 'data'));
}, 120_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const data of running) await stopCluster(data).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe('point-in-time recovery', { timeout: 240_000 }, () => {
  it('recovers what was committed before the target time and nothing after, and the API serves it', async () => {
    // The Consilium schema, through the backup tools: a migrated empty database dumped and restored here.
    const empty = await createTestApp();
    apps.push(empty);
    const dump = path.join(dir, 'schema.dump');
    await run(process.execPath, [path.join(ROOT, 'scripts', 'backup.mjs'), 'dump', dir], { env: { ...process.env, DATABASE_URL: empty.env.DATABASE_URL } });
    const [file] = (await readdir(dir)).filter((f) => f.endsWith('.dump'));
    await run('mv', [path.join(dir, file!), dump]);
    await run(process.execPath, [path.join(ROOT, 'scripts', 'backup.mjs'), 'restore', dump], { env: { ...process.env, DATABASE_URL: url('consilium') } });

    const live = await createTestApp({ RATE_LIMIT_SCALE: '100' }, { databaseUrl: url('consilium') });
    apps.push(live);
    const author = await live.make.verifiedPhysician();
    await postThread(live, author.token, { title: 'Before the base backup' });

    // Step 2: the base backup, tar and gzip, with the WAL it needs.
    await pg('pg_basebackup', ['--dbname', url('postgres'), '--pgdata', path.join(dir, 'base'), '--format=tar', '--gzip', '--wal-method=stream', '--checkpoint=fast']);

    await postThread(live, author.token, { title: 'After the base backup, before the target' });
    const target = await psql('SELECT clock_timestamp()::text');
    // Anything after the target is committed strictly later than it.
    while ((await psql(`SELECT clock_timestamp() > '${target}'::timestamptz`)) !== 't');
    await postThread(live, author.token, { title: 'After the target' });
    await live.db.$executeRawUnsafe('DELETE FROM bookmark');
    await live.db.post.updateMany({ data: { body: 'overwritten by mistake' } });
    expect(await psql('SELECT count(*) FROM thread')).toBe('3');
    // The segment holding the mistake, closed now; wait for the archiver to have stored it.
    const segment = await psql('SELECT pg_walfile_name(pg_switch_wal())', 'postgres');
    const archived = async () => (await psql('SELECT coalesce(last_archived_wal, \'\') FROM pg_stat_archiver', 'postgres')) >= segment;
    for (let i = 0; i < 600 && !(await archived()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await archived()).toBe(true);
    await live.close();
    apps = apps.filter((a) => a !== live);

    // Step 3: the machine is lost; a new data directory from the base backup, recovered to the target.
    await stopCluster(path.join(dir, 'data'));
    const recovered = path.join(dir, 'recovered');
    await sh(`mkdir -m 0700 ${recovered} && tar -xzf ${dir}/base/base.tar.gz -C ${recovered} && tar -xzf ${dir}/base/pg_wal.tar.gz -C ${recovered}/pg_wal`);
    await sh(`cat >> ${recovered}/postgresql.conf <<'EOF'
restore_command = 'cp ${dir}/wal-archive/%f %p'
recovery_target_time = '${target}'
recovery_target_action = 'promote'
EOF
touch ${recovered}/recovery.signal`);
    await startCluster(recovered);
    // Promotion ends recovery: the cluster takes writes again.
    for (let i = 0; i < 600 && (await psql('SELECT pg_is_in_recovery()', 'postgres')) === 't'; i++) await new Promise((r) => setTimeout(r, 100));

    const titles = (await psql('SELECT title FROM thread ORDER BY created_at')).split('\n');
    expect(titles).toEqual(['Before the base backup', 'After the base backup, before the target']);
    expect(await psql("SELECT count(*) FROM post WHERE body = 'overwritten by mistake'")).toBe('0');

    const restored = await createTestApp({ RATE_LIMIT_SCALE: '100' }, { databaseUrl: url('consilium') });
    apps.push(restored);
    const feed = await restored.gql<{ feed: { edges: Array<{ node: { title: string; mine: boolean } }> } }>('{ feed { edges { node { title mine } } } }', {}, { token: author.token });
    expect(feed.errors).toBeUndefined();
    expect(feed.data!.feed.edges.map((e) => e.node)).toEqual([
      { title: 'After the base backup, before the target', mine: true },
      { title: 'Before the base backup', mine: true },
    ]);
    await postThread(restored, author.token, { title: 'After the recovery' });
  });
});
