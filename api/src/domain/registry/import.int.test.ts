import { execFileSync } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '@consilium/db';
import { createTestDatabase, type TestDatabase } from '@consilium/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeLicenseNumber } from '../licence.ts';
import pg from 'pg';
import { importRegistryFile } from './import.ts';
import { matchCredential } from './match.ts';
import { npiExtract, rppsExtract, rppsLine, scratchDir, type RppsRow } from './testing.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/registry');
const RPPS_SAMPLE = path.join(fixtures, 'PS_LibreAcces_Personne_activite_202611010000.txt');
const NPI_SAMPLE = path.join(fixtures, 'npidata_pfile_20261001-20261012.csv');
const CLAIRE = makeLicenseNumber('RPPS', 1);

let database: TestDatabase;
let db: Db;
const files = scratchDir();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb({ url: database.url, poolMax: 4 });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
  rmSync(files.dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.registryEntry.deleteMany();
  await db.registryImport.deleteMany();
});

const run = (registry: 'RPPS' | 'NPI', file: string) => importRegistryFile(database.url, { registry, file });

async function imports() {
  const rows = await db.registryImport.findMany({ orderBy: { startedAt: 'asc' }, select: { id: true, status: true, rows: true } });
  const counts = await db.registryEntry.groupBy({ by: ['importId'], _count: true });
  return rows.map((row) => ({ ...row, _count: { entries: counts.find((c) => c.importId === row.id)?._count ?? 0 } }));
}

const specialtyCounts = (importId: string) =>
  db.registrySpecialtyCount.findMany({ where: { importId }, orderBy: { specialtyCode: 'asc' }, select: { specialtyCode: true, count: true } });

/** Claire Martin, then `count` other physicians. */
function rppsRows(count: number, claire: RppsRow = {}): RppsRow[] {
  const rows: RppsRow[] = [{ 'Identifiant PP': CLAIRE, "Nom d'exercice": 'MARTIN', "Prénom d'exercice": 'Claire', 'Code savoir-faire': 'SM04', 'Libellé savoir-faire': 'Cardiologie et maladies vasculaires', ...claire }];
  for (let i = 0; i < count; i++) rows.push({ 'Identifiant PP': makeLicenseNumber('RPPS', 5000 + i), "Nom d'exercice": 'DURAND', "Prénom d'exercice": 'Paul', 'Code savoir-faire': 'SM54', 'Libellé savoir-faire': 'Médecine générale' });
  return rows;
}

