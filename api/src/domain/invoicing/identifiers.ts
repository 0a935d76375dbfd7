/**
 * The identifiers an invoice carries, checked before they are printed: a wrong digit in the
 * seller's IBAN sends an agency's transfer nowhere; a wrong SIRET or VAT number makes the invoice
 * one the agency's accountant sends back.
 */
import validator from 'validator';

const compact = (s: string) => s.replace(/[\s.-]/g, '').toUpperCase();

/** "FR76 3000 6000 0112 3456 7890 189" → "FR7630006000011234567890189" when its checksum (ISO 13616) holds. */
export function normaliseIban(value: string): string | null {
  const iban = compact(value);
  return validator.isIBAN(iban) ? iban : null;
}

/** A BIC (ISO 9362), 8 or 11 characters. */
export function normaliseBic(value: string): string | null {
  const bic = compact(value);
  return validator.isBIC(bic) ? bic : null;
}

/** A SIRET: 14 digits whose Luhn checksum holds (its first 9 digits, the SIREN, hold one of their own). */
export function normaliseSiret(value: string): string | null {
  const siret = compact(value);
  if (!/^\d{14}$/.test(siret)) return null;
  return validator.isLuhnNumber(siret) && validator.isLuhnNumber(siret.slice(0, 9)) ? siret : null;
}

/** The French VAT key of a SIREN: (12 + 3 × (SIREN mod 97)) mod 97, two digits. */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

/**
 * An intra-community VAT number of `country` (ISO 3166-1; Greece's numbers start "EL"), upper-case
 * without spaces, when its format is that country's; a French one must also carry its SIREN's key.
 */
export function normaliseVatNumber(value: string, country: string): string | null {
  const vat = compact(value);
  const prefix = country === 'GR' ? 'EL' : country;
  if (!vat.startsWith(prefix)) return null;
  if (country === 'FR') return /^FR\d{11}$/.test(vat) && frenchVatKey(vat.slice(4)) === vat.slice(2, 4) ? vat : null;
  try {
    return validator.isVAT(vat, prefix as Parameters<typeof validator.isVAT>[1]) ? vat : null;
  } catch {
    // validator knows no format for this country: the prefix and a plausible length will do.
    return /^[A-Z]{2}[0-9A-Z]{2,13}$/.test(vat) ? vat : null;
  }
}

/** The member states of the European Union (ISO 3166-1 alpha-2), for the VAT rules of an invoice. */
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT',
  'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);
