import { describe, expect, it } from 'vitest';
import { isCountryCode, reachStep, reportedReach, targetingColumns } from './authoring.ts';

describe('reach as a client is told it', () => {
  it.each([
    [0, { verifiedPhysicians: 11, enough: false }],
    [1, { verifiedPhysicians: 11, enough: false }],
    [10, { verifiedPhysicians: 11, enough: false }],
    [11, { verifiedPhysicians: 11, enough: true }],
    [14, { verifiedPhysicians: 11, enough: true }],
    [19, { verifiedPhysicians: 11, enough: true }],
    [20, { verifiedPhysicians: 20, enough: true }],
    [29, { verifiedPhysicians: 20, enough: true }],
    [999, { verifiedPhysicians: 990, enough: true }],
    [1_234, { verifiedPhysicians: 1_200, enough: true }],
    [56_789, { verifiedPhysicians: 56_000, enough: true }],
  ])('%i verified physicians → %o (k = 11)', (count, told) => {
    expect(reportedReach(count, 11)).toEqual(told);
  });

  it('rounds down, never up: a targeting one physician larger gives the same answer within a step', () => {
    for (const count of [11, 23, 57, 140, 1_234]) {
      const told = reportedReach(count, 11).verifiedPhysicians;
      expect(told).toBeLessThanOrEqual(count);
      const step = reachStep(count);
      if ((count + 1) % step !== 0) expect(reportedReach(count + 1, 11)).toEqual(reportedReach(count, 11));
    }
    expect([15, 1_234, 56_789].map(reachStep)).toEqual([10, 100, 1_000]);
  });

  it('never tells two small groups apart', () => {
    const told = new Set(Array.from({ length: 11 }, (_, n) => JSON.stringify(reportedReach(n, 11))));
    expect(told.size).toBe(1);
  });
});

describe('targeting', () => {
  it.each([['FR', true], ['BE', true], ['GB', true], ['US', true], ['XX', false], ['ZZ', false], ['fr', false], ['FRA', false]])('%s is a country code: %s', (code, known) => {
    expect(isCountryCode(code)).toBe(known);
  });
  it('stores an absent targeting as "any"', () => {
    expect(targetingColumns(null)).toEqual({ targetSpecialties: [], targetCountries: [], targetRegions: [], minYearsInPractice: null });
    expect(targetingColumns({ specialties: ['cardiology'], minYearsInPractice: 0 })).toMatchObject({ targetSpecialties: ['cardiology'], minYearsInPractice: 0 });
  });
});
