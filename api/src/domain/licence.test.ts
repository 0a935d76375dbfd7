import { describe, expect, it } from 'vitest';
import { licenseNumberProblem, makeLicenseNumber } from './licence.ts';

describe('licence numbers', () => {
  it('accepts the published NPI example and refuses it with a wrong check digit', () => {
    // CMS's own example: 123456789 with check digit 3.
    expect(licenseNumberProblem('NPI', '1234567893')).toBeNull();
    expect(licenseNumberProblem('NPI', '1234567894')).toMatch(/check digit/);
  });

  it('checks RPPS numbers with Luhn', () => {
    const good = makeLicenseNumber('RPPS', 4242);
    expect(licenseNumberProblem('RPPS', good)).toBeNull();
    const bad = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10);
    expect(licenseNumberProblem('RPPS', bad)).toMatch(/check digit/);
  });

  it.each([
    ['RPPS', '1234'],
    ['INAMI', '123456789012'],
    ['GMC', '12345678'],
    ['GMC', '12a4567'],
  ] as const)('refuses %s %s for its length or characters', (registry, number) => {
    expect(licenseNumberProblem(registry, number)).toMatch(/exactly \d+ digits/);
  });

  it('accepts well-formed GMC and INAMI numbers', () => {
    expect(licenseNumberProblem('GMC', '1234567')).toBeNull();
    expect(licenseNumberProblem('INAMI', '12345678901')).toBeNull();
  });

  it('makes valid numbers for every seed', () => {
    for (let seed = 0; seed < 500; seed++) {
      expect(licenseNumberProblem('RPPS', makeLicenseNumber('RPPS', seed))).toBeNull();
      expect(licenseNumberProblem('NPI', makeLicenseNumber('NPI', seed))).toBeNull();
    }
  });
});
