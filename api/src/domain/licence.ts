/**
 * Licence numbers, per registry: what can be checked without asking the registry.
 * RPPS (France): 11 digits, the last a Luhn check digit. NPI (US): 10 digits, Luhn over the
 * number prefixed with 80840 (the ISO health-card issuer prefix). GMC (UK): 7 digits.
 * INAMI/RIZIV (Belgium): 11 digits.
 */
export const REGISTRIES = {
  RPPS: { country: 'FR', digits: 11 },
  INAMI: { country: 'BE', digits: 11 },
  GMC: { country: 'GB', digits: 7 },
  NPI: { country: 'US', digits: 10 },
} as const;

export type RegistryCode = keyof typeof REGISTRIES;

export function isRegistryCode(value: string): value is RegistryCode {
  return Object.hasOwn(REGISTRIES, value);
}

/** The Luhn check digit that makes `payload` + digit valid. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function luhnValid(number: string): boolean {
  return luhnCheckDigit(number.slice(0, -1)) === Number(number.at(-1));
}

/** Spaces and dots people type inside numbers are dropped; nothing else is forgiven. */
export function normaliseLicenseNumber(raw: string): string {
  return raw.replace(/[\s.]/g, '');
}

export function licenseNumberProblem(registry: RegistryCode, number: string): string | null {
  const { digits } = REGISTRIES[registry];
  if (!new RegExp(`^\\d{${digits}}$`).test(number)) return `a ${registry} number has exactly ${digits} digits`;
  if (registry === 'RPPS' && !luhnValid(number)) return 'this RPPS number fails its check digit';
  if (registry === 'NPI' && !luhnValid(`80840${number}`)) return 'this NPI number fails its check digit';
  return null;
}

/** A valid number of the registry from a numeric seed (test data, demo data, generated extracts). */
export function makeLicenseNumber(registry: 'RPPS' | 'NPI', seed: number): string {
  if (registry === 'RPPS') {
    const payload = `1${String(seed).padStart(9, '0')}`;
    return payload + luhnCheckDigit(payload);
  }
  const payload = `1${String(seed).padStart(8, '0')}`;
  return payload + luhnCheckDigit(`80840${payload}`);
}
