/**
 * The countries offered for a client's billing address: the European Union's (their VAT number
 * decides reverse charge) and the other countries agencies commission from. The VAT rule itself is
 * the API's (api/src/domain/invoicing/vat.ts).
 */
export const BILLING_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT',
  'RO', 'SE', 'SI', 'SK', 'CA', 'CH', 'GB', 'NO', 'US',
] as const;
