import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { licenseNumberProblem, makeLicenseNumber } from '../licence.ts';
import { copyLine } from './copy-rows.ts';
import { writeRegistryExtract, type GenerateOptions } from './generate.ts';

async function generate(options: GenerateOptions): Promise<string> {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  await writeRegistryExtract(sink, options);
  return text;
}

describe('generated extracts', () => {
  it('writes RPPS lines with valid numbers, the reference physicians first, the same for the same seed', async () => {
    const text = await generate({ registry: 'RPPS', rows: 5000, seed: 3 });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5001);
    expect(lines.every((line) => line.endsWith('|') && line.split('|').length === 22)).toBe(true);
    const rows = lines.slice(1).map((line) => line.split('|'));
    expect(rows.every((r) => licenseNumberProblem('RPPS', r[1]!) === null)).toBe(true);
    expect(rows.slice(0, 5).map((r) => [r[1], r[6], r[5], r[13]])).toEqual([
      [makeLicenseNumber('RPPS', 1), 'Claire', 'MARTIN', 'SM04'],
      [makeLicenseNumber('RPPS', 1), 'Claire', 'MARTIN', 'SM04'],
      [makeLicenseNumber('RPPS', 2), 'Julien', 'BERNARD', 'SM54'],
      [makeLicenseNumber('RPPS', 3), 'Sophie', 'DUBOIS', 'SM40'],
      [makeLicenseNumber('RPPS', 3), 'Sophie', 'DUBOIS', 'SM40'],
    ]);
    const others = rows.filter((r) => r[7] !== '10').length;
    expect(others / rows.length).toBeGreaterThan(0.05);
    expect(new Set(rows.map((r) => r[1])).size).toBeLessThan(rows.length);
    expect(await generate({ registry: 'RPPS', rows: 5000, seed: 3 })).toBe(text);
  });

  it('writes quoted NPPES records of one width with valid NPIs, John Smith first', async () => {
    const records = parse(await generate({ registry: 'NPI', rows: 2000, seed: 3 })) as string[][];
    expect(records).toHaveLength(2001);
    const [header, ...rows] = records;
    expect(rows.every((r) => r.length === header!.length && licenseNumberProblem('NPI', r[0]!) === null)).toBe(true);
    expect(rows[0]!.slice(0, 7)).toEqual([makeLicenseNumber('NPI', 1), '1', '', '', '', 'SMITH', 'JOHN']);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['1', '2', '']));
  });
});

describe('COPY text', () => {
  it('escapes what COPY would read as separators and stores empty values as NULL', () => {
    const line = copyLine('id', { identifier: '1', lastName: 'A\\B', firstName: 'tab\there', profession: '', specialtyCode: 'x\ny', specialtyLabel: 'r\r' });
    expect(line).toBe('id\t1\tA\\\\B\ttab\\there\t\\N\tx\\ny\tr\\r\n');
  });
});