describe('importing the samples', () => {
  it('keeps the RPPS physicians, every activity row of each, and skips the other professions', async () => {
    const result = await run('RPPS', RPPS_SAMPLE);
    expect(result).toMatchObject({ read: 200, kept: 162, skipped: 38, extractDate: '2026-11-01' });
    const [active] = await imports();
    expect(active).toMatchObject({ id: result.importId, status: 'ACTIVE', rows: 162, _count: { entries: 162 } });
    const claire = await db.registryEntry.findMany({ where: { identifier: CLAIRE } });
    expect(claire).toHaveLength(2);
    expect(claire[0]).toMatchObject({ lastName: 'MARTIN', firstName: 'Claire', profession: 'Médecin', specialtyCode: 'SM04' });
    expect(await db.registryEntry.count({ where: { NOT: { profession: 'Médecin' } } })).toBe(0);
    const people = await db.registryEntry.groupBy({ by: ['identifier'], _count: true });
    expect(people.length).toBeLessThan(162);
    // The report frame's counts, stored when the extract became ACTIVE: physicians (not rows) per specialty code.
    const recount = await db.$queryRaw<Array<{ specialtyCode: string; count: number }>>`
      SELECT specialty_code AS "specialtyCode", count(DISTINCT identifier)::int AS count FROM registry_entry
      WHERE specialty_code IS NOT NULL GROUP BY specialty_code ORDER BY specialty_code`;
    expect(recount.length).toBeGreaterThan(1);
    expect(await specialtyCounts(result.importId)).toEqual(recount);
    expect(recount.reduce((sum, c) => sum + c.count, 0)).toBeLessThan(162);
  });

  it('keeps one NPPES entry per individual physician, with the primary taxonomy', async () => {
    const result = await run('NPI', NPI_SAMPLE);
    expect(result).toMatchObject({ read: 100, kept: 81, skipped: 19, extractDate: '2026-10-12' });
    const smith = await db.registryEntry.findMany({ where: { identifier: makeLicenseNumber('NPI', 1) } });
    expect(smith).toEqual([expect.objectContaining({ lastName: 'SMITH', firstName: 'JOHN', profession: 'Physician', specialtyCode: '207RC0000X', specialtyLabel: 'Cardiovascular Disease Physician' })]);
    const people = await db.registryEntry.groupBy({ by: ['identifier'], _count: true });
    expect(people).toHaveLength(81);
  });

  it('chooses the taxonomy marked primary, else the first, and leaves out organisations and non-physicians', async () => {
    const npi = (seed: number) => makeLicenseNumber('NPI', seed);
    const person = (seed: number, extra: Record<string, string>) => ({ NPI: npi(seed), 'Entity Type Code': '1', 'Provider Last Name (Legal Name)': 'LEE', 'Provider First Name': 'ANA', ...extra });
    const file = files.write('npidata_pfile_20050523-20261109.csv', npiExtract([
      person(10, { 'Healthcare Provider Taxonomy Code_1': '207R00000X', 'Healthcare Provider Primary Taxonomy Switch_1': 'N', 'Healthcare Provider Taxonomy Code_2': '207RC0000X', 'Healthcare Provider Primary Taxonomy Switch_2': 'Y' }),
      person(11, { 'Healthcare Provider Taxonomy Code_1': '208000000X', 'Healthcare Provider Primary Taxonomy Switch_1': 'N', 'Healthcare Provider Taxonomy Code_2': '207Q00000X', 'Healthcare Provider Primary Taxonomy Switch_2': 'N' }),
      person(12, { 'Healthcare Provider Taxonomy Code_1': '363L00000X', 'Healthcare Provider Primary Taxonomy Switch_1': 'Y' }),
      { NPI: npi(13), 'Entity Type Code': '2', 'Provider Organization Name (Legal Business Name)': 'CITY CLINIC', 'Healthcare Provider Taxonomy Code_1': '207Q00000X' },
      { NPI: npi(14), 'NPI Deactivation Date': '01/02/2020' },
    ]));
    expect(await run('NPI', file)).toMatchObject({ read: 5, kept: 2, skipped: 3, extractDate: '2026-11-09' });
    const entries = await db.registryEntry.findMany({ orderBy: { identifier: 'asc' }, select: { identifier: true, specialtyCode: true } });
    expect(entries).toEqual([{ identifier: npi(10), specialtyCode: '207RC0000X' }, { identifier: npi(11), specialtyCode: '208000000X' }]);
  });
});

describe('the header', () => {
  it('names the missing RPPS column and fails the import', async () => {
    const columns = rppsExtract([]).split('\n')[0]!.split('|').filter((c) => c && c !== 'Code savoir-faire');
    const file = files.write('no-specialty.txt', `${columns.join('|')}|\n`);
    await expect(run('RPPS', file)).rejects.toThrow('RPPS import failed (previous import kept): the RPPS header has no column "Code savoir-faire"');
    expect(await imports()).toEqual([expect.objectContaining({ status: 'FAILED', rows: 0 })]);
  });

  it('names the missing NPI column', async () => {
    const file = files.write('no-first-name.csv', npiExtract([], ['NPI', 'Entity Type Code', 'Provider Last Name (Legal Name)', 'Healthcare Provider Taxonomy Code_1', 'Healthcare Provider Primary Taxonomy Switch_1']));
    await expect(run('NPI', file)).rejects.toThrow('the NPI header has no column "Provider First Name"');
  });

  it('refuses an empty file', async () => {
    await expect(run('RPPS', files.write('empty.txt', ''))).rejects.toThrow('the file is empty');
  });
});

