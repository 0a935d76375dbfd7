/**
 * Isolated databases for tests. Each test file gets its own database, copied from a
 * migrated template (CREATE DATABASE … TEMPLATE is a file copy: ~100 ms instead of
 * migrating every time), so files run in parallel without seeing each other's rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateDeploy } from './migrate.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const migrationsDir = path.join(here, '..', 'migrations');

/** The server tests run against; `TEST_DATABASE_URL` names its maintenance database. */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'consilium_t_';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, name, 'migration.sql');
    if (statSync(path.join(migrationsDir, name)).isDirectory()) hash.update(name).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return rowCount === 1;
}

/** Creates (once per set of migrations) the migrated template, under an advisory lock. */
async function ensureTemplate(): Promise<string> {
  const template = `${PREFIX}tpl_${migrationsHash()}`;
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock(4242001)');
    try {
      if (!(await databaseExists(client, template))) {
        const building = `${template}_building`;
        await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await migrateDeploy(withDatabase(adminUrl, building));
        await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      }
      // The last use, so that another checkout's run (other migrations, other template)
      // does not drop a template this one is still copying from.
      await client.query(`COMMENT ON DATABASE "${template}" IS '${Date.now()}'`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(4242001)');
    }
  });
  return template;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A migrated, empty database of its own; `drop()` it in `afterAll`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `${PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (client) => {
    // Two copies of one template at the same instant can fail with "being accessed by
    // other users"; serialising the copy costs nothing measurable.
    await client.query('SELECT pg_advisory_lock(4242002)');
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(4242002)');
    }
  });
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => withAdmin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}

/**
 * Drops test databases left behind by interrupted runs (older than an hour), and templates unused for an hour.
 * It holds the template builders' lock: a template another checkout is migrating (`…_building`, no
 * comment yet) is never taken for a stale one.
 */
export async function dropStaleTestDatabases(): Promise<number> {
  const current = `${PREFIX}tpl_${migrationsHash()}`;
  return withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock(4242001)');
    try {
      return await dropStale(client, current);
    } finally {
      await client.query('SELECT pg_advisory_unlock(4242001)');
    }
  });
}

async function dropStale(client: pg.Client, current: string): Promise<number> {
  const { rows } = await client.query<{ datname: string; used: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS used FROM pg_database WHERE datname LIKE '${PREFIX}%'`,
  );
  let dropped = 0;
  const old = (ms: number) => Date.now() - ms > 3_600_000;
  for (const { datname, used } of rows) {
    const stamp = /^consilium_t_([0-9a-z]+)_[0-9a-f]{8}$/.exec(datname)?.[1];
    const stale = stamp
      ? old(parseInt(stamp, 36))
      : datname.startsWith(`${PREFIX}tpl_`) && datname !== current && old(Number(used ?? 0));
    if (!stale) continue;
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    dropped += 1;
  }
  return dropped;
}

/**
 * The parameters of a statement as Prisma's query event logs them (a JSON array, bytes and
 * typed values tagged `prisma__type` / `prisma__value`), as values node-postgres sends the way
 * PostgreSQL expects: to run a captured statement again, e.g. under EXPLAIN.
 */
export function loggedParams(params: string): unknown[] {
  return (JSON.parse(params || '[]') as unknown[]).map(loggedValue);
}

function loggedValue(param: unknown): unknown {
  if (param && typeof param === 'object' && !Array.isArray(param)) {
    const tagged = param as { prisma__type?: string; prisma__value?: unknown };
    if (tagged.prisma__type === 'bytes') return Buffer.from(String(tagged.prisma__value), 'base64');
    if ('prisma__value' in tagged) return loggedValue(tagged.prisma__value);
  }
  return Array.isArray(param) ? param.map(loggedValue) : param;
}
