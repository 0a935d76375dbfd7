import { describe, expect, it } from 'vitest';
import { labelOf, sortSpecialties, specialtyLabels } from './specialties.ts';

const fr = [
  { code: 'general-practice', label: 'Médecine générale' },
  { code: 'allergy-immunology', label: 'Allergologie' },
  { code: 'emergency-medicine', label: 'Médecine d’urgence' },
  { code: 'ent', label: 'ORL et chirurgie cervico-faciale' },
  { code: 'endocrinology', label: 'Endocrinologie' },
];

describe('sortSpecialties', () => {
  it('sorts by label in the reader’s language, accents included', () => {
    expect(sortSpecialties(fr, 'fr').map((s) => s.label)).toEqual([
      'Allergologie',
      'Endocrinologie',
      'Médecine d’urgence',
      'Médecine générale',
      'ORL et chirurgie cervico-faciale',
    ]);
  });

  it('leaves the given list alone', () => {
    sortSpecialties(fr, 'fr');
    expect(fr[0]?.code).toBe('general-practice');
  });
});

describe('labelOf', () => {
  it('names a code, or shows an unknown one as it is', () => {
    const labels = specialtyLabels(fr);
    expect(labelOf(labels, 'ent')).toBe('ORL et chirurgie cervico-faciale');
    expect(labelOf(labels, 'astrology')).toBe('astrology');
    expect(labelOf(labels, 'constructor')).toBe('constructor');
  });
});
