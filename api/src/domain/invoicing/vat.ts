/**
 * The VAT of an invoice, decided by where the buyer is (the seller is established in France):
 *
 * - a buyer in France, or in another EU country without a VAT number (a body that is not a taxable
 *   person): French VAT at INVOICE_VAT_RATE_PERCENT;
 * - a buyer in another EU country with a VAT number: no French VAT, the buyer self-assesses it
 *   (reverse charge, "autoliquidation", article 196 of Directive 2006/112/EC);
 * - a buyer outside the EU: the service is supplied where the buyer is, outside the scope of
 *   French VAT (article 259-1 of the French tax code, CGI).
 *
 * Amounts are whole cents; the VAT is rounded half up to the cent, once, on the invoice's total.
 */
import { EU_COUNTRIES } from './identifiers.ts';

export type VatRegime = 'STANDARD' | 'REVERSE_CHARGE' | 'OUTSIDE_EU';

export interface VatBreakdown {
  vatRegime: VatRegime;
  /** 2000 = 20 %. */
  vatRateBasisPoints: number;
  vatCents: number;
  /** Excluding VAT + VAT. */
  totalCents: number;
}

export function vatRegimeOf(buyer: { country: string; vatNumber: string | null }): VatRegime {
  if (buyer.country === 'FR') return 'STANDARD';
  if (!EU_COUNTRIES.has(buyer.country)) return 'OUTSIDE_EU';
  return buyer.vatNumber ? 'REVERSE_CHARGE' : 'STANDARD';
}

export function vatBreakdown(buyer: { country: string; vatNumber: string | null }, amountCents: number, ratePercent: number): VatBreakdown {
  const vatRegime = vatRegimeOf(buyer);
  const vatRateBasisPoints = vatRegime === 'STANDARD' ? Math.round(ratePercent * 100) : 0;
  const vatCents = Math.round((amountCents * vatRateBasisPoints) / 10_000);
  return { vatRegime, vatRateBasisPoints, vatCents, totalCents: amountCents + vatCents };
}
