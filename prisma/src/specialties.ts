/**
 * The fixed list of specialties. Codes are stable lowercase ASCII and appear in credentials,
 * pseudonym badges, rooms and survey targeting; labels are French and English. `rpps` lists the
 * French « savoir-faire » codes and `npi` the US NUCC taxonomy codes that mean the same, so that
 * a registry entry can be compared with what a physician submitted.
 */
export interface Specialty {
  code: string;
  fr: string;
  en: string;
  rpps: readonly string[];
  npi: readonly string[];
}

export const SPECIALTIES: readonly Specialty[] = [
  { code: 'general-practice', fr: 'Médecine générale', en: 'General practice', rpps: ['SM53', 'SM54', 'SM26'], npi: ['208D00000X', '207Q00000X'] },
  { code: 'allergy-immunology', fr: 'Allergologie', en: 'Allergy and immunology', rpps: ['SM60'], npi: ['207K00000X'] },
  { code: 'anesthesiology', fr: 'Anesthésie-réanimation', en: 'Anaesthesiology', rpps: ['SM02'], npi: ['207L00000X'] },
  { code: 'cardiology', fr: 'Cardiologie', en: 'Cardiology', rpps: ['SM04'], npi: ['207RC0000X'] },
  { code: 'dermatology', fr: 'Dermatologie', en: 'Dermatology', rpps: ['SM15'], npi: ['207N00000X'] },
  { code: 'emergency-medicine', fr: 'Médecine d’urgence', en: 'Emergency medicine', rpps: ['SM59'], npi: ['207P00000X'] },
  { code: 'endocrinology', fr: 'Endocrinologie', en: 'Endocrinology', rpps: ['SM16'], npi: ['207RE0101X'] },
  { code: 'gastroenterology', fr: 'Hépato-gastro-entérologie', en: 'Gastroenterology', rpps: ['SM24'], npi: ['207RG0100X'] },
  { code: 'geriatrics', fr: 'Gériatrie', en: 'Geriatrics', rpps: ['SM18'], npi: ['207RG0300X', '207QG0300X'] },
  { code: 'gynecology-obstetrics', fr: 'Gynécologie-obstétrique', en: 'Obstetrics and gynaecology', rpps: ['SM19', 'SM20'], npi: ['207V00000X'] },
  { code: 'hematology', fr: 'Hématologie', en: 'Haematology', rpps: ['SM21'], npi: ['207RH0000X'] },
  { code: 'infectious-diseases', fr: 'Maladies infectieuses', en: 'Infectious diseases', rpps: ['SM62'], npi: ['207RI0200X'] },
  { code: 'internal-medicine', fr: 'Médecine interne', en: 'Internal medicine', rpps: ['SM25'], npi: ['207R00000X'] },
  { code: 'nephrology', fr: 'Néphrologie', en: 'Nephrology', rpps: ['SM28'], npi: ['207RN0300X'] },
  { code: 'neurology', fr: 'Neurologie', en: 'Neurology', rpps: ['SM30'], npi: ['2084N0400X'] },
  { code: 'oncology', fr: 'Oncologie', en: 'Oncology', rpps: ['SM33', 'SM34'], npi: ['207RX0202X'] },
  { code: 'ophthalmology', fr: 'Ophtalmologie', en: 'Ophthalmology', rpps: ['SM38'], npi: ['207W00000X'] },
  { code: 'ent', fr: 'ORL et chirurgie cervico-faciale', en: 'Otorhinolaryngology (ENT)', rpps: ['SM39'], npi: ['207Y00000X'] },
  { code: 'pediatrics', fr: 'Pédiatrie', en: 'Paediatrics', rpps: ['SM40'], npi: ['208000000X'] },
  { code: 'psychiatry', fr: 'Psychiatrie', en: 'Psychiatry', rpps: ['SM42', 'SM43'], npi: ['2084P0800X'] },
  { code: 'public-health', fr: 'Santé publique', en: 'Public health', rpps: ['SM48'], npi: ['2083P0901X'] },
  { code: 'pulmonology', fr: 'Pneumologie', en: 'Pulmonology', rpps: ['SM41'], npi: ['207RP1001X'] },
  { code: 'radiology', fr: 'Radiologie', en: 'Radiology', rpps: ['SM44'], npi: ['2085R0202X'] },
  { code: 'rheumatology', fr: 'Rhumatologie', en: 'Rheumatology', rpps: ['SM47'], npi: ['207RR0500X'] },
  { code: 'surgery', fr: 'Chirurgie générale', en: 'General surgery', rpps: ['SM05'], npi: ['208600000X'] },
  { code: 'orthopedic-surgery', fr: 'Chirurgie orthopédique', en: 'Orthopaedic surgery', rpps: ['SM08'], npi: ['207X00000X'] },
  { code: 'urology', fr: 'Urologie', en: 'Urology', rpps: ['SM12'], npi: ['208800000X'] },
];

const byCode = new Map(SPECIALTIES.map((s) => [s.code, s]));

export function isSpecialtyCode(code: string): boolean {
  return byCode.has(code);
}

export function specialtyLabel(code: string, locale: 'fr' | 'en'): string {
  return byCode.get(code)?.[locale] ?? code;
}

/** The specialty a registry's own code stands for, if we know it. */
export function specialtyFromRegistryCode(registry: string, registryCode: string | null | undefined): string | null {
  if (!registryCode) return null;
  const key = registry === 'RPPS' ? 'rpps' : registry === 'NPI' ? 'npi' : null;
  if (!key) return null;
  return SPECIALTIES.find((s) => s[key].includes(registryCode.trim()))?.code ?? null;
}
