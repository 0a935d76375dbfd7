import { describe, expect, it } from 'vitest';
import { isTargeted, segmentOf } from './segments.ts';

const now = new Date('2026-11-23T12:00:00Z');
const any = { targetSpecialties: [], targetCountries: [], targetRegions: [], minYearsInPractice: null };
const cardiologist = { specialty: 'cardiology', country: 'FR', practiceStartYear: 2012, region: 'Occitanie' };

describe('segments', () => {
  it.each([
    [2026, 'cardiology|FR|0-9'],
    [2017, 'cardiology|FR|0-9'],
    [2016, 'cardiology|FR|10-19'],
    [2007, 'cardiology|FR|10-19'],
    [1990, 'cardiology|FR|30+'],
  ])('practice since %i → %s', (year, segment) => {
    expect(segmentOf({ ...cardiologist, practiceStartYear: year }, now)).toBe(segment);
  });
});

describe('targeting', () => {
  it('treats empty lists as any', () => {
    expect(isTargeted(any, cardiologist, now)).toBe(true);
  });
  it.each([
    [{ targetSpecialties: ['pediatrics'] }, false],
    [{ targetSpecialties: ['pediatrics', 'cardiology'] }, true],
    [{ targetCountries: ['BE'] }, false],
    [{ targetRegions: ['Bretagne'] }, false],
    [{ targetRegions: ['Occitanie'] }, true],
    [{ minYearsInPractice: 14 }, true],
    [{ minYearsInPractice: 15 }, false],
  ])('%o → %s', (targeting, expected) => {
    expect(isTargeted({ ...any, ...targeting }, cardiologist, now)).toBe(expected);
  });
  it('never targets a credential without region by region', () => {
    expect(isTargeted({ ...any, targetRegions: ['Occitanie'] }, { ...cardiologist, region: null }, now)).toBe(false);
  });
});
