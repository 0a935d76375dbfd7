/**
 * Generated NPPES extracts: real column names in their real order (a subset of the ~330, with
 * three of the fifteen taxonomy groups), every field quoted as in the published file.
 */
import { makeLicenseNumber } from '../licence.ts';
import { US_FIRST_NAMES, US_LAST_NAMES, US_PLACES, US_STREETS } from './names.ts';
import { NUCC_LABELS } from './nucc-taxonomy.ts';
import type { Random } from './random.ts';

const TAXONOMY_GROUPS = 3;

export const NPI_GENERATED_COLUMNS = [
  'NPI', 'Entity Type Code', 'Replacement NPI', 'Employer Identification Number (EIN)',
  'Provider Organization Name (Legal Business Name)', 'Provider Last Name (Legal Name)', 'Provider First Name',
  'Provider Middle Name', 'Provider Name Prefix Text', 'Provider Name Suffix Text', 'Provider Credential Text',
  'Provider First Line Business Practice Location Address', 'Provider Business Practice Location Address City Name',
  'Provider Business Practice Location Address State Name', 'Provider Business Practice Location Address Postal Code',
  'Provider Enumeration Date', 'Last Update Date', 'NPI Deactivation Reason Code', 'NPI Deactivation Date', 'Provider Gender Code',
  ...Array.from({ length: TAXONOMY_GROUPS }, (_, i) => [
    `Healthcare Provider Taxonomy Code_${i + 1}`, `Provider License Number_${i + 1}`,
    `Provider License Number State Code_${i + 1}`, `Healthcare Provider Primary Taxonomy Switch_${i + 1}`,
  ]).flat(),
  'Is Sole Proprietor',
];

/** Physician taxonomies (most of them ours, a few not); general and family practice lead. */
const PHYSICIAN_TAXONOMIES: ReadonlyArray<readonly [string, number]> = Object.keys(NUCC_LABELS).map((code) => [
  code,
  code === '208D00000X' || code === '207Q00000X' || code === '207R00000X' ? 12 : 2,
]);
const OTHER_TAXONOMIES: ReadonlyArray<readonly [readonly [string, string], number]> = [
  [['363L00000X', 'NP'], 5], [['363A00000X', 'PA-C'], 3], [['1223G0001X', 'DDS'], 3],
  [['183500000X', 'PharmD'], 2], [['225100000X', 'PT'], 2], [['152W00000X', 'OD'], 1],
];
const ORGANIZATION_TAXONOMIES = ['261QP2300X', '282N00000X', '332B00000X'] as const;

type Row = Record<string, string>;

function csvLine(row: Row): string {
  return `${NPI_GENERATED_COLUMNS.map((name) => `"${(row[name] ?? '').replace(/"/g, '""')}"`).join(',')}\n`;
}

function usDate(random: Random, year: number): string {
  return `${String(random.int(1, 12)).padStart(2, '0')}/${String(random.int(1, 28)).padStart(2, '0')}/${year}`;
}

function place(random: Random): Row {
  const [city, state, zip] = random.pick(US_PLACES);
  const enumerated = random.int(2005, 2025);
  return {
    'Provider First Line Business Practice Location Address': `${random.int(1, 9999)} ${random.pick(US_STREETS)}`,
    'Provider Business Practice Location Address City Name': city,
    'Provider Business Practice Location Address State Name': state,
    'Provider Business Practice Location Address Postal Code': zip,
    'Provider Enumeration Date': usDate(random, enumerated),
    'Last Update Date': usDate(random, random.int(enumerated + 1, 2026)),
  };
}

/** Taxonomy groups; the primary switch sits on `primary`, or on none when it is -1. */
function taxonomies(codes: readonly string[], primary: number, state: string, random: Random): Row {
  const row: Row = {};
  codes.forEach((code, i) => {
    row[`Healthcare Provider Taxonomy Code_${i + 1}`] = code;
    row[`Provider License Number_${i + 1}`] = `${random.pick(['A', 'MD', 'G', ''])}${random.digits(6)}`;
    row[`Provider License Number State Code_${i + 1}`] = state;
    row[`Healthcare Provider Primary Taxonomy Switch_${i + 1}`] = i === primary ? 'Y' : 'N';
  });
  return row;
}

