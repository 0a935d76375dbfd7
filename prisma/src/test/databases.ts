/** Helpers for the integration tests: uniquely named databases on the local server, and scratch copies of the Prisma setup. */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { packageDir } from '../migrate.ts';

/** The server the tests use, through its maintenance database. */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A name no other test (or run) uses: `consilium_it_<label>_<time>_<random>`. */
export function uniqueDatabaseName(label: string): string {
  return `consilium_it_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one query on `url` (default: the maintenance database) and returns its rows. */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
  url = adminUrl,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return (await query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
}

export async function createDatabase(name: string): Promise<void> {
  await query(`CREATE DATABASE "${name}"`);
}

export async function dropDatabase(name: string): Promise<void> {
  await query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export interface Scratch {
  dir: string;
  schema: string;
  migrations: string;
  /** A prisma.config.ts pointing at this copy, for `--config`. */
  config: string;
  remove(): Promise<void>;
}

/**
 * A temporary copy of schema.prisma and migrations/ with its own prisma.config.ts, so that a test
 * can add a migration or edit the schema without touching the repository. `editSchema` rewrites
 * the copied schema.
 */
export async function scratchCopy(editSchema: (schema: string) => string = (s) => s): Promise<Scratch> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'consilium-prisma-'));
  const schema = path.join(dir, 'schema.prisma');
  const migrations = path.join(dir, 'migrations');
  const config = path.join(dir, 'prisma.config.ts');
  await writeFile(schema, editSchema(await readFile(path.join(packageDir, 'schema.prisma'), 'utf8')));
  await cp(path.join(packageDir, 'migrations'), migrations, { recursive: true });
  // No import of 'prisma/config' (unresolvable from the temp directory): the config is a plain object.
  await writeFile(
    config,
    `process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= ${JSON.stringify(path.join(packageDir, 'engine', 'schema-engine.mjs'))};
export default {
  schema: ${JSON.stringify(schema)},
  migrations: { path: ${JSON.stringify(migrations)} },
  datasource: { url: process.env.DATABASE_URL },
};
`,
  );
  return { dir, schema, migrations, config, remove: () => rm(dir, { recursive: true, force: true }) };
}
