import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '@consilium/db';
import { createTestDatabase, type TestDatabase } from '@consilium/db/testing';
import { runCli } from '../test/cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../domain/registry/testing.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const NPI_SAMPLE = path.join(here, '../../fixtures/registry/npidata_pfile_20261001-20261012.csv');

let database: TestDatabase;
let db: Db;
const files = scratchDir();

const cli = (args: string[]) => runCli(args, { DATABASE_URL: database.url });

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb({ url: database.url, poolMax: 1 });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  rmSync(files.dir, { recursive: true, force: true });
});

describe('pnpm cli registry:generate and registry:import', () => {
  it('generates an RPPS extract, imports it and ends with one line of figures', async () => {
    const file = path.join(files.dir, 'PS_LibreAcces_Personne_activite_202611230000.txt');
    const generated = await cli(['registry:generate', '--registry', 'RPPS', '--rows', '3000', '--seed', '9', file]);
    expect(generated).toMatchObject({ code: 0, stderr: '' });
    expect(generated.stdout).toContain(`wrote 3000 RPPS rows to ${file}`);

    const res = await cli(['registry:import', '--registry', 'RPPS', file]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const line = /^RPPS import (\S+) \(extract of 2026-11-23\): (\d+) rows imported, (\d+) non-physician rows skipped, in [\d.]+ s \(\d+ rows\/s\)$/.exec(res.stdout.trim());
    expect(line).not.toBeNull();
    expect(Number(line![2]) + Number(line![3])).toBe(3000);
    expect(await db.registryImport.findUnique({ where: { id: line![1]! } })).toMatchObject({ status: 'ACTIVE', rows: Number(line![2]) });
  });

  it('takes --extract-date over the file name', async () => {
    const res = await cli(['registry:import', '--registry', 'NPI', '--extract-date', '2026-10-15', NPI_SAMPLE]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^NPI import \S+ \(extract of 2026-10-15\): 81 rows imported, 19 organisations, deactivated and non-physician rows skipped/);
  });

  it('fails in one clear line, exit code 1, for a missing file', async () => {
    const missing = path.join(files.dir, 'nowhere.txt');
    const res = await cli(['registry:import', '--registry', 'RPPS', missing]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim()).toBe(`error: RPPS import failed (previous import kept): cannot read ${missing}: no such file`);
  });

  it('says how to use it when an argument is wrong', async () => {
    const res = await cli(['registry:import', '--registry', 'GMC', 'x.txt']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--registry must be RPPS or NPI');
    expect(res.stderr).toContain('usage: pnpm cli registry:import');
  });
});
