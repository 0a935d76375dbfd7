/**
 * Display names of the NUCC provider taxonomy codes we meet most. The NPPES file carries
 * codes only, and an admin comparing a claim wants words: unknown codes keep no label and
 * matching shows the code instead.
 */
export const NUCC_LABELS: Readonly<Record<string, string>> = {
  '207K00000X': 'Allergy & Immunology Physician',
  '207L00000X': 'Anesthesiology Physician',
  '207N00000X': 'Dermatology Physician',
  '207P00000X': 'Emergency Medicine Physician',
  '207Q00000X': 'Family Medicine Physician',
  '207QG0300X': 'Geriatric Medicine (Family Medicine) Physician',
  '207R00000X': 'Internal Medicine Physician',
  '207RC0000X': 'Cardiovascular Disease Physician',
  '207RE0101X': 'Endocrinology, Diabetes & Metabolism Physician',
  '207RG0100X': 'Gastroenterology Physician',
  '207RG0300X': 'Geriatric Medicine (Internal Medicine) Physician',
  '207RH0000X': 'Hematology (Internal Medicine) Physician',
  '207RI0200X': 'Infectious Disease Physician',
  '207RN0300X': 'Nephrology Physician',
  '207RP1001X': 'Pulmonary Disease Physician',
  '207RR0500X': 'Rheumatology Physician',
  '207RX0202X': 'Medical Oncology Physician',
  '207T00000X': 'Neurological Surgery Physician',
  '207U00000X': 'Nuclear Medicine Physician',
  '207V00000X': 'Obstetrics & Gynecology Physician',
  '207W00000X': 'Ophthalmology Physician',
  '207X00000X': 'Orthopaedic Surgery Physician',
  '207Y00000X': 'Otolaryngology Physician',
  '208000000X': 'Pediatrics Physician',
  '208100000X': 'Physical Medicine & Rehabilitation Physician',
  '2083P0901X': 'Public Health & General Preventive Medicine Physician',
  '2084N0400X': 'Neurology Physician',
  '2084P0800X': 'Psychiatry Physician',
  '2085R0202X': 'Diagnostic Radiology Physician',
  '208600000X': 'Surgery Physician',
  '2086S0129X': 'Vascular Surgery Physician',
  '208800000X': 'Urology Physician',
  '208D00000X': 'General Practice Physician',
};

/** Allopathic and osteopathic physicians are the taxonomy groups 207… and 208…. */
export function isPhysicianTaxonomy(code: string): boolean {
  return code.startsWith('207') || code.startsWith('208');
}
