import { describe, expect, it } from 'vitest';
import { isRegistryCode, REGISTRIES, registryCountry, registryOrDefault } from './registries.ts';

describe('registries', () => {
  it('puts France and Belgium first', () => {
    expect(REGISTRIES.map((r) => r.code)).toEqual(['RPPS', 'INAMI', 'GMC', 'NPI']);
  });

  it('belong to one country each', () => {
    expect(registryCountry('RPPS')).toBe('FR');
    expect(registryCountry('INAMI')).toBe('BE');
    expect(registryCountry('GMC')).toBe('GB');
    expect(registryCountry('NPI')).toBe('US');
  });

  it('recognises their codes only', () => {
    expect(isRegistryCode('INAMI')).toBe(true);
    expect(isRegistryCode('rpps')).toBe(false);
    expect(isRegistryCode('toString')).toBe(false);
  });

  it('preselects a known registry, else RPPS', () => {
    expect(registryOrDefault('GMC')).toBe('GMC');
    expect(registryOrDefault('ADELI')).toBe('RPPS');
    expect(registryOrDefault(null)).toBe('RPPS');
  });
});
