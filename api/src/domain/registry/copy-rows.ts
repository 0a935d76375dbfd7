/**
 * What the format parsers hand to PostgreSQL: registry_entry rows in the text format of
 * COPY … FROM STDIN, and the counters the import reports.
 */

export const COPY_ENTRIES_SQL =
  'COPY registry_entry (import_id, identifier, last_name, first_name, profession, specialty_code, specialty_label) FROM STDIN';

export interface EntryRow {
  identifier: string;
  lastName: string;
  firstName: string;
  profession: string;
  specialtyCode: string;
  specialtyLabel: string;
}

/** Rows read from the file (header excluded), kept for the registry, and left out as not physicians. */
export interface RowCounts {
  read: number;
  kept: number;
  skipped: number;
}

/** A problem with the file itself (header, malformed row): said as is, without a stack trace. */
export class RegistryFileError extends Error {
  override name = 'RegistryFileError';
}

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyField(value: string): string {
  if (value === '') return '\\N';
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

/** One line of COPY text; an empty value is stored as NULL. */
export function copyLine(importId: string, row: EntryRow): string {
  return `${importId}\t${copyField(row.identifier)}\t${copyField(row.lastName)}\t${copyField(row.firstName)}\t${copyField(
    row.profession,
  )}\t${copyField(row.specialtyCode)}\t${copyField(row.specialtyLabel)}\n`;
}

/** Where each required column sits in a header, found by name; a missing one is named. */
export function columnPositions<K extends string>(
  registry: string,
  header: readonly string[],
  required: Readonly<Record<K, string>>,
): Record<K, number> {
  const positions = {} as Record<K, number>;
  for (const key of Object.keys(required) as K[]) {
    const index = header.indexOf(required[key]);
    if (index < 0) throw new RegistryFileError(`the ${registry} header has no column "${required[key]}"`);
    positions[key] = index;
  }
  return positions;
}
