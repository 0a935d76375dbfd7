/**
 * The two parties of an invoice as they are printed, kept on the order when it is invoiced: an
 * issued invoice does not change when the seller's configuration or the buyer's address does.
 */
import type { Env } from '../../env.ts';

export interface SellerSnapshot {
  legalName: string;
  addressLines: string[];
  siret: string;
  vatNumber: string;
  iban: string;
  bic: string;
  paymentDays: number;
  latePenaltyRatePercent: number;
}

type SellerEnv = Pick<
  Env,
  'SELLER_LEGAL_NAME' | 'SELLER_ADDRESS' | 'SELLER_SIRET' | 'SELLER_VAT_NUMBER' | 'SELLER_IBAN' | 'SELLER_BIC' | 'INVOICE_PAYMENT_DAYS' | 'INVOICE_LATE_PENALTY_RATE_PERCENT'
>;

export function sellerOf(env: SellerEnv): SellerSnapshot {
  return {
    legalName: env.SELLER_LEGAL_NAME,
    addressLines: env.SELLER_ADDRESS.split('|').map((line) => line.trim()).filter(Boolean),
    siret: env.SELLER_SIRET,
    vatNumber: env.SELLER_VAT_NUMBER,
    iban: env.SELLER_IBAN,
    bic: env.SELLER_BIC,
    paymentDays: env.INVOICE_PAYMENT_DAYS,
    latePenaltyRatePercent: env.INVOICE_LATE_PENALTY_RATE_PERCENT,
  };
}

export interface BillingDetails {
  name: string;
  billingAddress: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  vatNumber: string | null;
}

/** The buyer's address as printed: its street lines, then "postal code city"; the country is printed apart, in the invoice's language. */
export function buyerAddressOf(org: BillingDetails): string | null {
  const lines = [...(org.billingAddress ?? '').split('\n'), [org.postalCode, org.city].filter(Boolean).join(' ')].map((l) => l.trim()).filter(Boolean);
  return lines.length ? lines.join('\n') : null;
}

/** Whether an organisation has said where to send its invoices (a street and a city at least). */
export function hasBillingAddress(org: BillingDetails): boolean {
  return Boolean(org.billingAddress?.trim() && org.city?.trim());
}

export const BILLING_SELECT = { name: true, billingAddress: true, postalCode: true, city: true, country: true, vatNumber: true } as const;
