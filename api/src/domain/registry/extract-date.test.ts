import { describe, expect, it } from 'vitest';
import { extractDateFromName, isoDate } from './extract-date.ts';

describe('extract dates from file names', () => {
  it.each([
    ['PS_LibreAcces_Personne_activite_202611230000.txt', '2026-11-23'],
    ['/data/in/PS_LibreAcces_Personne_activite_202601051203.txt', '2026-01-05'],
    ['npidata_pfile_20050523-20261012.csv', '2026-10-12'],
    ['rpps-2026-11-23.txt', '2026-11-23'],
    ['extract_20261332.txt', null],
    ['rpps.txt', null],
    ['v1234567890123.txt', null],
  ])('%s → %s', (name, date) => {
    expect(extractDateFromName(name)).toBe(date);
  });

  it('accepts real calendar dates only', () => {
    expect(isoDate('2028', '02', '29')).toBe('2028-02-29');
    expect(isoDate('2026', '02', '29')).toBeNull();
  });
});
