import { describe, expect, it } from 'vitest';
import { frenchVatKey, normaliseIban, normaliseSiret, normaliseVatNumber } from './identifiers.ts';

describe('invoice identifiers', () => {
  it('keeps an IBAN whose checksum holds, whatever its spacing, and refuses one wrong digit', () => {
    expect(normaliseIban('DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(normaliseIban('DE89 3704 0044 0532 0130 01')).toBeNull();
  });

  it('checks both Luhn keys of a SIRET (the SIREN’s and the SIRET’s)', () => {
    expect(normaliseSiret('732 829 320 00074')).toBe('73282932000074');
    expect(normaliseSiret('73282932000075')).toBeNull();
    expect(normaliseSiret('7328293200007A')).toBeNull();
  });

  it('computes the French VAT key of a SIREN and checks it', () => {
    expect(frenchVatKey('732829320')).toBe('44');
    expect(normaliseVatNumber('fr 44 732 829 320', 'FR')).toBe('FR44732829320');
    expect(normaliseVatNumber('FR45732829320', 'FR')).toBeNull();
  });

  it('takes a VAT number of the buyer’s own country only (Greece’s start with EL)', () => {
    expect(normaliseVatNumber('DE123456789', 'DE')).toBe('DE123456789');
    expect(normaliseVatNumber('DE123456789', 'BE')).toBeNull();
    expect(normaliseVatNumber('BE0123456749', 'BE')).toBe('BE0123456749');
    expect(normaliseVatNumber('EL123456789', 'GR')).toBe('EL123456789');
  });
});
