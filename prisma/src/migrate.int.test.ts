/**
 * Migration round trip on a real PostgreSQL, through the stock Prisma CLI and the Wasm engine
 * stand-in (engine/schema-engine.mjs). A Prisma or adapter upgrade that breaks it fails here.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MigrationError, migrateDeploy, packageDir, runPrisma } from './migrate.ts';
import {
  databaseExists,
  databaseUrl,
  dropDatabase,
  query,
  scratchCopy,
  uniqueDatabaseName,
  type Scratch,
} from './test/databases.ts';

const created: string[] = [];
const scratches: Scratch[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(name);
  for (const scratch of scratches) await scratch.remove();
});

function newDatabase(label: string): { name: string; url: string } {
  const name = uniqueDatabaseName(label);
  created.push(name);
  return { name, url: databaseUrl(name) };
}

async function migrationNames(dir = path.join(packageDir, 'migrations')): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

interface MigrationRow {
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

const migrationRows = (url: string) =>
  query<MigrationRow>(
    'SELECT migration_name, started_at, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    [],
    url,
  );

const tableExists = async (url: string, table: string) =>
  (await query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table], url))[0]?.t != null;

describe('migrateDeploy', () => {
  it('creates a missing database, applies every migration, and is a no-op the second time', async () => {
    const { name, url } = newDatabase('roundtrip');
    expect(await databaseExists(name)).toBe(false);

    await migrateDeploy(url);

    const expected = await migrationNames();
    const rows = await migrationRows(url);
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    for (const row of rows) {
      expect(row.finished_at, row.migration_name).not.toBeNull();
      expect(row.rolled_back_at, row.migration_name).toBeNull();
    }
    for (const table of ['organization', 'account', 'session']) expect(await tableExists(url, table), table).toBe(true);

    // Second run: nothing re-applied, data untouched.
    await query(`INSERT INTO organization (name) VALUES ('kept')`, [], url);
    await migrateDeploy(url);
    expect(await migrationRows(url)).toEqual(rows);
    expect(await query('SELECT name FROM organization', [], url)).toEqual([{ name: 'kept' }]);

    // The migrated database is exactly what schema.prisma describes (the live-database drift check).
    const live = await runPrisma(url, ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'schema.prisma', '--exit-code']);
    expect(live.output).toContain('No difference detected');
    expect(live.code).toBe(0);
  });

  it('leaves nothing of a migration that fails half-way, and applies $$ bodies whole', async () => {
    const scratch = await scratchCopy();
    scratches.push(scratch);
    // adapter-pg alone splits scripts on ";": this body would break, and the table below would stay.
    await mkdir(path.join(scratch.migrations, '29990101000000_function'));
    await writeFile(
      path.join(scratch.migrations, '29990101000000_function', 'migration.sql'),
      `CREATE FUNCTION it_answer() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1;
  RETURN 42;
END;
$$;
`,
    );
    await mkdir(path.join(scratch.migrations, '29990102000000_broken'));
    await writeFile(
      path.join(scratch.migrations, '29990102000000_broken', 'migration.sql'),
      `CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);
INSERT INTO "half_done" VALUES (1);
SELECT 1 / 0;
CREATE TABLE "never_reached" ("id" INTEGER PRIMARY KEY);
`,
    );
    const { url } = newDatabase('broken');

    const failure = await migrateDeploy(url, { config: scratch.config }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MigrationError);
    const message = (failure as MigrationError).message;
    expect(message).toContain(url);
    expect(message).toContain('29990102000000_broken');
    expect(message).toContain('division by zero');

    expect(await tableExists(url, 'half_done')).toBe(false);
    expect(await tableExists(url, 'never_reached')).toBe(false);
    expect(await query('SELECT it_answer() AS answer', [], url)).toEqual([{ answer: 42 }]);
    const rows = await migrationRows(url);
    const broken = rows.find((r) => r.migration_name === '29990102000000_broken');
    expect(broken?.finished_at).toBeNull();
    expect(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name)).toEqual([
      ...(await migrationNames()),
      '29990101000000_function',
    ]);
  });

  it('names the database, masks its password and says how to start PostgreSQL when it is down', async () => {
    const url = 'postgresql://postgres:s3cr3t@127.0.0.1:1/consilium_unreachable';
    const error = await migrateDeploy(url).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('postgresql://postgres:***@127.0.0.1:1/consilium_unreachable');
    expect(error?.message).not.toContain('s3cr3t');
    expect(error?.message).toContain('P1001');
    expect(error?.message).toContain('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
  });
});
