/** Writes generated registry extracts of any size in constant memory (test data, benchmarks). */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { npiLines } from './generate-npi.ts';
import { rppsLines } from './generate-rpps.ts';
import type { ImportableRegistry } from './import.ts';
import { seededRandom } from './random.ts';

export interface GenerateOptions {
  registry: ImportableRegistry;
  /** Data rows, header excluded. */
  rows: number;
  seed: number;
}

const BATCH_LINES = 2000;

/** Writes the header and `rows` rows to `out`, a batch at a time, waiting whenever it is full. */
export async function writeRegistryExtract(out: Writable, options: GenerateOptions): Promise<void> {
  const random = seededRandom(options.seed);
  const lines = options.registry === 'RPPS' ? rppsLines(options.rows, random) : npiLines(options.rows, random);
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length < BATCH_LINES) continue;
    if (!out.write(batch.join(''))) await once(out, 'drain');
    batch = [];
  }
  out.end(batch.join(''));
  await finished(out);
}

/** Writes a generated extract to `file` (replacing it). */
export async function generateRegistryFile(file: string, options: GenerateOptions): Promise<void> {
  await writeRegistryExtract(createWriteStream(file), options);
}
