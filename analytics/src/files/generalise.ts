/**
 * The generalisation ladder of the respondent-level file: the quasi-identifiers a row releases
 * (specialty, country, years band — the parts of its stored segment) are coarsened one rung at a
 * time, for every row alike, until every combination of released values is held by at least k
 * rows; rows whose combination still has fewer than k at the last rung are left out of the file.
 *
 *   rung 0  specialty        · country · years band
 *   rung 1  specialty        · country                (band dropped)
 *   rung 2  specialty        · region of the country
 *   rung 3  specialty group  · region of the country   (then: rows still below k are suppressed)
 *
 * A part already withheld in the stored segment (`*`, docs/reports.md) stays withheld: it is a value
 * of its own ("withheld") and its combinations must reach k like any other.
 */
import { ANY } from '@consilium/db/segment-groups';

/** Specialty groups: the last rung replaces a specialty by its group. */
export const SPECIALTY_GROUPS: Record<string, readonly string[]> = {
  'primary-care': ['general-practice', 'pediatrics', 'geriatrics', 'public-health'],
  'medical-specialties': [
    'allergy-immunology', 'cardiology', 'dermatology', 'endocrinology', 'gastroenterology', 'hematology', 'infectious-diseases',
    'internal-medicine', 'nephrology', 'neurology', 'oncology', 'pulmonology', 'rheumatology', 'psychiatry',
  ],
  'surgical-specialties': ['surgery', 'orthopedic-surgery', 'urology', 'ent', 'ophthalmology', 'gynecology-obstetrics'],
  'acute-care-and-imaging': ['anesthesiology', 'emergency-medicine', 'radiology'],
};

/** Regions of countries (ISO 3166 alpha-2); a country in none is in "other". */
export const COUNTRY_REGIONS: Record<string, readonly string[]> = {
  'western-europe': ['FR', 'BE', 'LU', 'MC', 'CH', 'LI', 'NL', 'DE', 'AT'],
  'southern-europe': ['IT', 'ES', 'PT', 'GR', 'MT', 'CY', 'AD', 'SM', 'VA'],
  'northern-europe': ['GB', 'IE', 'DK', 'SE', 'NO', 'FI', 'IS'],
  'eastern-europe': ['PL', 'CZ', 'SK', 'HU', 'RO', 'BG', 'SI', 'HR', 'EE', 'LV', 'LT', 'RS', 'BA', 'ME', 'MK', 'AL', 'MD', 'UA'],
  'north-america': ['US', 'CA'],
  'africa-and-middle-east': ['MA', 'DZ', 'TN', 'SN', 'CI', 'CM', 'ML', 'BF', 'NE', 'TG', 'BJ', 'GA', 'CG', 'CD', 'MG', 'LB', 'IL', 'EG'],
};

export const OTHER_REGION = 'other';

const groupOfSpecialty = new Map(Object.entries(SPECIALTY_GROUPS).flatMap(([group, codes]) => codes.map((c) => [c, group] as const)));
const regionOfCountry = new Map(Object.entries(COUNTRY_REGIONS).flatMap(([region, codes]) => codes.map((c) => [c, region] as const)));

export function specialtyGroup(code: string): string {
  return code === ANY ? ANY : (groupOfSpecialty.get(code) ?? 'other-specialties');
}

export function countryRegion(code: string): string {
  return code === ANY ? ANY : (regionOfCountry.get(code) ?? OTHER_REGION);
}

/** The released quasi-identifiers of one row; a dropped part is absent. */
export interface Released {
  specialty?: string;
  specialtyGroup?: string;
  country?: string;
  region?: string;
  yearsBand?: string;
}

export const RUNGS = [
  { rung: 0, describe: 'specialty, country, years band' },
  { rung: 1, describe: 'specialty, country' },
  { rung: 2, describe: 'specialty, region' },
  { rung: 3, describe: 'specialty group, region' },
] as const;

/** What a stored segment ("specialty|country|band") releases at a rung. */
export function releasedAt(segment: string, rung: number): Released {
  const [specialty = ANY, country = ANY, band = ANY] = segment.split('|');
  if (rung === 0) return { specialty, country, yearsBand: band };
  if (rung === 1) return { specialty, country };
  if (rung === 2) return { specialty, region: countryRegion(country) };
  return { specialtyGroup: specialtyGroup(specialty), region: countryRegion(country) };
}

const keyOf = (r: Released) => [r.specialty, r.specialtyGroup, r.country, r.region, r.yearsBand].join('|');

export interface Generalisation {
  rung: number;
  /** Per input row, in input order: what it releases, or null when it is suppressed. */
  released: Array<Released | null>;
  suppressed: number;
}

/**
 * The first rung at which every combination holds at least k rows; at the last rung, rows of
 * smaller combinations are suppressed (null). With fewer than k rows in all, every row is.
 */
export function generalise(segments: readonly string[], k: number): Generalisation {
  const last = RUNGS.length - 1;
  for (let rung = 0; rung <= last; rung++) {
    const released = segments.map((s) => releasedAt(s, rung));
    const counts = new Map<string, number>();
    for (const r of released) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
    const small = released.filter((r) => counts.get(keyOf(r))! < k).length;
    if (small === 0) return { rung, released, suppressed: 0 };
    if (rung === last) {
      return { rung, released: released.map((r) => (counts.get(keyOf(r))! < k ? null : r)), suppressed: small };
    }
  }
  throw new Error('unreachable');
}
