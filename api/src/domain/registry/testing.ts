/** Small extracts written by hand for tests: every column of the generated header, a few set. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NPI_GENERATED_COLUMNS } from './generate-npi.ts';
import { RPPS_GENERATED_COLUMNS } from './generate-rpps.ts';

export type RppsRow = Partial<Record<(typeof RPPS_GENERATED_COLUMNS)[number], string>>;

/** A physician's line unless the row says otherwise. */
export function rppsLine(row: RppsRow): string {
  const defaults: RppsRow = { "Type d'identifiant PP": '8', 'Code profession': '10', 'Libellé profession': 'Médecin' };
  return `${RPPS_GENERATED_COLUMNS.map((name) => row[name] ?? defaults[name] ?? '').join('|')}|\n`;
}

export function rppsExtract(rows: RppsRow[], columns: readonly string[] = RPPS_GENERATED_COLUMNS): string {
  return `${columns.join('|')}|\n${rows.map(rppsLine).join('')}`;
}

export function npiExtract(rows: Array<Record<string, string>>, columns: readonly string[] = NPI_GENERATED_COLUMNS): string {
  const line = (values: string[]) => `${values.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')}\n`;
  return line([...columns]) + rows.map((row) => line(columns.map((name) => row[name] ?? ''))).join('');
}

/** A fresh temporary directory; `write(name, text)` puts a file in it and returns its path. */
export function scratchDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'consilium-registry-'));
  return {
    dir,
    write(name: string, text: string): string {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    },
  };
}
