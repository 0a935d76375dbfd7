/**
 * The licence registries a physician can name, in the order the form offers them (France and
 * Belgium first: most of our members). Each registry belongs to one country, so the form asks
 * for the registry and derives the country. The API stays the judge of a number's validity;
 * this table only drives the form and its hints.
 */
export const REGISTRIES = [
  { code: 'RPPS', country: 'FR', digits: 11 },
  { code: 'INAMI', country: 'BE', digits: 11 },
  { code: 'GMC', country: 'GB', digits: 7 },
  { code: 'NPI', country: 'US', digits: 10 },
] as const;

export type RegistryCode = (typeof REGISTRIES)[number]['code'];

export const DEFAULT_REGISTRY: RegistryCode = 'RPPS';

export function isRegistryCode(value: string): value is RegistryCode {
  return REGISTRIES.some((r) => r.code === value);
}

/** The ISO 3166-1 alpha-2 country a registry belongs to. */
export function registryCountry(code: RegistryCode): string {
  return REGISTRIES.find((r) => r.code === code)!.country;
}

/** The registry to preselect: a known one as given, else the default. */
export function registryOrDefault(value: string | null | undefined): RegistryCode {
  return value && isRegistryCode(value) ? value : DEFAULT_REGISTRY;
}