interface Individual {
  npi: string;
  last: string;
  first: string;
  gender: string;
  codes: string[];
  credential: string;
}

function individual({ npi, last, first, gender, codes, credential }: Individual, random: Random): Row {
  const where = place(random);
  const primary = random.next() < 0.03 ? -1 : random.int(0, codes.length - 1);
  return {
    NPI: npi, 'Entity Type Code': '1', 'Provider Last Name (Legal Name)': last, 'Provider First Name': first,
    'Provider Middle Name': random.next() < 0.4 ? random.pick('ABCDEJKLMRST'.split('')) : '',
    'Provider Name Prefix Text': random.next() < 0.3 ? 'DR.' : '', 'Provider Credential Text': credential,
    'Provider Gender Code': gender, 'Is Sole Proprietor': random.pick(['Y', 'N', 'X']),
    ...where, ...taxonomies(codes, primary, where['Provider Business Practice Location Address State Name']!, random),
  };
}

function randomRecord(seed: number, random: Random): string {
  const npi = makeLicenseNumber('NPI', seed);
  const kind = random.weighted([['physician', 75], ['other', 12], ['organization', 10], ['deactivated', 2]] as const);
  const last = random.pick(US_LAST_NAMES);
  const first = random.pick(US_FIRST_NAMES);
  if (kind === 'deactivated') return csvLine({ NPI: npi, 'NPI Deactivation Date': usDate(random, random.int(2010, 2026)) });
  if (kind === 'organization') {
    const where = place(random);
    const name = `${where['Provider Business Practice Location Address City Name']} ${random.pick(['MEDICAL GROUP LLC', 'HEALTH SYSTEM', 'FAMILY CLINIC PC'])}`;
    const codes = [random.pick(ORGANIZATION_TAXONOMIES)];
    return csvLine({ NPI: npi, 'Entity Type Code': '2', 'Employer Identification Number (EIN)': '<UNAVAIL>', 'Provider Organization Name (Legal Business Name)': name, ...where, ...taxonomies(codes, 0, '', random) });
  }
  if (kind === 'other') {
    const [code, credential] = random.weighted(OTHER_TAXONOMIES);
    return csvLine(individual({ npi, last, first, gender: random.pick(['F', 'M']), codes: [code], credential }, random));
  }
  const codes = [...new Set(Array.from({ length: random.weighted([[1, 70], [2, 22], [3, 8]] as const) }, () => random.weighted(PHYSICIAN_TAXONOMIES)))];
  return csvLine(individual({ npi, last, first, gender: random.pick(['F', 'M']), codes, credential: random.pick(['M.D.', 'MD', 'D.O.']) }, random));
}

/** The physician tests and demo data rely on: the first record of every generated NPI extract. */
export const NPI_REFERENCE_PEOPLE = [{ seed: 1, first: 'JOHN', last: 'SMITH', gender: 'M', taxonomy: '207RC0000X' }] as const;

/** `rows` records after the header. */
export function* npiLines(rows: number, random: Random): Generator<string> {
  yield csvLine(Object.fromEntries(NPI_GENERATED_COLUMNS.map((name) => [name, name])));
  let left = rows;
  for (const ref of NPI_REFERENCE_PEOPLE) {
    if (left-- <= 0) return;
    const row = individual({ ...ref, npi: makeLicenseNumber('NPI', ref.seed), codes: [ref.taxonomy], credential: 'M.D.' }, random);
    yield csvLine({ ...row, 'Healthcare Provider Primary Taxonomy Switch_1': 'Y' });
  }
  for (let seed = 100; left > 0; seed++, left--) yield randomRecord(seed, random);
}
