/** How a quota cell reads: its named parts, in the reader's language ("Cardiology · Belgium"). */
import { countryName } from '$lib/i18n/format.ts';
import type { Translator } from '$lib/i18n/translator.ts';

export interface QuotaCell {
  specialty: string | null;
  country: string | null;
  yearsBand: string | null;
}

export function quotaCellText(cell: QuotaCell, specialtyLabels: Readonly<Record<string, string>>, i18n: Translator): string {
  const parts = [
    cell.specialty === null ? null : (specialtyLabels[cell.specialty] ?? cell.specialty),
    cell.country === null ? null : countryName(cell.country, i18n.locale),
    cell.yearsBand === null ? null : i18n.t('quotas.band', { band: cell.yearsBand }),
  ];
  return parts.filter((p): p is string => p !== null).join(' · ');
}
