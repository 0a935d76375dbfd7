/**
 * The French RPPS open-data extract « PS_LibreAcces_Personne_activite_<timestamp>.txt »:
 * UTF-8, `|`-separated, no quoting, a header of column names, every line ending with `|`.
 * One line per person and activity; only physicians (profession 10) with an RPPS identifier
 * (type 8) are kept.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { columnPositions, copyLine, RegistryFileError, type RowCounts } from './copy-rows.ts';

export const RPPS_REQUIRED_COLUMNS = {
  idType: "Type d'identifiant PP",
  identifier: 'Identifiant PP',
  lastName: "Nom d'exercice",
  firstName: "Prénom d'exercice",
  professionCode: 'Code profession',
  profession: 'Libellé profession',
  specialtyCode: 'Code savoir-faire',
  specialtyLabel: 'Libellé savoir-faire',
} as const;

type Positions = Record<keyof typeof RPPS_REQUIRED_COLUMNS, number>;

const PHYSICIAN = '10';
const RPPS_ID_TYPE = '8';

/** The fields of one line; the trailing `|` closes the last field rather than opening another. */
function splitLine(line: string): string[] {
  const end = line.endsWith('|') ? line.length - 1 : line.length;
  return line.slice(0, end).split('|');
}

/** Turns the extract's bytes into COPY text for registry_entry, one chunk out per chunk in. */
export class RppsToCopy extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';
  private lineNumber = 0;
  private width = 0;
  private at: Positions | null = null;

  constructor(
    private readonly importId: string,
    private readonly counts: RowCounts,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const lines = (this.rest + this.decoder.write(chunk)).split('\n');
    this.rest = lines.pop() ?? '';
    this.convert(lines, callback);
  }

  override _flush(callback: TransformCallback): void {
    const last = this.rest + this.decoder.end();
    this.rest = '';
    this.convert([last], (err, out) => {
      if (!err && !this.at) err = new RegistryFileError('the file is empty: no RPPS header line');
      callback(err, out);
    });
  }

  private convert(lines: string[], callback: TransformCallback): void {
    let out = '';
    try {
      for (const raw of lines) out += this.convertLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    } catch (err) {
      callback(err as Error);
      return;
    }
    callback(null, out === '' ? undefined : out);
  }

  private convertLine(line: string): string {
    this.lineNumber += 1;
    if (line === '') return '';
    if (!this.at) {
      const header = splitLine(line.replace(/^\uFEFF/, '')).map((name) => name.trim());
      this.at = columnPositions('RPPS', header, RPPS_REQUIRED_COLUMNS);
      this.width = header.length;
      return '';
    }
    const fields = splitLine(line);
    if (fields.length !== this.width) {
      throw new RegistryFileError(`line ${this.lineNumber} has ${fields.length} fields where the header has ${this.width}`);
    }
    return this.entry(fields, this.at);
  }

  private entry(fields: string[], at: Positions): string {
    this.counts.read += 1;
    if (fields[at.professionCode] !== PHYSICIAN || fields[at.idType] !== RPPS_ID_TYPE) {
      this.counts.skipped += 1;
      return '';
    }
    const identifier = fields[at.identifier]!.trim();
    if (identifier === '') throw new RegistryFileError(`line ${this.lineNumber} has no "${RPPS_REQUIRED_COLUMNS.identifier}"`);
    this.counts.kept += 1;
    return copyLine(this.importId, {
      identifier,
      lastName: fields[at.lastName]!.trim(),
      firstName: fields[at.firstName]!.trim(),
      profession: fields[at.profession]!.trim(),
      specialtyCode: fields[at.specialtyCode]!.trim(),
      specialtyLabel: fields[at.specialtyLabel]!.trim(),
    });
  }
}
