import type { Specialty } from '$lib/graphql/verification.ts';
import type { Locale } from '$lib/i18n/locale.ts';

/** The specialties in the reader's alphabetical order ("Médecine générale" among the M's). */
export function sortSpecialties(specialties: readonly Specialty[], locale: Locale): Specialty[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  return [...specialties].sort((a, b) => collator.compare(a.label, b.label));
}

/** code → label, for showing a stored code; an unknown code shows as itself. */
export function specialtyLabels(specialties: readonly Specialty[]): Record<string, string> {
  return Object.fromEntries(specialties.map((s) => [s.code, s.label]));
}

export function labelOf(labels: Readonly<Record<string, string>>, code: string): string {
  return Object.hasOwn(labels, code) ? labels[code]! : code;
}
