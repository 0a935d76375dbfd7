import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '@consilium/db';
import { createTestDatabase, type TestDatabase } from '@consilium/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLicenseNumber } from '../licence.ts';
import { importRegistryFile, type ImportResult } from './import.ts';
import { matchCredential } from './match.ts';
import { rppsExtract, scratchDir } from './testing.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/registry');

let database: TestDatabase;
let db: Db;
let rpps: ImportResult;
let npi: ImportResult;
const statements: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb({ url: database.url, poolMax: 2, onQuery: (sql) => statements.push(sql) });
  rpps = await importRegistryFile(database.url, { registry: 'RPPS', file: path.join(fixtures, 'PS_LibreAcces_Personne_activite_202611010000.txt') });
  npi = await importRegistryFile(database.url, { registry: 'NPI', file: path.join(fixtures, 'npidata_pfile_20261001-20261012.csv') });
});
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe('matchCredential', () => {
  it('finds a physician whose registry specialty agrees, in one SQL statement', async () => {
    statements.length = 0;
    const match = await matchCredential(db, { registry: 'RPPS', licenseNumber: makeLicenseNumber('RPPS', 1), specialty: 'cardiology' });
    expect(match).toEqual({
      importId: rpps.importId,
      extractDate: new Date('2026-11-01T00:00:00Z'),
      found: true,
      nameOnRegistry: 'Claire MARTIN',
      specialtyOnRegistry: 'Cardiologie et maladies vasculaires',
      agrees: true,
    });
    expect(statements).toHaveLength(1);
  });

  it('says when the registry disagrees with the submitted specialty', async () => {
    const match = await matchCredential(db, { registry: 'RPPS', licenseNumber: makeLicenseNumber('RPPS', 2), specialty: 'cardiology' });
    expect(match).toMatchObject({ found: true, nameOnRegistry: 'Julien BERNARD', specialtyOnRegistry: 'Médecine générale', agrees: false });
    expect(await matchCredential(db, { registry: 'RPPS', licenseNumber: makeLicenseNumber('RPPS', 2), specialty: 'general-practice' })).toMatchObject({ agrees: true });
  });

  it('reads NPPES entries, and numbers typed with spaces', async () => {
    const match = await matchCredential(db, { registry: 'NPI', licenseNumber: makeLicenseNumber('NPI', 1).replace(/(\d{5})/, '$1 '), specialty: 'cardiology' });
    expect(match).toMatchObject({ importId: npi.importId, found: true, nameOnRegistry: 'John SMITH', specialtyOnRegistry: 'Cardiovascular Disease Physician', agrees: true });
    expect(match.extractDate).toEqual(new Date('2026-10-12T00:00:00Z'));
  });

  it('does not find a valid number absent from the extract, and says which extract it read', async () => {
    const match = await matchCredential(db, { registry: 'RPPS', licenseNumber: makeLicenseNumber('RPPS', 999_999), specialty: 'pediatrics' });
    expect(match).toEqual({ importId: rpps.importId, extractDate: new Date('2026-11-01T00:00:00Z'), found: false, nameOnRegistry: null, specialtyOnRegistry: null, agrees: false });
  });

  it('finds nothing, and no extract, for a registry that was never imported', async () => {
    const none = { importId: null, extractDate: null, found: false, nameOnRegistry: null, specialtyOnRegistry: null, agrees: false };
    expect(await matchCredential(db, { registry: 'GMC', licenseNumber: '1234567', specialty: 'cardiology' })).toEqual(none);
    const fresh = await createTestDatabase();
    const empty = createDb({ url: fresh.url, poolMax: 1 });
    try {
      expect(await matchCredential(empty, { registry: 'RPPS', licenseNumber: makeLicenseNumber('RPPS', 1), specialty: 'cardiology' })).toEqual(none);
    } finally {
      await empty.$disconnect();
      await fresh.drop();
    }
  });
});

describe('a person with several activities', () => {
  const files = scratchDir();
  const id = makeLicenseNumber('RPPS', 77);
  let several: TestDatabase;
  let severalDb: Db;

  beforeAll(async () => {
    several = await createTestDatabase();
    severalDb = createDb({ url: several.url, poolMax: 1 });
    const person = { 'Identifiant PP': id, "Nom d'exercice": 'LE GALL', "Prénom d'exercice": 'Anne-Sophie' } as const;
    const file = files.write('PS_LibreAcces_Personne_activite_202612150000.txt', rppsExtract([
      { ...person, 'Code savoir-faire': 'SM54', 'Libellé savoir-faire': 'Médecine générale' },
      { ...person, 'Code savoir-faire': 'SM54', 'Libellé savoir-faire': 'Médecine générale' },
      { ...person, 'Code savoir-faire': 'SM18', 'Libellé savoir-faire': 'Gériatrie' },
    ]));
    await importRegistryFile(several.url, { registry: 'RPPS', file });
  });
  afterAll(async () => {
    await severalDb.$disconnect();
    await several.drop();
    rmSync(files.dir, { recursive: true, force: true });
  });

  it('joins their distinct labels, and agrees if any of them does', async () => {
    const match = await matchCredential(severalDb, { registry: 'RPPS', licenseNumber: id, specialty: 'geriatrics' });
    expect(match).toMatchObject({ found: true, nameOnRegistry: 'Anne-Sophie LE GALL', specialtyOnRegistry: 'Médecine générale / Gériatrie', agrees: true });
    expect(await matchCredential(severalDb, { registry: 'RPPS', licenseNumber: id, specialty: 'cardiology' })).toMatchObject({ found: true, agrees: false });
  });
});
