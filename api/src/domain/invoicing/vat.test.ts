import { describe, expect, it } from 'vitest';
import { vatBreakdown } from './vat.ts';

describe('the VAT of an invoice', () => {
  it('charges French VAT at the configured rate to a buyer in France, with or without a VAT number', () => {
    expect(vatBreakdown({ country: 'FR', vatNumber: null }, 155_000, 20)).toEqual({ vatRegime: 'STANDARD', vatRateBasisPoints: 2000, vatCents: 31_000, totalCents: 186_000 });
    expect(vatBreakdown({ country: 'FR', vatNumber: 'FR44732829320' }, 155_000, 5.5)).toEqual({ vatRegime: 'STANDARD', vatRateBasisPoints: 550, vatCents: 8525, totalCents: 163_525 });
  });

  it('rounds the VAT half up to the cent', () => {
    expect(vatBreakdown({ country: 'FR', vatNumber: null }, 1, 50).vatCents).toBe(1);
    expect(vatBreakdown({ country: 'FR', vatNumber: null }, 12_345, 20).vatCents).toBe(2469);
  });

  it('reverse-charges an EU buyer outside France that has a VAT number, and charges French VAT to one without', () => {
    expect(vatBreakdown({ country: 'BE', vatNumber: 'BE0123456749' }, 155_000, 20)).toEqual({ vatRegime: 'REVERSE_CHARGE', vatRateBasisPoints: 0, vatCents: 0, totalCents: 155_000 });
    expect(vatBreakdown({ country: 'BE', vatNumber: null }, 155_000, 20).vatRegime).toBe('STANDARD');
  });

  it('charges no French VAT to a buyer outside the EU', () => {
    expect(vatBreakdown({ country: 'GB', vatNumber: null }, 155_000, 20)).toEqual({ vatRegime: 'OUTSIDE_EU', vatRateBasisPoints: 0, vatCents: 0, totalCents: 155_000 });
    expect(vatBreakdown({ country: 'CH', vatNumber: 'CHE123' }, 100, 20).vatCents).toBe(0);
  });
});