describe('replacing the active import', () => {
  it('swaps in the new extract: matching follows it and the old entries are deleted', async () => {
    const first = await run('RPPS', RPPS_SAMPLE);
    expect(await matchCredential(db, { registry: 'RPPS', licenseNumber: CLAIRE, specialty: 'cardiology' })).toMatchObject({ importId: first.importId, agrees: true });
    const file = files.write('PS_LibreAcces_Personne_activite_202612010000.txt', rppsExtract(rppsRows(3, { 'Code savoir-faire': 'SM40', 'Libellé savoir-faire': 'Pédiatrie' })));
    const second = await run('RPPS', file);
    const match = await matchCredential(db, { registry: 'RPPS', licenseNumber: CLAIRE, specialty: 'cardiology' });
    expect(match).toMatchObject({ importId: second.importId, found: true, agrees: false, specialtyOnRegistry: 'Pédiatrie' });
    expect(match.extractDate?.toISOString().slice(0, 10)).toBe('2026-12-01');
    expect(await imports()).toEqual([
      { id: first.importId, status: 'SUPERSEDED', rows: 162, _count: { entries: 0 } },
      { id: second.importId, status: 'ACTIVE', rows: 4, _count: { entries: 4 } },
    ]);
    // Claire now in paediatrics, the three others in general practice.
    expect(await specialtyCounts(second.importId)).toEqual([{ specialtyCode: 'SM40', count: 1 }, { specialtyCode: 'SM54', count: 3 }]);
  });

  it.each([
    ['a malformed row halfway', rppsLine({ 'Identifiant PP': '10000099990' }).replace(/\|[^|]*\|\n$/, '|\n'), /line 1501 has 20 fields where the header has 21/],
    ['a value the database refuses', rppsLine({ 'Identifiant PP': '1'.repeat(40) }), /the database refused it: value too long .*\(COPY registry_entry, line \d+/],
  ])('keeps the previous import active through %s', async (_, bad, message) => {
    const previous = await run('RPPS', RPPS_SAMPLE);
    // Far enough in that earlier rows have already gone to PostgreSQL when it fails.
    const lines = rppsExtract(rppsRows(2999, { 'Code savoir-faire': 'SM40' })).split(/(?<=\n)/);
    lines.splice(1500, 1, bad);
    await expect(run('RPPS', files.write('broken.txt', lines.join('')))).rejects.toThrow(message);
    expect(await imports()).toEqual([
      { id: previous.importId, status: 'ACTIVE', rows: 162, _count: { entries: 162 } },
      expect.objectContaining({ status: 'FAILED', rows: 0, _count: { entries: 0 } }),
    ]);
    expect(await matchCredential(db, { registry: 'RPPS', licenseNumber: CLAIRE, specialty: 'cardiology' })).toMatchObject({ importId: previous.importId, agrees: true });
  });

  it('fails on an NPPES record of the wrong width, naming its line', async () => {
    const previous = await run('NPI', NPI_SAMPLE);
    const text = npiExtract([{ NPI: makeLicenseNumber('NPI', 20), 'Entity Type Code': '1' }]).replace(/,""\n$/, '\n');
    await expect(run('NPI', files.write('short-record.csv', text))).rejects.toThrow(/Invalid Record Length: .* on line 2/);
    expect(await imports()).toEqual([expect.objectContaining({ id: previous.importId, status: 'ACTIVE' }), expect.objectContaining({ status: 'FAILED' })]);
  });

  it('says which file it could not read', async () => {
    await expect(run('RPPS', path.join(files.dir, 'missing.txt'))).rejects.toThrow(`cannot read ${path.join(files.dir, 'missing.txt')}: no such file`);
    expect(await imports()).toEqual([expect.objectContaining({ status: 'FAILED' })]);
  });

  it('lets two imports of one registry finish one after the other, never both active', async () => {
    const [a, b] = await Promise.all([run('RPPS', RPPS_SAMPLE), run('RPPS', RPPS_SAMPLE)]);
    const states = await imports();
    expect(states.map((s) => s.status).sort()).toEqual(['ACTIVE', 'SUPERSEDED']);
    expect(states.find((s) => s.status === 'ACTIVE')?._count.entries).toBe(162);
    expect([a.importId, b.importId]).toContain(states.find((s) => s.status === 'ACTIVE')?.id);
    expect(await db.registryEntry.count()).toBe(162);
  });

  it('shows readers the previous extract while the next one is loading', async () => {
    const previous = await run('RPPS', RPPS_SAMPLE);
    const fifo = path.join(files.dir, 'slow-extract.txt');
    execFileSync('mkfifo', [fifo]);
    const loading = run('RPPS', fifo);
    const writer = createWriteStream(fifo);
    const text = rppsExtract(rppsRows(2000, { 'Code savoir-faire': 'SM40' }));
    writer.write(text.slice(0, text.length / 2));
    await expect.poll(() => db.registryImport.count({ where: { status: 'LOADING' } })).toBe(1);
    expect(await matchCredential(db, { registry: 'RPPS', licenseNumber: CLAIRE, specialty: 'cardiology' })).toMatchObject({ importId: previous.importId, agrees: true });
    writer.end(text.slice(text.length / 2));
    const next = await loading;
    expect(await matchCredential(db, { registry: 'RPPS', licenseNumber: CLAIRE, specialty: 'pediatrics' })).toMatchObject({ importId: next.importId, agrees: true });
    expect(await db.registryImport.count({ where: { status: 'LOADING' } })).toBe(0);
  });

  it('leaves nothing half-loaded when interrupted', async () => {
    const previous = await run('RPPS', RPPS_SAMPLE);
    const fifo = path.join(files.dir, 'interrupted.txt');
    execFileSync('mkfifo', [fifo]);
    const abort = new AbortController();
    const loading = importRegistryFile(database.url, { registry: 'RPPS', file: fifo, signal: abort.signal });
    const writer = createWriteStream(fifo);
    // The import stops reading on purpose: what is still being written then hits a closed pipe.
    writer.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
    writer.write(rppsExtract(rppsRows(500)));
    await expect.poll(() => db.registryImport.count({ where: { status: 'LOADING' } })).toBe(1);
    abort.abort();
    await expect(loading).rejects.toThrow('RPPS import failed (previous import kept): interrupted');
    writer.destroy();
    expect(await imports()).toEqual([
      { id: previous.importId, status: 'ACTIVE', rows: 162, _count: { entries: 162 } },
      expect.objectContaining({ status: 'FAILED', _count: { entries: 0 } }),
    ]);
  });

  it('fails an import whose loader died (its lock is free) at the next import, and leaves a live one loading', async () => {
    const previous = await run('RPPS', RPPS_SAMPLE);
    // A loader killed with -9: its import stays LOADING with rows, and nobody holds its lock.
    const dead = await db.registryImport.create({ data: { registry: 'RPPS', fileName: 'killed.txt' } });
    await db.registryEntry.createMany({ data: [{ importId: dead.id, identifier: '10000000001', firstName: 'A', lastName: 'B' }] });
    // A loader still at work elsewhere: its import is LOADING and its connection holds the lock.
    const live = await db.registryImport.create({ data: { registry: 'NPI', fileName: 'slow.csv' } });
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(4242101, hashtext($1))', [live.id]);
      const next = await run('RPPS', RPPS_SAMPLE);
      const states = Object.fromEntries((await imports()).map((i) => [i.id, i]));
      expect(states[dead.id]).toMatchObject({ status: 'FAILED', _count: { entries: 0 } });
      expect(states[live.id]).toMatchObject({ status: 'LOADING' });
      expect(states[previous.importId]).toMatchObject({ status: 'SUPERSEDED' });
      expect(states[next.importId]).toMatchObject({ status: 'ACTIVE', rows: 162 });
    } finally {
      await holder.end();
    }
  });
});
