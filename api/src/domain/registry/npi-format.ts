/**
 * The US NPPES monthly file « npidata_pfile_<from>-<to>.csv »: RFC 4180 CSV, every field
 * quoted, one row per NPI with up to 15 taxonomy groups. Only individuals (entity type 1) whose
 * primary taxonomy is a physician's are kept, one entry per NPI.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { columnPositions, copyLine, RegistryFileError, type RowCounts } from './copy-rows.ts';
import { isPhysicianTaxonomy, NUCC_LABELS } from './nucc-taxonomy.ts';

export const NPI_REQUIRED_COLUMNS = {
  npi: 'NPI',
  entityType: 'Entity Type Code',
  lastName: 'Provider Last Name (Legal Name)',
  firstName: 'Provider First Name',
  taxonomy1: 'Healthcare Provider Taxonomy Code_1',
  primary1: 'Healthcare Provider Primary Taxonomy Switch_1',
} as const;

const MAX_TAXONOMIES = 15;
const INDIVIDUAL = '1';
const BATCH_ROWS = 500;

interface Positions {
  npi: number;
  entityType: number;
  lastName: number;
  firstName: number;
  /** [taxonomy code column, primary switch column] of each group present in the header. */
  taxonomies: Array<[number, number]>;
}

function positions(header: string[]): Positions {
  const at = columnPositions('NPI', header, NPI_REQUIRED_COLUMNS);
  const taxonomies: Array<[number, number]> = [];
  for (let i = 1; i <= MAX_TAXONOMIES; i++) {
    const code = header.indexOf(`Healthcare Provider Taxonomy Code_${i}`);
    if (code >= 0) taxonomies.push([code, header.indexOf(`Healthcare Provider Primary Taxonomy Switch_${i}`)]);
  }
  return { npi: at.npi, entityType: at.entityType, lastName: at.lastName, firstName: at.firstName, taxonomies };
}

/** The taxonomy marked primary ("Y"), else the first one given. */
function primaryTaxonomy(record: string[], at: Positions): string {
  let first = '';
  for (const [code, primary] of at.taxonomies) {
    const value = record[code]?.trim() ?? '';
    if (value === '') continue;
    if (primary >= 0 && record[primary] === 'Y') return value;
    if (first === '') first = value;
  }
  return first;
}

/** Turns parsed NPPES records into COPY text for registry_entry, a batch of rows at a time. */
class NpiRecordsToCopy extends Transform {
  private at: Positions | null = null;
  private batch: string[] = [];

  constructor(
    private readonly importId: string,
    private readonly counts: RowCounts,
  ) {
    super({ writableObjectMode: true });
  }

  override _transform(record: string[], _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.at) {
      this.at = positions(record.map((name) => name.trim()));
      return callback();
    }
    this.counts.read += 1;
    const line = this.entry(record, this.at);
    if (line === '') this.counts.skipped += 1;
    else this.batch.push(line);
    if (this.batch.length < BATCH_ROWS) return callback();
    const out = this.batch.join('');
    this.batch = [];
    callback(null, out);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.at) return callback(new RegistryFileError('the file is empty: no NPI header line'));
    callback(null, this.batch.length > 0 ? this.batch.join('') : undefined);
  }

  private entry(record: string[], at: Positions): string {
    if (record[at.entityType] !== INDIVIDUAL) return '';
    const taxonomy = primaryTaxonomy(record, at);
    if (!isPhysicianTaxonomy(taxonomy)) return '';
    const identifier = record[at.npi]!.trim();
    if (identifier === '') throw new RegistryFileError(`record ${this.counts.read} has no "NPI"`);
    this.counts.kept += 1;
    return copyLine(this.importId, {
      identifier,
      lastName: record[at.lastName]!.trim(),
      firstName: record[at.firstName]!.trim(),
      profession: 'Physician',
      specialtyCode: taxonomy,
      specialtyLabel: NUCC_LABELS[taxonomy] ?? '',
    });
  }
}

/** The CSV parser (its errors name the line), then the conversion to COPY text. */
export function npiToCopy(importId: string, counts: RowCounts): [Transform, Transform] {
  return [parse({ bom: true, skip_empty_lines: true }), new NpiRecordsToCopy(importId, counts)];
}
